import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_MISUSE_MARK_DAYS, MISUSE_KINDS, MISUSE_STATES, REFERRAL_TARGETS } from '../../core/flags/misuse.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { audit } from '../audit/record.ts';
import type { Queryable } from '../db/connection.ts';
import { conflict, forbidden, invalid, notFound } from '../http/errors.ts';
import { day, uuid, uuidParams } from '../http/schemas.ts';
import { MARK_SELECT, presentMark, type MarkRow } from './marks.ts';

const PG_UNIQUE_VIOLATION = '23505';
const DAY_MS = 86_400_000;

/** Who proposes a mark and records a referral; who reviews (a second person: never the proposer). */
const PROPOSERS = ['supervisor', 'dispatcher'] as const;
const REVIEWERS = ['supervisor'] as const;
const READERS = ['supervisor', 'dispatcher', 'admin'] as const;

const reason = (label: string) => z.string({ error: `请写明${label}` }).trim().min(4, `${label}至少 4 个字`).max(1000, `${label}不能超过 1000 字`);

const propose = z
  .object({
    /** The number to mark; or the ticket whose caller it is (the number then never passes through the page). */
    phone: z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确').optional(),
    ticketId: uuid.optional(),
    kind: z.enum(MISUSE_KINDS, `情形应为 ${MISUSE_KINDS.join('、')} 之一`),
    reason: reason('标记理由'),
  })
  .strict();
const review = z.object({ note: z.string().trim().max(1000, '审核意见不能超过 1000 字').optional(), version: z.number().int().positive().optional() }).strict();
const rejectBody = z.object({ note: reason('不予通过的理由'), version: z.number().int().positive().optional() }).strict();
const revokeBody = z.object({ reason: reason('撤销理由'), version: z.number().int().positive().optional() }).strict();
const referralBody = z
  .object({
    to: z.enum(REFERRAL_TARGETS, '移送机关应为 police（公安机关）或 judicial（司法机关）'),
    on: day().describe('移送日期 YYYY-MM-DD'),
    reference: z.string().trim().max(100, '回执或案件编号不能超过 100 字').optional(),
    note: z.string().trim().max(1000, '说明不能超过 1000 字').optional(),
  })
  .strict();

/**
 * 恶意、骚扰来电标记 (重庆 第二十六条; 凉山 第九条（五）、第二十四条; 邵阳 第十条（九）、第二十九条): a
 * supervisor or dispatcher proposes marking a caller's number with the kind and the reason; a second
 * person — a supervisor, never the proposer — approves or rejects it; an approved mark is in force for
 * MISUSE_MARK_DAYS by the app's clock, may be revoked earlier, and carries the referrals to 公安机关 or
 * 司法机关 it led to. While in force the agent desk warns when the number calls (GET /api/caller-marks);
 * it never refuses the call or a genuine request. Every change is an audit record in the change's own
 * transaction; the number is stored sealed and never written in clear to a record or a log.
 */
export function misuseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const days = () => ctx.misuseMarkDays ?? DEFAULT_MISUSE_MARK_DAYS;
  const center = (actor: Actor, roles: readonly string[], message: string) => {
    if (!(actor.isCenter && hasRole(actor, ...(roles as Actor['roles'])))) throw forbidden(message);
  };

  const load = async (tx: Queryable, id: string): Promise<MarkRow> => {
    const { rows } = await tx.query<MarkRow>(`${MARK_SELECT} WHERE m.id = $1 FOR UPDATE OF m`, [id]);
    if (!rows[0]) throw notFound('标记不存在');
    return rows[0];
  };
  /** A change to one mark: locked, checked, written, audited, in one transaction; answers the mark as it is now. */
  const change = async (actor: Actor, id: string, action: string, version: number | undefined, run: (m: MarkRow, tx: Queryable) => Promise<Record<string, unknown>>) =>
    ctx.db.transaction(async (tx) => {
      const m = await load(tx, id);
      if (version !== undefined && version !== m.version) throw conflict(`标记已被他人更新（当前版本 ${m.version}），请刷新后重试`, 'stale_version');
      const detail = await run(m, tx);
      await audit(tx, { action: `misuse.${action}`, at: ctx.now(), actor, objectType: 'misuse-mark', objectId: id, ...(m.ticket_id ? { ticketId: m.ticket_id } : {}), detail: { phone: maskPhone(ctx.vault.open(m.phone)), kind: m.kind, ...detail } });
      return presentMark(await load(tx, id), ctx.vault, ctx.now());
    });

  r.get(
    '/api/misuse-marks',
    {
      schema: {
        tags: ['恶意来电'],
        summary: '恶意、骚扰来电标记（待审核、生效中、已到期、未通过、已撤销；号码脱敏）',
        querystring: z
          .object({
            state: z.enum([...MISUSE_STATES, 'all'], `状态应为 ${[...MISUSE_STATES, 'all'].join('、')} 之一`).default('all'),
            page: z.coerce.number().int().min(1).max(100_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
          })
          .strict(),
      },
    },
    async (request) => {
      center(request.actor!, READERS, '恶意来电标记仅限热线中心的督办员、派单员和系统管理员查看');
      const { state, page, pageSize } = request.query;
      const params: unknown[] = [pageSize, (page - 1) * pageSize];
      const now = () => `$${params.push(new Date(ctx.now()))}`;
      // the state at the app's clock: approved marks are in force until expires_at, then lapsed
      const where =
        state === 'all' ? 'true'
        : state === 'active' ? `m.status = 'approved' AND m.expires_at > ${now()}`
        : state === 'expired' ? `m.status = 'approved' AND m.expires_at <= ${now()}`
        : `m.status = '${state}'`;
      const { rows } = await ctx.db.query<MarkRow & { total: number }>(
        `${MARK_SELECT.replace('SELECT m.*', 'SELECT m.*, count(*) OVER ()::int AS total')}
          WHERE ${where}
          ORDER BY (m.status = 'proposed') DESC, m.proposed_at DESC, m.id
          LIMIT $1 OFFSET $2`,
        params,
      );
      return { total: rows[0]?.total ?? 0, page, pageSize, days: days(), items: rows.map((m) => presentMark(m, ctx.vault, ctx.now())) };
    },
  );

  r.post('/api/misuse-marks', { schema: { tags: ['恶意来电'], summary: '提出恶意、骚扰来电标记（督办员、派单员；由另一名督办员审核）', body: propose } }, async (request, reply) => {
    const actor = request.actor!;
    center(actor, PROPOSERS, '只有热线中心的督办员、派单员可以提出恶意来电标记');
    const b = request.body;
    if (!b.phone === !b.ticketId) throw invalid('请给出来电号码或工单（二者选一）', [{ path: b.phone ? 'ticketId' : 'phone', message: '号码和工单只填一项' }]);
    const mark = await ctx.db.transaction(async (tx) => {
      let sealed: string | null;
      let idx: string | null;
      if (b.ticketId) {
        const { rows } = await tx.query<{ caller_phone: string | null; caller_phone_idx: string | null }>('SELECT caller_phone, caller_phone_idx FROM tickets WHERE id = $1', [b.ticketId]);
        if (!rows[0]) throw invalid('工单不存在', [{ path: 'ticketId', message: '工单不存在' }]);
        if (!rows[0].caller_phone || !rows[0].caller_phone_idx) throw invalid('该工单没有来电号码，无法标记', [{ path: 'ticketId', message: '无来电号码' }]);
        sealed = rows[0].caller_phone;
        idx = rows[0].caller_phone_idx;
      } else {
        idx = ctx.vault.phoneIndex(b.phone);
        if (!idx) throw invalid('电话号码格式不正确', [{ path: 'phone', message: '无法识别的号码' }]);
        sealed = ctx.vault.seal(b.phone);
      }
      const inForce = await tx.query('SELECT 1 FROM misuse_marks WHERE phone_idx = $1 AND status = $2 AND expires_at > $3', [idx, 'approved', new Date(ctx.now())]);
      if (inForce.rows.length) throw conflict('该号码已有生效中的标记');
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO misuse_marks (phone, phone_idx, kind, reason, ticket_id, status, proposed_by, proposed_by_name, proposed_at)
         VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $8) RETURNING id`,
        [sealed, idx, b.kind, b.reason, b.ticketId ?? null, actor.id, actor.displayName, new Date(ctx.now())],
      );
      const id = rows[0]!.id;
      await audit(tx, { action: 'misuse.propose', at: ctx.now(), actor, objectType: 'misuse-mark', objectId: id, ...(b.ticketId ? { ticketId: b.ticketId } : {}), detail: { phone: maskPhone(ctx.vault.open(sealed)), kind: b.kind, reason: b.reason } });
      return presentMark(await load(tx, id), ctx.vault, ctx.now());
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === PG_UNIQUE_VIOLATION) throw conflict('该号码已有待审核的标记');
      throw error;
    });
    reply.status(201);
    return mark;
  });

  /** The review: a supervisor other than the one who proposed it, on a mark still waiting. */
  const reviewable = (actor: Actor, m: MarkRow) => {
    if (m.proposed_by === actor.id) throw forbidden('不能审核自己提出的标记，须由另一名督办员审核');
    if (m.status !== 'proposed') throw conflict('该标记已审核');
  };

  r.post('/api/misuse-marks/:id/approve', { schema: { tags: ['恶意来电'], summary: `审核通过恶意来电标记（另一名督办员；生效 MISUSE_MARK_DAYS 天，默认 ${DEFAULT_MISUSE_MARK_DAYS} 天）`, params: uuidParams, body: review } }, async (request) => {
    const actor = request.actor!;
    center(actor, REVIEWERS, '只有热线中心的督办员可以审核恶意来电标记');
    return change(actor, request.params.id, 'approve', request.body.version, async (m, tx) => {
      reviewable(actor, m);
      const expires = new Date(ctx.now() + days() * DAY_MS);
      await tx.query(
        `UPDATE misuse_marks SET status = 'approved', reviewed_by = $2, reviewed_by_name = $3, reviewed_at = $4, review_note = $5, expires_at = $6, version = version + 1 WHERE id = $1`,
        [m.id, actor.id, actor.displayName, new Date(ctx.now()), request.body.note ?? null, expires],
      );
      return { note: request.body.note ?? null, expiresAt: expires.toISOString() };
    });
  });

  r.post('/api/misuse-marks/:id/reject', { schema: { tags: ['恶意来电'], summary: '不予通过恶意来电标记（另一名督办员，写明理由）', params: uuidParams, body: rejectBody } }, async (request) => {
    const actor = request.actor!;
    center(actor, REVIEWERS, '只有热线中心的督办员可以审核恶意来电标记');
    return change(actor, request.params.id, 'reject', request.body.version, async (m, tx) => {
      reviewable(actor, m);
      await tx.query(`UPDATE misuse_marks SET status = 'rejected', reviewed_by = $2, reviewed_by_name = $3, reviewed_at = $4, review_note = $5, version = version + 1 WHERE id = $1`, [
        m.id, actor.id, actor.displayName, new Date(ctx.now()), request.body.note,
      ]);
      return { note: request.body.note };
    });
  });

  r.post('/api/misuse-marks/:id/revoke', { schema: { tags: ['恶意来电'], summary: '撤销生效中的恶意来电标记（督办员，写明理由）', params: uuidParams, body: revokeBody } }, async (request) => {
    const actor = request.actor!;
    center(actor, REVIEWERS, '只有热线中心的督办员可以撤销恶意来电标记');
    return change(actor, request.params.id, 'revoke', request.body.version, async (m, tx) => {
      if (m.status !== 'approved' || (m.expires_at && m.expires_at.getTime() <= ctx.now())) throw conflict('只能撤销生效中的标记');
      await tx.query(`UPDATE misuse_marks SET status = 'revoked', revoked_by_name = $2, revoked_at = $3, revoke_reason = $4, version = version + 1 WHERE id = $1`, [
        m.id, actor.displayName, new Date(ctx.now()), request.body.reason,
      ]);
      return { reason: request.body.reason };
    });
  });

  r.post('/api/misuse-marks/:id/referrals', { schema: { tags: ['恶意来电'], summary: '记录移送公安机关、司法机关的情况（督办员、派单员；仅限已审核通过的标记）', params: uuidParams, body: referralBody } }, async (request) => {
    const actor = request.actor!;
    center(actor, PROPOSERS, '只有热线中心的督办员、派单员可以记录移送情况');
    const b = request.body;
    return change(actor, request.params.id, 'referral', undefined, async (m, tx) => {
      if (m.status !== 'approved' && m.status !== 'revoked') throw conflict('只有审核通过的标记可以记录移送情况');
      const referral = { to: b.to, on: b.on, reference: b.reference || null, note: b.note || null, by: actor.displayName, at: new Date(ctx.now()).toISOString() };
      await tx.query(`UPDATE misuse_marks SET referrals = referrals || $2::jsonb, version = version + 1 WHERE id = $1`, [m.id, JSON.stringify([referral])]);
      return { referral: { to: b.to, on: b.on, reference: b.reference ?? null } };
    });
  });
}
