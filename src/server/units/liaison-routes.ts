import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { invalid } from '../http/errors.ts';
import { uuid, uuidParams } from '../http/schemas.ts';
import {
  insertLiaison,
  LIAISON_ORDER,
  LIAISON_ROLES,
  LIAISON_SELECT,
  liaisonForUpdate,
  liaisonsOf,
  mayEditLiaison,
  presentLiaison,
  requireLiaisonEditor,
  unitForLiaison,
  updateLiaison,
  type LiaisonInput,
  type LiaisonRow,
} from './liaisons.ts';

const phone = (what: string) => z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, `${what}只能含数字、空格和 + - ( )`);

const body = z
  .object({
    role: z.enum(LIAISON_ROLES, '类型应为 liaison（热线联络员）、backup（备用联络员）或 onsite（驻场值守）'),
    userId: uuid.nullish(),
    name: z.string().trim().max(50, '姓名最多 50 个字').nullish(),
    title: z.string().trim().max(50, '职务最多 50 个字').nullish(),
    officePhone: z.string({ error: '请填写办公电话，以便热线中心联系' }).trim().min(1, '请填写办公电话，以便热线中心联系').pipe(phone('办公电话')),
    mobile: z
      .string()
      .trim()
      .nullish()
      .transform((s) => s || null)
      .pipe(phone('手机').nullable()),
    note: z.string().trim().max(200, '说明最多 200 个字').nullish(),
  })
  .strict();

const liaisonParams = z.object({ id: uuid, liaisonId: uuid }).strict();

/**
 * 热线联络员与驻场值守 (大足 第四条（二）, 凉山 第七条（一）): read by every signed-in user (the mobile masked
 * beyond the center and the unit's own line), kept by the administrator and the unit's 单位管理员.
 */
export function liaisonRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/units/:id/liaisons',
    { schema: { tags: ['单位'], summary: '单位的热线联络员、备用联络员和驻场值守人员；他单位人员看到的手机号已屏蔽', params: uuidParams } },
    async (request) => {
      const actor = request.actor!;
      const unit = await unitForLiaison(ctx.db, request.params.id);
      const rows = await liaisonsOf(ctx.db, [unit.id]);
      const mayEdit = Object.fromEntries(LIAISON_ROLES.map((role) => [role, mayEditLiaison(actor, unit.id, role)])) as Record<(typeof LIAISON_ROLES)[number], boolean>;
      // whom the editor may name: the unit's own active people (not its system accounts)
      const candidates = mayEdit.liaison
        ? (await ctx.db.query<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE unit_id = $1 AND active AND kind = 'person' ORDER BY display_name`, [unit.id])).rows.map((u) => ({ id: u.id, name: u.display_name }))
        : [];
      return {
        unit: { id: unit.id, name: unit.name, active: unit.active },
        // the actions the server allows, by role (the page offers exactly these)
        mayEdit,
        missing: !rows.some((l) => l.role === 'liaison'),
        items: rows.map((l) => presentLiaison(actor, l)),
        candidates,
      };
    },
  );

  r.get(
    '/api/liaisons',
    {
      schema: {
        tags: ['单位'],
        summary: '多个单位的联络员（工单页：该找谁）；不带 units 时列出全部驻场值守人员',
        querystring: z
          .object({
            units: z
              .string()
              .max(20 * 37, '最多同时查询 20 个单位')
              .optional()
              .transform((s) => (s ? [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))] : []))
              .pipe(z.array(uuid).max(20, '最多同时查询 20 个单位')),
          })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const asked = request.query.units;
      const rows = asked.length
        ? await liaisonsOf(ctx.db, asked)
        : (await ctx.db.query<LiaisonRow>(`${LIAISON_SELECT} WHERE l.role = 'onsite' ${LIAISON_ORDER}`)).rows;
      const found = asked.length ? (await ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM units WHERE id = ANY($1::uuid[])', [asked])).rows : [];
      // in the order asked (the ticket's shares: lead first)
      const units = asked.flatMap((id) => found.filter((u) => u.id === id));
      return {
        units: units.map((u) => {
          const own = rows.filter((l) => l.unit_id === u.id).map((l) => presentLiaison(actor, l));
          return { unitId: u.id, unitName: u.name, missing: !own.some((l) => l.role === 'liaison'), items: own };
        }),
        onsite: rows.filter((l) => l.role === 'onsite').map((l) => presentLiaison(actor, l)),
      };
    },
  );

  r.post(
    '/api/units/:id/liaisons',
    { schema: { tags: ['单位'], summary: '设置热线联络员（每单位一位）、备用联络员或驻场值守人员', params: uuidParams, body } },
    async (request, reply) => {
      const actor = request.actor!;
      const input = request.body as LiaisonInput;
      const presented = await ctx.db.transaction(async (tx) => {
        const unit = await unitForLiaison(tx, request.params.id);
        requireLiaisonEditor(actor, unit, input.role);
        if (!unit.active) throw invalid(`「${unit.name}」已停用，不再设置联络员`);
        const id = await insertLiaison(tx, unit, input, actor, ctx.now());
        return presentLiaison(actor, await liaisonForUpdate(tx, unit.id, id));
      });
      reply.status(201);
      return presented;
    },
  );

  r.put(
    '/api/units/:id/liaisons/:liaisonId',
    { schema: { tags: ['单位'], summary: '修改联络员或驻场值守人员', params: liaisonParams, body } },
    async (request) => {
      const actor = request.actor!;
      const input = request.body as LiaisonInput;
      return ctx.db.transaction(async (tx) => {
        const row = await liaisonForUpdate(tx, request.params.id, request.params.liaisonId);
        const unit = { id: row.unit_id, name: row.unit_name };
        // both the role it had and the one it takes must be the actor's to set
        requireLiaisonEditor(actor, unit, row.role);
        requireLiaisonEditor(actor, unit, input.role);
        await updateLiaison(tx, row, input, actor, ctx.now());
        return presentLiaison(actor, await liaisonForUpdate(tx, row.unit_id, row.id));
      });
    },
  );

  r.delete(
    '/api/units/:id/liaisons/:liaisonId',
    { schema: { tags: ['单位'], summary: '删除联络员或驻场值守人员', params: liaisonParams } },
    async (request) => {
      const actor = request.actor!;
      await ctx.db.transaction(async (tx) => {
        const row = await liaisonForUpdate(tx, request.params.id, request.params.liaisonId);
        requireLiaisonEditor(actor, { id: row.unit_id, name: row.unit_name }, row.role);
        await tx.query('DELETE FROM unit_liaisons WHERE id = $1', [row.id]);
      });
      return { ok: true };
    },
  );
}
