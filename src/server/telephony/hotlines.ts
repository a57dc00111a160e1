import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answersAt, serviceHoursLabel, serviceHoursSchema, type ServiceHours } from '../../core/telephony/service-hours.ts';
import { HOTLINE_KIND_LABELS, HOTLINE_KINDS, HOTLINE_KINDS_WITH_UNIT, type HotlineKind } from '../../core/telephony/transfers.ts';
import type { AppContext } from '../app.ts';
import { requireAdmin } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { invalid, notFound } from '../http/errors.ts';
import { uuid, uuidParams } from '../http/schemas.ts';

/**
 * 热线号码目录 (issue 14 item 7; SC 附件): 12345, the hotlines merged into it (整体并入) or running beside
 * it (双号并行, 12366, 12333 …), the sub-centres (分中心) with the unit that runs each, its number and hours
 * (凉山 第六条（一）: 与 12345 热线建立电话转接机制，提供“7×24 小时”全天候人工服务), and the emergency lines
 * 110/119/120/122 with the linkage agreed with them (邵阳 第七条). Read by every signed-in user (the desk
 * transfers from it); kept by the system administrator.
 */

const NUMBER = /^[0-9]{3,20}$/;
const number = (what: string) => z.string().trim().regex(NUMBER, `${what}应为 3–20 位数字`);

export const hotlineBody = z
  .object({
    number: number('号码'),
    name: z.string().trim().min(1, '请填写名称').max(60, '名称最多 60 个字'),
    kind: z.enum(HOTLINE_KINDS, '类型应为 main、merged（整体并入）、parallel（双号并行）、subcentre（分中心）或 emergency（紧急热线）'),
    unitId: uuid.nullish(),
    transferNumber: number('转接号码').nullish(),
    hours: serviceHoursSchema.default({ aroundTheClock: true }),
    linkage: z.string().trim().max(300, '联动机制说明最多 300 个字').nullish(),
    note: z.string().trim().max(200, '备注最多 200 个字').nullish(),
    active: z.boolean().default(true),
  })
  .strict();
type HotlineBody = z.infer<typeof hotlineBody>;

interface HotlineRow {
  id: string;
  number: string;
  name: string;
  kind: HotlineKind;
  unit_id: string | null;
  unit_name: string | null;
  transfer_number: string | null;
  hours: ServiceHours;
  linkage: string | null;
  note: string | null;
  active: boolean;
}

const SELECT = `SELECT h.id, h.number, h.name, h.kind, h.unit_id, u.name AS unit_name, h.transfer_number, h.hours, h.linkage, h.note, h.active
  FROM hotlines h LEFT JOIN units u ON u.id = h.unit_id`;

export function presentHotline(h: HotlineRow, now: number) {
  return {
    id: h.id,
    number: h.number,
    name: h.name,
    kind: h.kind,
    kindLabel: HOTLINE_KIND_LABELS[h.kind],
    unitId: h.unit_id,
    unitName: h.unit_name,
    transferNumber: h.transfer_number,
    hours: h.hours,
    hoursLabel: serviceHoursLabel(h.hours),
    answersNow: answersAt(h.hours, now),
    linkage: h.linkage,
    note: h.note,
    active: h.active,
  };
}
export type PresentedHotline = ReturnType<typeof presentHotline>;

/** The directory's line of a number dialled or transferred to (its own number or its transfer number). */
export async function hotlineOfNumber(db: Queryable, number: string | null | undefined): Promise<HotlineRow | null> {
  if (!number) return null;
  const { rows } = await db.query<HotlineRow>(`${SELECT} WHERE h.number = $1 OR h.transfer_number = $1 ORDER BY (h.number = $1) DESC, h.active DESC LIMIT 1`, [number]);
  return rows[0] ?? null;
}

export async function hotlineById(db: Queryable, id: string): Promise<HotlineRow> {
  const { rows } = await db.query<HotlineRow>(`${SELECT} WHERE h.id = $1`, [id]);
  if (!rows[0]) throw notFound('该热线号码不在目录中');
  return rows[0];
}

/** Names of the directory's numbers, for statistics cut per number dialled. */
export async function hotlineNames(db: Queryable): Promise<Record<string, string>> {
  const { rows } = await db.query<{ number: string; name: string }>('SELECT number, name FROM hotlines');
  return Object.fromEntries(rows.map((r) => [r.number, r.name]));
}

/** What the schema cannot check alone: a unit for the lines a unit runs, that unit, a number not taken. */
async function check(tx: Queryable, b: HotlineBody, id: string | null): Promise<void> {
  // the unit that runs a sub-centre answers for the matters 12345 transfers to it (凉山 第六条（三）)
  if (HOTLINE_KINDS_WITH_UNIT.includes(b.kind) && !b.unitId) {
    throw invalid(`${HOTLINE_KIND_LABELS[b.kind]}须指定主管（承办）单位：转办给它的诉求由该单位按时办理`, [{ path: 'unitId', message: '请选择单位' }]);
  }
  if (b.unitId) {
    const { rows } = await tx.query<{ active: boolean }>('SELECT active FROM units WHERE id = $1', [b.unitId]);
    if (!rows[0]) throw invalid('单位不存在', [{ path: 'unitId', message: '单位不存在' }]);
  }
  const taken = await tx.query<{ id: string; name: string }>('SELECT id, name FROM hotlines WHERE number = $1 AND id IS DISTINCT FROM $2::uuid', [b.number, id]);
  if (taken.rows[0]) throw invalid(`号码 ${b.number} 已在目录中（${taken.rows[0].name}）`, [{ path: 'number', message: '号码已存在' }]);
}

const values = (b: HotlineBody) => [b.number, b.name, b.kind, b.unitId ?? null, b.transferNumber ?? null, JSON.stringify(b.hours), b.linkage || null, b.note || null, b.active];

export function hotlineRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/hotlines',
    {
      schema: {
        tags: ['话务'],
        summary: '热线号码目录：12345、整体并入与双号并行的热线、分中心（主管单位、号码、服务时间）、110/119/120/122 及联动机制',
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }).strict(),
      },
    },
    async (request) => {
      // stopped lines are kept for the record; the administrator sees them, the desk does not
      const all = request.query.all === 'true' && request.actor!.roles.includes('admin');
      const { rows } = await ctx.db.query<HotlineRow>(
        `${SELECT} WHERE ($1 OR h.active) ORDER BY array_position(ARRAY['main','subcentre','merged','parallel','emergency'], h.kind), h.number`,
        [all],
      );
      const now = ctx.now();
      return { items: rows.map((h) => presentHotline(h, now)), mayEdit: request.actor!.roles.includes('admin') };
    },
  );

  r.post('/api/admin/hotlines', { schema: { tags: ['话务'], summary: '新增热线号码（系统管理员）', body: hotlineBody } }, async (request, reply) => {
    requireAdmin(request.actor!);
    const b = request.body;
    const row = await ctx.db.transaction(async (tx) => {
      await check(tx, b, null);
      const now = new Date(ctx.now());
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO hotlines (number, name, kind, unit_id, transfer_number, hours, linkage, note, active, created_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id`,
        [...values(b), now, request.actor!.id],
      );
      return hotlineById(tx, rows[0]!.id);
    });
    reply.status(201);
    return presentHotline(row, ctx.now());
  });

  r.put('/api/admin/hotlines/:id', { schema: { tags: ['话务'], summary: '修改热线号码（系统管理员）', params: uuidParams, body: hotlineBody } }, async (request) => {
    requireAdmin(request.actor!);
    const b = request.body;
    const row = await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ kind: HotlineKind; number: string }>('SELECT kind, number FROM hotlines WHERE id = $1 FOR UPDATE', [request.params.id]);
      if (!rows[0]) throw notFound('该热线号码不在目录中');
      if (rows[0].kind === 'main' && (b.kind !== 'main' || !b.active)) throw invalid('12345 主号不能改为其他类型或停用', [{ path: 'kind', message: '主号不可更改类型' }]);
      await check(tx, b, request.params.id);
      await tx.query(
        `UPDATE hotlines SET number = $1, name = $2, kind = $3, unit_id = $4, transfer_number = $5, hours = $6, linkage = $7, note = $8, active = $9,
                updated_by = $10, updated_at = $11 WHERE id = $12`,
        [...values(b), request.actor!.id, new Date(ctx.now()), request.params.id],
      );
      return hotlineById(tx, request.params.id);
    });
    return presentHotline(row, ctx.now());
  });

  r.delete('/api/admin/hotlines/:id', { schema: { tags: ['话务'], summary: '删除热线号码（系统管理员；已有转接记录的请停用）', params: uuidParams } }, async (request) => {
    requireAdmin(request.actor!);
    await ctx.db.transaction(async (tx) => {
      const row = await hotlineById(tx, request.params.id);
      if (row.kind === 'main') throw invalid('12345 主号不能删除', [{ path: 'id', message: '主号不可删除' }]);
      const used = await tx.query('SELECT 1 FROM call_transfers WHERE hotline_id = $1 LIMIT 1', [row.id]);
      if (used.rows.length) throw invalid(`${row.name}已有转接记录，不能删除；请改为停用`, [{ path: 'id', message: '已有转接记录' }]);
      await tx.query('DELETE FROM hotlines WHERE id = $1', [row.id]);
    });
    return { ok: true };
  });
}
