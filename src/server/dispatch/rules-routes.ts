import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CATEGORIES } from '../../core/categories.ts';
import { ROUTABLE_UNIT_KINDS } from '../../core/dispatch/routing.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { uuid } from '../tickets/schemas.ts';
import { deleteRule, getRule, insertRule, listRules, updateRule, type RuleInput } from './rules-store.ts';

const KNOWN_CATEGORIES = new Set(CATEGORIES.flatMap((c) => [c.value, ...(c.children ?? []).map((x) => x.value)]));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

const ruleSchema = z
  .object({
    category: z.string().trim().refine((c) => KNOWN_CATEGORIES.has(c), '分类不存在，应为“一级”或“一级/二级”分类'),
    regionCode: z
      .string()
      .trim()
      .regex(/^\d{6}(\d{3}){0,2}$/, '区划代码应为 6、9 或 12 位数字（GB/T 2260）')
      .nullish()
      .transform((v) => v || null),
    unitId: uuid.nullish().transform((v) => v ?? null),
    unitKind: z.enum(ROUTABLE_UNIT_KINDS as [string, ...string[]], '单位类型应为区县、职能部门、街道/乡镇、社区或企业').nullish().transform((v) => v ?? null),
    duty: optionalText(50),
    note: optionalText(200),
  })
  .strict()
  .refine((r) => (r.unitId === null) !== (r.unitKind === null), { message: '请指定承办单位，或指定属地单位类型（二选一）', path: ['unitId'] });

const ruleParams = z.object({ id: uuid }).strict();

async function checkUnit(db: Queryable, rule: RuleInput): Promise<void> {
  if (!rule.unitId) return;
  const { rows } = await db.query<{ kind: string }>('SELECT kind FROM units WHERE id = $1', [rule.unitId]);
  if (!rows[0]) throw invalid('承办单位不存在', [{ path: 'unitId', message: '单位不存在' }]);
  if (rows[0].kind === 'center') throw invalid('不能派给热线中心自身', [{ path: 'unitId', message: '热线中心' }]);
}

/** The 派单目录: read by center staff, edited by admins (CQ 第十二条, LS 第十一条: 属地 and 属事). */
export function routingRuleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const mustRead = (a: Actor) => {
    if (!a.isCenter) throw forbidden('派单目录仅限热线中心');
  };
  const mustEdit = (a: Actor) => {
    if (!hasRole(a, 'admin')) throw forbidden('只有管理员可以修改派单目录');
  };

  r.get('/api/routing-rules', { schema: { tags: ['派单'], summary: '派单目录' } }, async (request) => {
    mustRead(request.actor!);
    return listRules(ctx.db);
  });

  r.post('/api/routing-rules', { schema: { tags: ['派单'], summary: '新增派单目录条目', body: ruleSchema } }, async (request, reply) => {
    mustEdit(request.actor!);
    const input = request.body as RuleInput;
    const id = await ctx.db.transaction(async (tx) => {
      await checkUnit(tx, input);
      return insertRule(tx, input, request.actor!.id);
    });
    reply.status(201);
    return getRule(ctx.db, id);
  });

  r.put('/api/routing-rules/:id', { schema: { tags: ['派单'], summary: '修改派单目录条目', params: ruleParams, body: ruleSchema } }, async (request) => {
    mustEdit(request.actor!);
    const input = request.body as RuleInput;
    await ctx.db.transaction(async (tx) => {
      await checkUnit(tx, input);
      if (!(await updateRule(tx, request.params.id, input, request.actor!.id))) throw notFound('派单目录条目不存在');
    });
    return getRule(ctx.db, request.params.id);
  });

  r.delete('/api/routing-rules/:id', { schema: { tags: ['派单'], summary: '删除派单目录条目', params: ruleParams } }, async (request, reply) => {
    mustEdit(request.actor!);
    if (!(await deleteRule(ctx.db, request.params.id))) throw notFound('派单目录条目不存在');
    reply.status(204);
  });
}
