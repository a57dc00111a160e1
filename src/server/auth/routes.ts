import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { invalid, unauthorized } from '../http/errors.ts';
import { hasRole, TOTP_ROLES, type Actor } from './actor.ts';
import { throttledCheck, type AuthSettings } from './login.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { ACTOR_COLUMNS, actorForSession, actorFromRow, createSession, deleteSession, endSessions, SESSION_COOKIE, SESSION_HOURS, type ActorRow } from './sessions.ts';
import { clearAccount } from './throttle.ts';
import { totpRoutes } from './totp-routes.ts';

// Compared against when the username is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

export function presentMe(actor: Actor, ctx?: Pick<AppContext, 'peers'>) {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    unit: { id: actor.unit.id, name: actor.unit.name, kind: actor.unit.kind },
    isCenter: actor.isCenter,
    mustChangePassword: actor.mustChangePassword,
    totpEnabled: actor.totpEnabled,
    /** Whether this account may add a TOTP second factor. */
    totpAvailable: hasRole(actor, ...TOTP_ROLES),
    /** This instance is a province's: it takes its cities' indicators (EXCHANGE_PEERS level city), and shows 全省对比. */
    provincial: [...(ctx?.peers?.values() ?? [])].some((p) => p.level === 'city'),
  };
}

export function setSessionCookie(reply: FastifyReply, value: string, settings: AuthSettings, maxAgeSeconds = SESSION_HOURS * 3600): void {
  reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: maxAgeSeconds });
}

export function authRoutes(app: FastifyInstance, ctx: AppContext, settings: AuthSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.db;

  r.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['认证'],
        summary: '登录（启用两步验证的账号随后提交验证码）',
        description: '同一地址连续失败后需等待（429，Retry-After）；账号仅在被多个地址反复尝试时才临时锁定（423）。',
        body: z.object({ username: z.string().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(256) }).strict(),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const now = ctx.now();
      let row: (ActorRow & { password_hash: string }) | undefined;
      const ok = await throttledCheck(db, reply, { ip: request.ip, username, now, limits: settings.limits }, async () => {
        const { rows } = await db.query<ActorRow & { password_hash: string }>(
          `SELECT ${ACTOR_COLUMNS}, u.password_hash FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = $1 AND u.active AND u.kind = 'person'`,
          [username],
        );
        row = rows[0];
        const verified = await verifyPassword(row?.password_hash ?? (await (dummyHash ??= hashPassword('open12345-dummy'))), password);
        return Boolean(row) && verified;
      });
      if (!ok || !row) throw unauthorized('用户名或密码错误');
      const actor = actorFromRow(row, settings.demoMode);
      if (actor.totpEnabled) {
        // The password was right; the session opens nothing until the code is given (POST /api/auth/login/totp).
        setSessionCookie(reply, await createSession(db, actor.id, now, 'totp'), settings, 300);
        return { totpRequired: true };
      }
      await clearAccount(db, username);
      setSessionCookie(reply, await createSession(db, actor.id, now), settings);
      return presentMe(actor, ctx);
    },
  );

  totpRoutes(app, ctx, settings);

  r.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['认证'], summary: '退出登录' } }, async (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await deleteSession(db, sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/me', { schema: { tags: ['认证'], summary: '当前用户' } }, async (request) => presentMe(request.actor!, ctx));

  // For the web page's first load: who is signed in, without a 401 when nobody is.
  r.get('/api/session', { config: { public: true }, schema: { tags: ['认证'], summary: '当前会话（未登录时 user 为 null）' } }, async (request) => {
    const sid = request.cookies[SESSION_COOKIE];
    const actor = sid ? await actorForSession(db, sid, ctx.now(), settings.demoMode) : null;
    return { user: actor ? presentMe(actor, ctx) : null };
  });

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['认证'],
        summary: '修改密码（系统分配的密码须先修改）',
        body: z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(256), newPassword: z.string().min(1, '请输入新密码').max(256) }).strict(),
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      // Throttled like a login: a borrowed session must not become a way to guess the password.
      const ok = await throttledCheck(db, reply, { ip: request.ip, username: actor.username, now: ctx.now(), limits: settings.limits }, async () => {
        const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [actor.id]);
        return verifyPassword(rows[0]!.password_hash, request.body.currentPassword);
      });
      if (!ok) throw invalid('当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
      await clearAccount(db, actor.username);
      const problem = passwordProblem(request.body.newPassword, actor.username);
      if (problem) throw invalid(problem, [{ path: 'newPassword', message: problem }]);
      if (request.body.newPassword === request.body.currentPassword) throw invalid('新密码不能与当前密码相同', [{ path: 'newPassword', message: '新密码不能与当前密码相同' }]);
      const hashed = await hashPassword(request.body.newPassword);
      await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET password_hash = $2, default_password = false, demo_account = false WHERE id = $1', [actor.id, hashed]);
        // Other sessions of this account end: whoever knew the old password is out.
        await endSessions(tx, actor.id, request.cookies[SESSION_COOKIE]);
      });
      return { ok: true };
    },
  );
}
