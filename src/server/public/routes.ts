import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import { TICKET_TYPES, TICKET_TYPE_LABELS, type TicketType } from '../../core/vocabulary.ts';
import type { AppContext } from '../app.ts';
import { AppError, conflict, notFound } from '../http/errors.ts';
import { announce } from '../live/bus.ts';
import { createTicket } from '../tickets/create.ts';
import { MAX_CONTENT } from '../tickets/schemas.ts';
import { appendEvent, loadAssignments, updateTicket, type TicketRow } from '../tickets/store.ts';
import { DEFAULT_GUESS_LIMIT, refundAttempt, reserveAttempt, type GuessLimit } from './guesses.ts';
import { normalizeQueryCode, QUERY_CODE_PATTERN, queryCodeMatches } from './query-code.ts';
import { checkPortalPhotos, MAX_PORTAL_PHOTOS, portalUploadRoutes } from './uploads.ts';
import { uuid } from '../http/schemas.ts';

// The public portal is the hotline's internet channel beside the telephone, open day and night
// (重庆 第二条 “12345”语音电话和互联网渠道、7×24 小时; 凉山 第二条 网站、微信、移动客户端; 邵阳 第二条).

/**
 * What the caller reads when the hotline closed the request itself: the direct answer, the refusal
 * with its basis and where to turn, the emergency line it went to, the written opinion of a
 * termination. Never the internal note of a referral or who wrote it.
 */
function publicOutcome(t: TicketRow): string | null {
  const o = (t.outcome ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  switch (t.status) {
    case 'answered':
    case 'closed':
    case 'archived':
      return o.kind === 'answer' ? s(o.answer) : null;
    case 'rejected':
      return [s(o.reason), s(o.basis) && `依据：${[s(o.basis), s(o.basisDetail)].filter(Boolean).join('，')}`, s(o.referral) && `建议向${s(o.referral)}反映`].filter(Boolean).join('；');
    case 'referred':
      return `您的诉求涉及紧急情况，已转 ${s(o.hotline)} 处理`;
    case 'terminated':
      return s(o.opinion) || null;
    default:
      return null;
  }
}

export interface PortalLimits {
  /** Web submissions per address and minute. */
  submitPerMinute?: number;
  /** Tracking and rating requests per address and minute, right code or wrong. */
  lookupsPerMinute?: number;
  /** Photo uploads per address and minute. */
  uploadsPerMinute?: number;
  /** Query-code attempts per ticket number and window, from all addresses together. */
  guesses?: GuessLimit;
}

const rateLimited = (message: string) => new AppError(429, 'rate_limited', message);

/**
 * The public portal's API (no login): submit a request on the web channel, follow it by number and
 * query code, rate the result. It never shows internal comments, handler names or other callers' data.
 */
export async function publicRoutes(app: FastifyInstance, ctx: AppContext, opts: PortalLimits = {}): Promise<void> {
  await portalUploadRoutes(app, ctx, opts.uploadsPerMinute ?? 20);
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: opts.submitPerMinute ?? 5,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, c) => rateLimited(`提交过于频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`),
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/public/tickets',
      {
        config: { public: true },
        schema: {
          tags: ['公众门户'],
          summary: '网上提交诉求（按来源地址限流）',
          body: z
            .object({
              caller: z.object({ name: z.string().trim().min(1, '请填写姓名').max(50), phone: z.string().trim().regex(/^1\d{10}$/, '请填写 11 位手机号码') }).strict(),
              type: z.enum(TICKET_TYPES),
              content: z.string().trim().min(10, '请把诉求写具体一些（至少 10 字）').max(MAX_CONTENT, `诉求内容不能超过 ${MAX_CONTENT} 字`),
              address: z.string().trim().max(300).optional(),
              anonymous: z.boolean().default(false),
              // photos sent first to /api/public/attachments
              attachments: z.array(uuid).max(MAX_PORTAL_PHOTOS, `每件诉求最多 ${MAX_PORTAL_PHOTOS} 张照片`).default([]),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const b = request.body;
        await checkPortalPhotos(ctx.db, b.attachments);
        const created = await createTicket(ctx, null, {
          channel: 'web',
          caller: b.caller,
          content: b.content,
          type: b.type,
          urgency: 'normal',
          address: b.address,
          anonymous: b.anonymous,
          confidential: false,
          complex: false,
          attachments: [...new Set(b.attachments)],
        });
        const { rows } = await ctx.db.query<{ number: string; query_code: string }>('SELECT number, query_code FROM tickets WHERE id = $1', [created.id]);
        reply.status(201);
        return { number: rows[0]!.number, queryCode: rows[0]!.query_code };
      },
    );
  });

  const lookup = z.object({ number: z.string().max(30, '工单编号过长').regex(/^\d{13,}$/, '工单编号应为数字') }).strict();
  // Typed off an SMS: case, spaces and hyphens do not matter; old tickets keep their 6-digit codes.
  const code = z
    .string()
    .max(40, '查询码格式不对')
    .overwrite(normalizeQueryCode)
    .regex(QUERY_CODE_PATTERN, '查询码为短信中的 10 位字母数字（早先的工单为 6 位数字）');
  const guesses = opts.guesses ?? DEFAULT_GUESS_LIMIT;

  /**
   * The ticket behind a number and code. Each try first takes one attempt from the number's budget
   * (shared by all addresses and instances, in the database); the right code gives it back.
   */
  async function findTicket(reply: FastifyReply, number: string, queryCode: string): Promise<TicketRow> {
    const reservation = await reserveAttempt(ctx.db, number, ctx.now(), guesses);
    if (!reservation.allowed) {
      reply.header('retry-after', String(reservation.retryAfterSeconds));
      throw rateLimited(`该工单查询码输错次数过多，请 ${Math.ceil(reservation.retryAfterSeconds / 60)} 分钟后再试；如忘记查询码请致电 12345`);
    }
    const { rows } = await ctx.db.query<TicketRow>('SELECT * FROM tickets WHERE number = $1', [number]);
    const t = rows[0];
    // The same answer and the same work for a wrong number and a wrong code: numbers cannot be probed.
    const matches = queryCodeMatches(t?.query_code ?? null, queryCode);
    if (!t || !matches) throw notFound('未找到该工单，请核对工单编号和查询码');
    await refundAttempt(ctx.db, number, reservation.windowStart);
    return t;
  }

  // Tracking and rating, per client address (request.ip: the real client when TRUST_PROXY is set).
  // This count lives in each instance's memory: it only slows one address down; the bound that holds
  // across instances is the per-number budget above, kept in the database.
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: opts.lookupsPerMinute ?? 10,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, c) => rateLimited(`查询过于频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`),
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/public/tickets/:number',
      { config: { public: true }, schema: { tags: ['公众门户'], summary: '凭工单编号和查询码查询办理进度', params: lookup, querystring: z.object({ code }).strict() } },
      async (request, reply) => {
        const t = await findTicket(reply, request.params.number, request.query.code);
        const assignments = await loadAssignments(ctx.db, t.id);
        const { rows: events } = await ctx.db.query<{ action: string; at: Date }>(
          `SELECT action, at FROM events WHERE ticket_id = $1 AND action IN ('register', 'dispatch', 'sign', 'reply', 'approve-completion', 'visit', 'answer', 'reject', 'refer', 'redo', 'terminate') ORDER BY at, id`,
          [t.id],
        );
        const PUBLIC_STEP: Record<string, string> = {
          register: '诉求已受理',
          dispatch: '已转交承办单位办理',
          sign: '承办单位已签收',
          reply: '承办单位已提交办理结果',
          'approve-completion': '办理结果已审核',
          visit: '已回访',
          answer: '已直接答复',
          reject: '不予受理',
          refer: '已转紧急热线',
          redo: '已安排重新办理',
          terminate: '已终结办理',
        };
        const seen = new Set<string>();
        const progress = events
          .filter((e) => (e.action === 'dispatch' || e.action === 'sign' || e.action === 'reply' ? !seen.has(e.action) && seen.add(e.action) : true))
          .map((e) => ({ at: formatInstant(e.at.getTime()), step: PUBLIC_STEP[e.action] ?? e.action }));
        const lead = assignments.find((a) => a.parent_id === null && a.reply && a.status !== 'returned');
        const finished = ['visiting', 'closed', 'archived'].includes(t.status);
        const rated = await ctx.db.query('SELECT 1 FROM events WHERE ticket_id = $1 AND action = \'caller-rating\' LIMIT 1', [t.id]);
        return {
          number: t.number,
          status: t.status,
          statusLabel: t.status === 'visiting' ? '已办结，待回访' : TICKET_STATUS_LABELS[t.status as TicketStatus],
          type: TICKET_TYPE_LABELS[t.type as TicketType],
          content: t.content,
          createdAt: formatInstant(t.created_at.getTime()),
          progress,
          // the result as the unit reported it to the caller — no names, no internal notes
          result: finished && lead?.reply ? String(lead.reply.result ?? '') : publicOutcome(t),
          // 好差评: the caller may rate once the unit has finished, whether or not the visitor has called
          canRate: finished && rated.rows.length === 0,
          satisfaction: t.satisfaction,
        };
      },
    );

    r.post(
      '/api/public/tickets/:number/rate',
      {
        config: { public: true },
        schema: {
          tags: ['公众门户'],
          summary: '办结后评价（不满意的由回访员人工回访）',
          params: lookup,
          body: z.object({ code, satisfaction: z.enum(['satisfied', 'basic', 'dissatisfied']), resolution: z.enum(['resolved', 'partly', 'unresolved']), comment: z.string().trim().max(1000).optional() }).strict(),
        },
      },
      async (request, reply) => {
        const b = request.body;
        const t = await findTicket(reply, request.params.number, b.code);
        const now = ctx.now();
        await ctx.db.transaction(async (tx) => {
          const locked = (await tx.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [t.id])).rows[0]!;
          const rated = await tx.query('SELECT 1 FROM events WHERE ticket_id = $1 AND action = \'caller-rating\' LIMIT 1', [t.id]);
          if (!['visiting', 'closed', 'archived'].includes(locked.status) || rated.rows.length) {
            throw conflict('该工单当前不能评价（办结后才能评价，且只能评价一次）', 'wrong_state');
          }
          const assignments = await loadAssignments(tx, t.id);
          const rating = { satisfaction: b.satisfaction, resolution: b.resolution, comment: b.comment ?? null, method: 'web' };
          await appendEvent(tx, { ticketId: t.id, action: 'caller-rating', actor: null, at: now, data: rating });
          // A satisfied rating before the visitor called closes the ticket; a dissatisfied one is followed
          // up by a person before anything is decided (凉山 第十三条（三）).
          if (locked.status === 'visiting' && b.satisfaction !== 'dissatisfied') {
            await updateTicket(tx, t.id, { status: 'closed', satisfaction: b.satisfaction, resolution: b.resolution, closure: 'normal', closed_at: new Date(now) }, now);
          } else {
            await updateTicket(tx, t.id, {}, now);
          }
          await announce(tx, { ticketId: t.id, status: locked.status, units: assignments.map((a) => a.unit_path) });
        });
        return { ok: true, message: b.satisfaction === 'dissatisfied' ? '感谢评价，我们将安排回访员与您联系' : '感谢您的评价' };
      },
    );
  });
}
