import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { forbidden, invalid, unauthorized } from '../http/errors.ts';
import { hasRole, TOTP_ROLES } from './actor.ts';
import { throttledCheck, type AuthSettings } from './login.ts';
import { presentMe, setSessionCookie } from './routes.ts';
import { ACTOR_COLUMNS, actorFromRow, createSession, sessionHash, SESSION_COOKIE, type ActorRow } from './sessions.ts';
import { clearAccount } from './throttle.ts';
import { newTotpSecret, totpStep, useStep } from './totp.ts';

const code = z.string().trim().regex(/^\d{6}$/, '请输入 6 位数字验证码');

/** The optional TOTP second factor: enrolment by the user, the code step at sign-in. */
export function totpRoutes(app: FastifyInstance, ctx: AppContext, settings: AuthSettings): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.db;

  r.post('/api/auth/totp/setup', { schema: { tags: ['认证'], summary: '开始设置两步验证：生成密钥和 otpauth 链接（扫码后用验证码确认）' } }, async (request) => {
    const actor = request.actor!;
    if (!hasRole(actor, ...TOTP_ROLES)) throw forbidden('两步验证适用于系统管理员、领导和督办员账号');
    if (actor.totpEnabled) throw invalid('已启用两步验证；如需更换请联系系统管理员重置');
    const { secret, uri } = newTotpSecret(actor.username);
    await db.query('UPDATE users SET totp_pending_secret = $2 WHERE id = $1', [actor.id, secret]);
    return { secret, uri };
  });

  r.post(
    '/api/auth/totp/enable',
    { schema: { tags: ['认证'], summary: '确认并启用两步验证', body: z.object({ code }).strict() } },
    async (request, reply) => {
      const actor = request.actor!;
      const { rows } = await db.query<{ totp_pending_secret: string | null }>('SELECT totp_pending_secret FROM users WHERE id = $1', [actor.id]);
      const secret = rows[0]?.totp_pending_secret;
      if (!secret) throw invalid('请先生成两步验证密钥');
      const now = ctx.now();
      let step: number | null = null;
      const ok = await throttledCheck(db, reply, { ip: request.ip, username: actor.username, now, limits: settings.limits }, async () => {
        step = await totpStep(secret, request.body.code, now, null);
        return step !== null;
      });
      if (!ok || step === null) throw invalid('验证码不正确，请核对手机上的验证器', [{ path: 'code', message: '验证码不正确' }]);
      await clearAccount(db, actor.username);
      await db.query('UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2 WHERE id = $1', [actor.id, step]);
      return { ok: true };
    },
  );

  r.post(
    '/api/auth/login/totp',
    { config: { public: true }, schema: { tags: ['认证'], summary: '登录第二步：提交两步验证码', body: z.object({ code }).strict() } },
    async (request, reply) => {
      const sid = request.cookies[SESSION_COOKIE];
      const now = ctx.now();
      const { rows } = await db.query<ActorRow & { totp_secret: string; totp_last_step: number | null }>(
        `SELECT ${ACTOR_COLUMNS}, u.totp_secret, u.totp_last_step
           FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
          WHERE s.id = $1 AND s.stage = 'totp' AND s.expires_at > $2 AND u.active AND u.totp_secret IS NOT NULL`,
        [sessionHash(sid ?? ''), new Date(now)],
      );
      const row = rows[0];
      if (!sid || !row) throw unauthorized('登录已超时，请重新输入用户名和密码');
      let step: number | null = null;
      const ok = await throttledCheck(db, reply, { ip: request.ip, username: row.username, now, limits: settings.limits }, async () => {
        step = await totpStep(row.totp_secret, request.body.code, now, row.totp_last_step);
        return step !== null && (await useStep(db, row.id, step));
      });
      if (!ok) throw unauthorized('验证码错误或已使用，请输入验证器上的最新验证码');
      await clearAccount(db, row.username);
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM sessions WHERE id = $1', [sessionHash(sid)]);
        setSessionCookie(reply, await createSession(tx, row.id, now), settings);
      });
      return presentMe(actorFromRow(row, settings.demoMode), ctx);
    },
  );
}
