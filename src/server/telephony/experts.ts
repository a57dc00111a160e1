import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answersAt, serviceHoursLabel, serviceHoursSchema, type ServiceHours } from '../../core/telephony/service-hours.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import { coversUnit, hasRole, type Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { uuid, uuidParams } from '../http/schemas.ts';

/**
 * 专家座席: the experts a unit designates for the hotline — name, topics, an extension or phone, hours on
 * duty — whom an agent brings into a three-way call or transfers a caller to (大足 第四条（五）按需设置专家
 * 座席并做好专家选派和管理工作; 凉山 第七条（五）按需设置专家座席，建立专家选派和管理长效机制; 邵阳 第六条（五）
 * 设置专家坐席的要建立本行业专家选派和管理长效机制). The unit's 单位管理员 (or the system administrator)
 * keeps its list; the unit's people see who their experts are; the center finds them for a matter.
 */

const phone = z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, '电话只能含数字、空格和 + - ( )');
export const expertBody = z
  .object({
    name: z.string().trim().min(1, '请填写专家姓名').max(50, '姓名最多 50 个字'),
    title: z.string().trim().max(60, '职务职称最多 60 个字').nullish(),
    topics: z.array(z.string().trim().min(1, '专业领域不能为空').max(30, '每个专业领域最多 30 个字')).min(1, '请至少填写一个专业领域').max(20, '专业领域最多 20 个'),
    extension: z.string().trim().regex(/^[0-9A-Za-z*#-]{1,20}$/, '分机号只能包含数字、字母和 * # -').nullish(),
    phone: phone.nullish(),
    hours: serviceHoursSchema.default({ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:30' }),
    note: z.string().trim().max(200, '说明最多 200 个字').nullish(),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((e) => e.extension || e.phone, { message: '请填写分机号或联系电话，热线才能转接或三方通话', path: ['extension'] });
type ExpertBody = z.infer<typeof expertBody>;

export interface ExpertRow {
  id: string;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  name: string;
  title: string | null;
  topics: string[];
  extension: string | null;
  phone: string | null;
  hours: ServiceHours;
  note: string | null;
  active: boolean;
}

const SELECT = `SELECT e.id, e.unit_id, u.name AS unit_name, u.path AS unit_path, e.name, e.title, e.topics, e.extension, e.phone, e.hours, e.note, e.active
  FROM expert_seats e JOIN units u ON u.id = e.unit_id`;

/** 系统管理员 for any unit; a unit's own 单位管理员 for its experts (the unit 选派 and 管理 them). */
export function mayEditExperts(actor: Actor, unitId: string): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'unit_admin') && actor.unit.id === unitId);
}

function requireEditor(actor: Actor, unit: { id: string; name: string }): void {
  if (!mayEditExperts(actor, unit.id)) throw forbidden(`只有系统管理员或「${unit.name}」的单位管理员可以维护该单位的专家座席`);
}

export function presentExpert(actor: Actor, e: ExpertRow, now: number, matched: string[] = []) {
  // the center must reach the expert; the unit itself and those above it see its own numbers
  const full = actor.isCenter || coversUnit(actor, e.unit_path);
  return {
    id: e.id,
    unitId: e.unit_id,
    unitName: e.unit_name,
    name: e.name,
    title: e.title,
    topics: e.topics,
    extension: e.extension,
    phone: full ? e.phone : maskPhone(e.phone),
    hours: e.hours,
    hoursLabel: serviceHoursLabel(e.hours),
    onDutyNow: e.active && answersAt(e.hours, now),
    note: e.note,
    active: e.active,
    matched,
    mayEdit: mayEditExperts(actor, e.unit_id),
  };
}
export type PresentedExpert = ReturnType<typeof presentExpert>;

export async function expertById(db: Queryable, id: string, lock = false): Promise<ExpertRow> {
  const { rows } = await db.query<ExpertRow>(`${SELECT} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id]);
  if (!rows[0]) throw notFound('专家座席不存在');
  return rows[0];
}

/** The expert seat a number the platform transferred to belongs to (extension first, then phone). */
export async function expertOfNumber(db: Queryable, target: string | null | undefined): Promise<ExpertRow | null> {
  if (!target) return null;
  const { rows } = await db.query<ExpertRow>(`${SELECT} WHERE e.extension = $1 OR e.phone = $1 ORDER BY (e.extension = $1) DESC, e.active DESC LIMIT 1`, [target]);
  return rows[0] ?? null;
}

/** The topics of an expert found in the matter's words (or the words in a topic). */
export function topicsIn(topics: readonly string[], text: string): string[] {
  const t = text.trim();
  if (!t) return [];
  return topics.filter((topic) => t.includes(topic) || (t.length >= 2 && topic.includes(t)));
}

const values = (b: ExpertBody) => [b.name, b.title || null, [...new Set(b.topics)], b.extension || null, b.phone || null, JSON.stringify(b.hours), b.note || null, b.active];

async function unitFor(tx: Queryable, id: string): Promise<{ id: string; name: string; active: boolean }> {
  const { rows } = await tx.query<{ id: string; name: string; active: boolean }>('SELECT id, name, active FROM units WHERE id = $1 FOR SHARE', [id]);
  if (!rows[0]) throw notFound('单位不存在');
  return rows[0];
}

async function extensionFree(tx: Queryable, extension: string | null | undefined, id: string | null): Promise<void> {
  if (!extension) return;
  const seat = await tx.query<{ name: string }>('SELECT name FROM expert_seats WHERE extension = $1 AND id IS DISTINCT FROM $2::uuid', [extension, id]);
  const agent = await tx.query('SELECT 1 FROM agent_extensions WHERE extension = $1', [extension]);
  if (seat.rows[0] || agent.rows.length) {
    throw invalid(`分机 ${extension} 已被${seat.rows[0] ? `专家 ${seat.rows[0].name}` : '话务坐席'}使用`, [{ path: 'extension', message: '分机已被占用' }]);
  }
}

export function expertRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/experts',
    {
      schema: {
        tags: ['话务'],
        summary: '专家座席：热线中心查找全部（text 为诉求内容时按专业领域匹配，在岗者优先）；单位人员看到本单位及下级的专家',
        querystring: z
          .object({
            unitId: uuid.optional(),
            text: z.string().max(2000, '内容最多 2000 字').optional(),
            all: z.enum(['true', 'false']).optional(),
          })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const { unitId, text = '', all } = request.query;
      // a unit sees its own experts (and its sub-units'); the center sees every unit's
      const scope = actor.isCenter ? '' : actor.unit.path;
      const { rows } = await ctx.db.query<ExpertRow>(
        `${SELECT} WHERE u.path LIKE $1 || '%' AND ($2::uuid IS NULL OR e.unit_id = $2) AND ($3 OR e.active) ORDER BY u.path, e.name`,
        [scope, unitId ?? null, all === 'true'],
      );
      const now = ctx.now();
      const items = rows.map((e) => presentExpert(actor, e, now, topicsIn(e.topics, text)));
      // for a matter: those whose topics it names first, those on duty now before the others
      if (text.trim()) items.sort((a, b) => b.matched.length - a.matched.length || Number(b.onDutyNow) - Number(a.onDutyNow));
      const mayAddFor = hasRole(actor, 'admin') ? 'any' : hasRole(actor, 'unit_admin') ? actor.unit.id : null;
      return { items, mayAddFor };
    },
  );

  r.post(
    '/api/units/:id/experts',
    { schema: { tags: ['话务'], summary: '登记专家座席（系统管理员，或本单位的单位管理员）', params: uuidParams, body: expertBody } },
    async (request, reply) => {
      const actor = request.actor!;
      const b = request.body;
      const row = await ctx.db.transaction(async (tx) => {
        const unit = await unitFor(tx, request.params.id);
        requireEditor(actor, unit);
        if (!unit.active) throw invalid(`「${unit.name}」已停用，不再登记专家座席`);
        await extensionFree(tx, b.extension, null);
        const now = new Date(ctx.now());
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO expert_seats (name, title, topics, extension, phone, hours, note, active, unit_id, created_by, created_at, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11) RETURNING id`,
          [...values(b), unit.id, actor.id, now],
        );
        return expertById(tx, rows[0]!.id);
      });
      reply.status(201);
      return presentExpert(actor, row, ctx.now());
    },
  );

  r.put('/api/experts/:id', { schema: { tags: ['话务'], summary: '修改专家座席', params: uuidParams, body: expertBody } }, async (request) => {
    const actor = request.actor!;
    const b = request.body;
    const row = await ctx.db.transaction(async (tx) => {
      const old = await expertById(tx, request.params.id, true);
      requireEditor(actor, { id: old.unit_id, name: old.unit_name });
      await extensionFree(tx, b.extension, old.id);
      await tx.query(
        `UPDATE expert_seats SET name = $1, title = $2, topics = $3, extension = $4, phone = $5, hours = $6, note = $7, active = $8, updated_by = $9, updated_at = $10
          WHERE id = $11`,
        [...values(b), actor.id, new Date(ctx.now()), old.id],
      );
      return expertById(tx, old.id);
    });
    return presentExpert(actor, row, ctx.now());
  });

  r.delete('/api/experts/:id', { schema: { tags: ['话务'], summary: '删除专家座席（已有转接记录的请停用）', params: uuidParams } }, async (request) => {
    const actor = request.actor!;
    await ctx.db.transaction(async (tx) => {
      const old = await expertById(tx, request.params.id, true);
      requireEditor(actor, { id: old.unit_id, name: old.unit_name });
      const used = await tx.query('SELECT 1 FROM call_transfers WHERE expert_id = $1 LIMIT 1', [old.id]);
      if (used.rows.length) throw invalid(`专家 ${old.name} 已有转接记录，不能删除；请改为停用`, [{ path: 'id', message: '已有转接记录' }]);
      await tx.query('DELETE FROM expert_seats WHERE id = $1', [old.id]);
    });
    return { ok: true };
  });
}
