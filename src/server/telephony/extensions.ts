import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { idParams } from '../tickets/schemas.ts';

/**
 * 坐席分机: which extension rings at whose desk (the screen pop follows it). Set by the
 * administrator (audited at the edge: admin.user.extension); each user reads their own.
 */
export function extensionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/telephony/my-extension', { schema: { tags: ['话务'], summary: '本人的坐席分机' } }, async (request) => {
    const { rows } = await ctx.db.query<{ extension: string }>('SELECT extension FROM agent_extensions WHERE user_id = $1', [request.actor!.id]);
    return { extension: rows[0]?.extension ?? null };
  });

  r.get('/api/admin/extensions', { schema: { tags: ['话务'], summary: '坐席分机对照（系统管理员）' } }, async (request) => {
    if (!request.actor!.roles.includes('admin')) throw forbidden('只有系统管理员可以管理坐席分机');
    const { rows } = await ctx.db.query<{ extension: string; user_id: string; username: string; display_name: string }>(
      'SELECT e.extension, e.user_id, u.username, u.display_name FROM agent_extensions e JOIN users u ON u.id = e.user_id ORDER BY e.extension',
    );
    return { items: rows.map((x) => ({ extension: x.extension, userId: x.user_id, username: x.username, displayName: x.display_name })) };
  });

  r.put(
    '/api/admin/users/:id/extension',
    {
      schema: {
        tags: ['话务'],
        summary: '设置用户的坐席分机（null 为取消）',
        params: idParams,
        body: z.object({ extension: z.string().trim().regex(/^[0-9A-Za-z*#-]{1,20}$/, '分机号只能包含数字、字母和 * # -').nullable() }).strict(),
      },
    },
    async (request) => {
      if (!request.actor!.roles.includes('admin')) throw forbidden('只有系统管理员可以管理坐席分机');
      const userId = request.params.id;
      const { extension } = request.body;
      return ctx.db.transaction(async (tx) => {
        const user = await tx.query('SELECT 1 FROM users WHERE id = $1', [userId]);
        if (!user.rows.length) throw notFound('用户不存在');
        if (extension) {
          const taken = await tx.query<{ user_id: string }>('SELECT user_id FROM agent_extensions WHERE extension = $1', [extension]);
          if (taken.rows[0] && taken.rows[0].user_id !== userId) throw invalid(`分机 ${extension} 已分配给其他用户`, [{ path: 'extension', message: '分机已被占用' }]);
        }
        await tx.query('DELETE FROM agent_extensions WHERE user_id = $1', [userId]);
        if (extension) await tx.query('INSERT INTO agent_extensions (extension, user_id, updated_at) VALUES ($1, $2, $3)', [extension, userId, new Date(ctx.now())]);
        return { userId, extension };
      });
    },
  );
}
