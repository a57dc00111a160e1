import type { FastifyInstance } from 'fastify';
import type { LoginLimits } from '../../auth/throttle.ts';
import { audit } from '../../audit/record.ts';
import type { Queryable } from '../../db/connection.ts';
import { actorForKey, bearerOf, keyRefused, requireScope } from './authenticate.ts';
import { keyLabel } from './material.ts';

/**
 * `Authorization: Bearer <key>` in front of the API, before the session check (which then finds the
 * actor set). A key reaches only the routes its scopes name (core/access/scopes.ts), as its
 * account's unit — the same access checks as a person of that unit. Every call made with a key is
 * audited (who, which route, the answer), as 等保 asks of a person's session.
 */
export function installApiKeyGuard(app: FastifyInstance, opts: { db: Queryable; now: () => number; limits: LoginLimits }): void {
  app.decorateRequest('apiKey', null);
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public || request.url.startsWith('/api/docs')) return;
    const bearer = bearerOf(request);
    if (bearer === null) return;
    if (!bearer) throw keyRefused('Authorization 头应为 Bearer <API 密钥>');
    const { actor, key } = await actorForKey(opts.db, bearer, { now: opts.now(), ip: request.ip, limits: opts.limits });
    request.actor = actor;
    request.apiKey = key;
    requireScope(key, actor.isCenter, request.method, request.routeOptions.url ?? '');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.apiKey && request.actor) {
      await audit(opts.db, {
        action: 'apikey.call', at: opts.now(), actor: request.actor, objectType: 'route', objectId: request.routeOptions.url ?? request.url.split('?')[0]!,
        detail: { method: request.method, status: reply.statusCode, key: keyLabel(request.apiKey.prefix), params: request.params ?? {} },
      });
    }
    return payload;
  });
}
