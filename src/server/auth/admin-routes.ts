import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { invalid, notFound } from '../http/errors.ts';
import { uuid } from '../tickets/schemas.ts';
import { requireAdmin } from './actor.ts';
import { resetPassword, resetTotp, setActive } from './accounts.ts';
import { clearAccount } from './throttle.ts';

const params = z.object({ id: uuid });

/** What an admin does to an account: unlock, reset its password or second factor, disable it. */
export function accountAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.db;

  async function username(id: string): Promise<string> {
    const { rows } = await db.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [id]);
    if (!rows[0]) throw notFound('用户不存在');
    return rows[0].username;
  }

  r.post('/api/admin/users/:id/unlock', { schema: { tags: ['系统管理'], summary: '解除账号的登录锁定', params } }, async (request) => {
    requireAdmin(request.actor!);
    await clearAccount(db, await username(request.params.id));
    return { ok: true };
  });

  r.post(
    '/api/admin/users/:id/reset-password',
    { schema: { tags: ['系统管理'], summary: '重置密码：返回一次性临时密码，用户登录后须立即修改；其所有会话立即失效', params } },
    async (request) => {
      requireAdmin(request.actor!);
      const done = await resetPassword(db, request.params.id);
      if (!done) throw notFound('用户不存在');
      return { temporaryPassword: done.temporaryPassword };
    },
  );

  for (const [action, active] of [['disable', false], ['enable', true]] as const) {
    r.post(
      `/api/admin/users/:id/${action}`,
      { schema: { tags: ['系统管理'], summary: active ? '启用用户' : '停用用户（其所有会话立即失效）', params } },
      async (request) => {
        requireAdmin(request.actor!);
        if (!active && request.params.id === request.actor!.id) throw invalid('不能停用自己的账号');
        if (!(await setActive(db, request.params.id, active))) throw notFound('用户不存在');
        return { ok: true };
      },
    );
  }

  r.post('/api/admin/users/:id/reset-totp', { schema: { tags: ['系统管理'], summary: '重置用户的两步验证（用户可重新设置）', params } }, async (request) => {
    requireAdmin(request.actor!);
    if (!(await resetTotp(db, request.params.id))) throw notFound('用户不存在');
    return { ok: true };
  });
}
