import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { requireAdmin } from '../auth/actor.ts';
import { uuid, uuidParams } from '../http/schemas.ts';
import { addUnit, moveUnit, setReplyReview, setUnitActive, setUnitPreset, updateUnit } from './admin.ts';

// What an admin writes about a unit; every refusal is a 422 with the field, in Chinese.
const fields = {
  name: z.string().trim().min(2, '请填写单位名称（至少 2 个字）').max(100, '单位名称最多 100 个字'),
  // 'center' only for the root, which keeps it (admin.ts)
  kind: z.enum(['center', 'district', 'department', 'street', 'community', 'enterprise'], '请选择单位类型'),
  regionCode: z
    .string()
    .trim()
    .regex(/^(\d{6}(\d{3})?)?$/, '区划代码为 6 位（县级）或 9 位（乡级）数字')
    .nullish()
    .transform((s) => s || null),
  responsibilities: z.array(z.string().trim().min(1, '职责不能为空').max(50, '每项职责最多 50 个字')).max(50, '职责最多 50 项').default([]),
  contacts: z
    .array(
      z
        .object({
          name: z.string().trim().min(1, '请填写联系人姓名').max(50),
          phone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, '联系电话只能含数字、空格和 + - ( )'),
          title: z.string().trim().max(50).optional(),
        })
        .strict(),
    )
    .max(20, '联系人最多 20 位')
    .default([]),
};

/** 系统管理 · 单位: create, edit (contacts, duties, region code), move with the subtree, deactivate. */
export function unitAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/admin/units',
    { schema: { tags: ['系统管理'], summary: '新建承办单位', body: z.object({ parentId: uuid, ...fields }).strict() } },
    async (request, reply) => {
      requireAdmin(request.actor!);
      const { parentId, ...f } = request.body;
      const id = await ctx.db.transaction((tx) => addUnit(tx, parentId, f, ctx.now()));
      reply.status(201);
      return { id };
    },
  );

  r.put(
    '/api/admin/units/:id',
    { schema: { tags: ['系统管理'], summary: '修改单位：名称、类型、区划代码、职责、联系人', params: uuidParams, body: z.object(fields).strict() } },
    async (request) => {
      requireAdmin(request.actor!);
      await ctx.db.transaction((tx) => updateUnit(tx, request.params.id, request.body, ctx.now()));
      return { ok: true };
    },
  );

  r.post(
    '/api/admin/units/:id/move',
    {
      schema: {
        tags: ['系统管理'],
        summary: '调整上级单位（连同全部下级单位）；可见范围随之改变',
        params: uuidParams,
        body: z.object({ parentId: uuid }).strict(),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      return ctx.db.transaction((tx) => moveUnit(tx, request.params.id, request.body.parentId, ctx.now()));
    },
  );

  r.put(
    '/api/admin/units/:id/reply-review',
    {
      schema: {
        tags: ['系统管理'],
        summary: '本单位审核：该单位的答复是否须经本单位审核人（单位管理员）审核后才报出；null 为按当前预设',
        params: uuidParams,
        body: z.object({ required: z.boolean({ error: '请选择是否须经本单位审核' }).nullable() }).strict(),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      await ctx.db.transaction((tx) => setReplyReview(tx, request.params.id, request.body.required, ctx.now()));
      return { ok: true };
    },
  );

  r.put(
    '/api/admin/units/:id/preset',
    {
      schema: {
        tags: ['系统管理'],
        summary: '本单位及下级单位适用的时限预设（如大足区按 dazu-2021）；null 为沿用上级单位的预设',
        params: uuidParams,
        body: z.object({ preset: z.string({ error: '请选择时限预设' }).trim().min(1, '请选择时限预设').max(40).nullable() }).strict(),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      await ctx.db.transaction((tx) => setUnitPreset(tx, request.params.id, request.body.preset, ctx.now()));
      // this instance at once; the others on the notice sent with the change
      await ctx.presets.load(ctx.db);
      return { ok: true };
    },
  );

  for (const [action, active] of [['deactivate', false], ['activate', true]] as const) {
    r.post(
      `/api/admin/units/:id/${action}`,
      {
        schema: {
          tags: ['系统管理'],
          summary: active ? '启用单位' : '停用单位：不再接收新派单，已有工单仍由其办理',
          params: uuidParams,
        },
      },
      async (request) => {
        requireAdmin(request.actor!);
        await ctx.db.transaction((tx) => setUnitActive(tx, request.params.id, active, ctx.now()));
        return { ok: true };
      },
    );
  }
}
