import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { invalid, locked, unauthorized } from '../http/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { ACTOR_COLUMNS, actorForSession, actorFromRow, createSession, deleteSession, forgetSessions, SESSION_COOKIE, SESSION_HOURS } from './sessions.ts';
import type { Actor } from './actor.ts';

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;
// Compared against when the username is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

export function presentMe(actor: Actor) {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    unit: { id: actor.unit.id, name: actor.unit.name, kind: actor.unit.kind },
    isCenter: actor.isCenter,
  };
}

export function authRoutes(app: FastifyInstance, db: Db, opts: { secureCookies: boolean }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['认证'],
        summary: '登录',
        body: z.object({ username: z.string().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(256) }).strict(),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const failures = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM login_failures WHERE username = $1 AND at > now() - interval '${LOCK_MINUTES} minutes'`,
        [username],
      );
      if ((failures.rows[0]?.n ?? 0) >= MAX_FAILURES) {
        throw locked(`连续 ${MAX_FAILURES} 次密码错误，账号已锁定 ${LOCK_MINUTES} 分钟，请稍后再试`);
      }
      const { rows } = await db.query<Parameters<typeof actorFromRow>[0] & { password_hash: string }>(
        `SELECT ${ACTOR_COLUMNS}, u.password_hash FROM users u JOIN units un ON un.id = u.unit_id
          WHERE u.username = $1 AND u.active`,
        [username],
      );
      const row = rows[0];
      const ok = await verifyPassword(row?.password_hash ?? (await (dummyHash ??= hashPassword('open12345-dummy'))), password);
      if (!row || !ok) {
        await db.query('INSERT INTO login_failures (username) VALUES ($1)', [username]);
        throw unauthorized('用户名或密码错误');
      }
      await db.query('DELETE FROM login_failures WHERE username = $1', [username]);
      const sid = await createSession(db, row.id);
      reply.setCookie(SESSION_COOKIE, sid, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        maxAge: SESSION_HOURS * 3600,
      });
      return presentMe(actorFromRow(row));
    },
  );

  r.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['认证'], summary: '退出登录' } }, async (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await deleteSession(db, sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/me', { schema: { tags: ['认证'], summary: '当前用户' } }, async (request) => presentMe(request.actor!));

  // For the web page's first load: who is signed in, without a 401 when nobody is.
  r.get('/api/session', { config: { public: true }, schema: { tags: ['认证'], summary: '当前会话（未登录时 user 为 null）' } }, async (request) => {
    const sid = request.cookies[SESSION_COOKIE];
    const actor = sid ? await actorForSession(db, sid) : null;
    return { user: actor ? presentMe(actor) : null };
  });

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['认证'],
        summary: '修改密码',
        body: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(256) }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [actor.id]);
      if (!(await verifyPassword(rows[0]!.password_hash, request.body.currentPassword))) throw invalid('当前密码不正确');
      const problem = passwordProblem(request.body.newPassword, actor.username);
      if (problem) throw invalid(problem);
      const hashed = await hashPassword(request.body.newPassword);
      await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET password_hash = $2, default_password = false WHERE id = $1', [actor.id, hashed]);
        // Other sessions of this account end: whoever knew the old password is out.
        await tx.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [actor.id, request.cookies[SESSION_COOKIE] ?? '']);
      });
      forgetSessions();
      return { ok: true };
    },
  );
}
