import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/connection.ts';
import { AppError, unauthorized } from '../http/errors.ts';
import type { AuthSettings } from './login.ts';
import { actorForSession, SESSION_COOKIE } from './sessions.ts';

/** What an account that must change its password may still reach (besides the public routes). */
const OPEN_DURING_PASSWORD_CHANGE = new Set(['/api/me', '/api/auth/password']);

export const passwordChangeRequired = () => new AppError(403, 'password_change_required', '您正在使用系统分配的密码，请先修改密码后再继续操作');

/** The session check in front of every non-public API route. */
export function sessionGuard(db: Queryable, now: () => number, settings: AuthSettings) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) return;
    if (request.url.startsWith('/api/docs')) return;
    // already known by an API key (integration/api-keys/guard.ts)
    if (request.actor) return;
    const sid = request.cookies[SESSION_COOKIE];
    const actor = sid ? await actorForSession(db, sid, now(), settings.demoMode) : null;
    if (!actor) throw unauthorized();
    if (actor.mustChangePassword && !OPEN_DURING_PASSWORD_CHANGE.has(request.routeOptions.url ?? '')) throw passwordChangeRequired();
    request.actor = actor;
  };
}
