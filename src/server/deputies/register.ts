import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEPUTY_BODIES, DEPUTY_BODY_LABELS, DEPUTY_LEVELS, deputyTitle, type DeputyBody, type DeputyLevel } from '../../core/flags/deputies.ts';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { audit } from '../audit/record.ts';
import { conflict, forbidden, invalid, notFound } from '../http/errors.ts';
import { uuidParams } from '../http/schemas.ts';

const PG_UNIQUE_VIOLATION = '23505';

/** Who reads the register: the center's staff who take, dispatch, follow and report requests. */
export const REGISTER_READERS = ['admin', 'agent', 'dispatcher', 'supervisor', 'leader', 'analyst'] as const;

const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const phone = z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确');

const entry = z
  .object({
    name: z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(50, '姓名不能超过 50 字'),
    body: z.enum(DEPUTY_BODIES, '身份应为 npc（人大代表）或 cppcc（政协委员）'),
    level: z.enum(DEPUTY_LEVELS, '层级应为 national、provincial、city、county 或 township'),
    /** 届次, e.g. 第十七届. */
    term: text(30, '届次').optional(),
    /** 代表团 or 界别. */
    delegation: text(50, '代表团（界别）').optional(),
    phone: phone.nullable().optional(),
    note: text(500, '备注').optional(),
  })
  .strict();

const update = entry.extend({ active: z.boolean().optional() }).strict();

interface Row {
  id: string;
  name: string;
  body: DeputyBody;
  level: DeputyLevel;
  term: string | null;
  delegation: string | null;
  phone: string | null;
  note: string | null;
  active: boolean;
  updated_at: Date;
  requests: number;
}

export function mayReadRegister(actor: Actor): boolean {
  return actor.isCenter && hasRole(actor, ...REGISTER_READERS);
}

/**
 * 代表委员库 (邵阳 第十八条: 建立人大代表基本信息库): kept by the administrator, read by the center's staff.
 * Name and phone are sealed like a caller's; the phone is shown in full only to the administrator who
 * keeps the register (the others need to know who is a deputy, not to dial them), masked to everyone
 * else. Every change is an audit record written in its own transaction, the phone masked.
 */
export function deputyRegisterRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/deputies',
    {
      schema: {
        tags: ['代表委员'],
        summary: '代表委员库（姓名、身份、层级、届次、电话：系统管理员见完整号码，其他人脱敏）',
        querystring: z.object({ q: z.string().trim().max(50, '查询内容不能超过 50 字').optional(), active: z.enum(['true', 'false', 'all'], '状态应为 true、false 或 all').default('true') }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!mayReadRegister(actor)) throw forbidden('代表委员库仅限热线中心的系统管理员、话务员、派单员、督办员、领导和分析员查看');
      const { active, q } = request.query;
      const { rows } = await ctx.db.query<Row>(
        `SELECT d.id, d.name, d.body, d.level, d.term, d.delegation, d.phone, d.note, d.active, d.updated_at,
                (SELECT count(*)::int FROM tickets t WHERE t.deputy_id = d.id) AS requests
           FROM deputies d ${active === 'all' ? '' : 'WHERE d.active = $1'}`,
        active === 'all' ? [] : [active === 'true'],
      );
      const full = hasRole(actor, 'admin');
      const items = rows
        .map((d) => {
          const name = ctx.vault.open(d.name) ?? '';
          const number = ctx.vault.open(d.phone);
          return {
            id: d.id,
            name,
            body: d.body,
            bodyLabel: DEPUTY_BODY_LABELS[d.body],
            level: d.level,
            title: deputyTitle(d.body, d.level),
            term: d.term,
            delegation: d.delegation,
            phone: full ? number : maskPhone(number),
            note: d.note,
            active: d.active,
            requests: d.requests,
            updatedAt: formatInstant(d.updated_at.getTime()),
          };
        })
        .filter((d) => !q || d.name.includes(q) || (d.delegation ?? '').includes(q))
        .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'zh-CN'));
      return { items };
    },
  );

  const write = async (actor: Actor, action: 'create' | 'update', run: (tx: Queryable) => Promise<{ id: string; detail: Record<string, unknown> }>) => {
    if (!hasRole(actor, 'admin')) throw forbidden('只有系统管理员可以维护代表委员库');
    try {
      return await ctx.db.transaction(async (tx) => {
        const done = await run(tx);
        await audit(tx, { action: `deputy.${action}`, at: ctx.now(), actor, objectType: 'deputy', objectId: done.id, detail: done.detail });
        return done.id;
      });
    } catch (error) {
      if ((error as { code?: string }).code === PG_UNIQUE_VIOLATION) throw conflict('该电话号码已登记在一位在任的代表委员名下');
      throw error;
    }
  };
  /** What an audit record keeps of an entry: its fields, the phone masked, never the name in full. */
  const recorded = (b: Partial<z.infer<typeof update>>) => {
    const { name, phone: number, ...rest } = b;
    return { ...rest, ...(name !== undefined ? { name: '（已填写）' } : {}), ...(number !== undefined ? { phone: maskPhone(number) } : {}) };
  };

  r.post('/api/deputies', { schema: { tags: ['代表委员'], summary: '新增代表委员（系统管理员）', body: entry } }, async (request, reply) => {
    const b = request.body;
    const idx = b.phone ? ctx.vault.phoneIndex(b.phone) : null;
    if (b.phone && !idx) throw invalid('电话号码格式不正确', [{ path: 'phone', message: '无法识别的号码' }]);
    const now = new Date(ctx.now());
    const id = await write(request.actor!, 'create', async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO deputies (name, body, level, term, delegation, phone, phone_idx, note, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
        [ctx.vault.seal(b.name), b.body, b.level, b.term || null, b.delegation || null, ctx.vault.seal(b.phone ?? null), idx, b.note || null, request.actor!.id, now],
      );
      return { id: rows[0]!.id, detail: recorded(b) };
    });
    reply.status(201);
    return { id };
  });

  r.put('/api/deputies/:id', { schema: { tags: ['代表委员'], summary: '修改代表委员（系统管理员；phone 为 null 时清除，不填保留；active 停用或启用）', params: uuidParams, body: update } }, async (request) => {
    const b = request.body;
    const idx = b.phone ? ctx.vault.phoneIndex(b.phone) : null;
    if (b.phone && !idx) throw invalid('电话号码格式不正确', [{ path: 'phone', message: '无法识别的号码' }]);
    await write(request.actor!, 'update', async (tx) => {
      const found = await tx.query('SELECT 1 FROM deputies WHERE id = $1 FOR UPDATE', [request.params.id]);
      if (!found.rows.length) throw notFound('代表委员不存在');
      const keepPhone = b.phone === undefined;
      await tx.query(
        `UPDATE deputies SET name = $2, body = $3, level = $4, term = $5, delegation = $6, note = $7,
                phone = CASE WHEN $8 THEN phone ELSE $9 END, phone_idx = CASE WHEN $8 THEN phone_idx ELSE $10 END,
                active = COALESCE($11, active), updated_at = $12
          WHERE id = $1`,
        [request.params.id, ctx.vault.seal(b.name), b.body, b.level, b.term || null, b.delegation || null, b.note || null, keepPhone, ctx.vault.seal(b.phone ?? null), idx, b.active ?? null, new Date(ctx.now())],
      );
      return { id: request.params.id, detail: recorded(b) };
    });
    return { id: request.params.id };
  });
}
