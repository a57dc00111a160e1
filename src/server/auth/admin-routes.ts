import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../core/vocabulary.ts';
import { invalid, notFound } from '../http/errors.ts';
import { uuid } from '../tickets/schemas.ts';
import { requireAdmin } from './actor.ts';
import { resetPassword, resetTotp, setActive } from './accounts.ts';
import { clearAccount } from './throttle.ts';

const params = z.object({ id: uuid });

/** Roles a user of a handling unit may hold; every other role belongs to the hotline center. */
const UNIT_ROLES: readonly Role[] = ['handler', 'unit_admin', 'kb_editor'];

/** What an admin does to an account: edit its roles and unit, unlock, reset its password or second factor, disable it. */
export function accountAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.db;

  async function username(id: string): Promise<string> {
    const { rows } = await db.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [id]);
    if (!rows[0]) throw notFound('用户不存在');
    return rows[0].username;
  }

  r.put(
    '/api/admin/users/:id',
    {
      schema: {
        tags: ['系统管理'],
        summary: '修改用户的姓名、单位和角色（立即生效）',
        params,
        body: z
          .object({
            displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 个字'),
            unitId: uuid,
            roles: z.array(z.enum(ROLES, '未知角色')).min(1, '至少选择一个角色').max(ROLES.length),
          })
          .strict(),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      const { id } = request.params;
      const b = request.body;
      const roles = [...new Set(b.roles)];
      await db.transaction(async (tx) => {
        const { rows: users } = await tx.query<{ unit_id: string }>('SELECT unit_id FROM users WHERE id = $1 FOR UPDATE', [id]);
        if (!users[0]) throw notFound('用户不存在');
        const { rows: units } = await tx.query<{ kind: string; active: boolean; name: string }>('SELECT kind, active, name FROM units WHERE id = $1', [b.unitId]);
        const unit = units[0];
        if (!unit) throw invalid('单位不存在', [{ path: 'unitId', message: '单位不存在' }]);
        if (!unit.active && users[0].unit_id !== b.unitId) throw invalid(`「${unit.name}」已停用，不能调入用户`, [{ path: 'unitId', message: '单位已停用' }]);
        const centerOnly = roles.filter((role) => !UNIT_ROLES.includes(role));
        if (unit.kind !== 'center' && centerOnly.length) {
          throw invalid(`承办单位的用户不能担任热线中心角色：${centerOnly.map((role) => ROLE_LABELS[role]).join('、')}`, [{ path: 'roles', message: '角色与单位不符' }]);
        }
        // an admin who took away their own admin role could not undo it
        if (id === request.actor!.id && !roles.includes('admin')) throw invalid('不能取消自己的系统管理员角色', [{ path: 'roles', message: '不能取消自己的管理员角色' }]);
        // the session reads roles and unit on every request (sessions.ts): the change counts at once
        await tx.query('UPDATE users SET display_name = $2, unit_id = $3, roles = $4 WHERE id = $1', [id, b.displayName, b.unitId, roles]);
      });
      return { ok: true };
    },
  );

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
