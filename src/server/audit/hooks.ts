import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import { audit, runInRequestScope, type AuditEntry } from './record.ts';

/**
 * Records written at the HTTP edge, so that the routes they watch need no change: logins (success
 * and failure, with the client address), every change an administrator makes (users, units, policy,
 * calendar, routing rules, the search dictionary — also refused attempts), and attachment downloads.
 * Written before the answer leaves, after the change committed.
 */
const ADMIN_ROUTES: Array<[method: string, prefix: string, action: string]> = [
  ['POST', '/api/admin/users', 'admin.user'],
  ['POST', '/api/admin/units', 'admin.unit'],
  ['POST', '/api/admin/calendar', 'admin.calendar'],
  ['*', '/api/admin/', 'admin'],
  ['*', '/api/units', 'admin.unit'],
  ['*', '/api/policy', 'admin.policy'],
  ['*', '/api/calendar', 'admin.calendar'],
  ['*', '/api/routing-rules', 'admin.routing-rule'],
  ['*', '/api/kb/dictionary', 'admin.kb-dictionary'],
  ['*', '/api/auth/password', 'auth.password'],
  ['POST', '/api/auth/login/totp', 'auth.login-totp'],
  ['*', '/api/auth/totp', 'auth.totp'],
];
/** Administration whose verb says more than create/update (issue 11: every admin write named on the page). */
const EXACT_ROUTES: Record<string, string> = {
  'PUT /api/admin/users/:id': 'admin.user.update',
  'POST /api/admin/users/:id/disable': 'admin.user.disable',
  'POST /api/admin/users/:id/enable': 'admin.user.enable',
  'POST /api/admin/users/:id/reset-password': 'admin.user.reset-password',
  'POST /api/admin/users/:id/unlock': 'admin.user.unlock',
  'POST /api/admin/users/:id/reset-totp': 'admin.user.reset-totp',
  'PUT /api/admin/users/:id/extension': 'admin.user.extension',
  'PUT /api/admin/units/:id': 'admin.unit.update',
  'POST /api/admin/units/:id/move': 'admin.unit.move',
  'POST /api/admin/units/:id/deactivate': 'admin.unit.deactivate',
  'POST /api/admin/units/:id/activate': 'admin.unit.activate',
  'PUT /api/admin/units/:id/reply-review': 'admin.unit.reply-review',
  'PUT /api/admin/units/:id/hours': 'admin.unit.hours',
  // 值班表: kept by administrators and each unit's own 单位管理员 (src/server/duty)
  'POST /api/units/:id/roster': 'roster.create',
  'PUT /api/roster/:id': 'roster.update',
  'DELETE /api/roster/:id': 'roster.delete',
  'PUT /api/admin/units/:id/preset': 'admin.unit.preset',
  // 热线联络员与驻场值守 (src/server/units/liaisons.ts)
  'POST /api/units/:id/liaisons': 'liaison.create',
  'PUT /api/units/:id/liaisons/:liaisonId': 'liaison.update',
  'DELETE /api/units/:id/liaisons/:liaisonId': 'liaison.delete',
  // 热线号码目录 and 专家座席 (src/server/telephony/hotlines.ts, experts.ts)
  'POST /api/admin/hotlines': 'admin.hotline.create',
  'PUT /api/admin/hotlines/:id': 'admin.hotline.update',
  'DELETE /api/admin/hotlines/:id': 'admin.hotline.delete',
  'POST /api/units/:id/experts': 'expert.create',
  'PUT /api/experts/:id': 'expert.update',
  'DELETE /api/experts/:id': 'expert.delete',
};
const VERB: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };
const SECRET = /password|secret|token|totp|code/i;
const MAX_BODY = 4_000;

function adminAction(method: string, route: string): string | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const exact = EXACT_ROUTES[`${method} ${route}`];
  if (exact) return exact;
  const hit = ADMIN_ROUTES.find(([m, prefix]) => (m === '*' || m === method) && route.startsWith(prefix));
  if (!hit) return null;
  const [, , base] = hit;
  if (base === 'admin') return `admin.${method.toLowerCase()}:${route}`;
  return `${base}.${VERB[method] ?? method.toLowerCase()}`;
}

/** The body as a record may keep it: no passwords or codes, not too long. */
function cleanBody(body: unknown): unknown {
  if (body === undefined || body === null || typeof body !== 'object') return body ?? null;
  const clean = JSON.parse(JSON.stringify(body, (k, v) => (k && SECRET.test(k) ? '***' : v)));
  const text = JSON.stringify(clean);
  return text.length > MAX_BODY ? { omitted: `${text.length} 字符` } : clean;
}

async function loginEntry(ctx: AppContext, request: FastifyRequest, status: number): Promise<AuditEntry> {
  const username = String((request.body as { username?: unknown } | undefined)?.username ?? '').slice(0, 64);
  const at = ctx.now();
  if (status >= 200 && status < 300) {
    const { rows } = await ctx.db.query<{ id: string; display_name: string; unit_id: string; unit_name: string }>(
      'SELECT u.id, u.display_name, u.unit_id, un.name AS unit_name FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = $1',
      [username],
    );
    const u = rows[0];
    if (u) {
      return {
        action: 'login.success', at, objectType: 'user', objectId: u.id,
        actor: { id: u.id, username, displayName: u.display_name, roles: [], unit: { id: u.unit_id, name: u.unit_name, path: '', kind: '' }, isCenter: false, mustChangePassword: false, totpEnabled: false },
        detail: { username },
      };
    }
  }
  return { action: 'login.failure', at, actor: null, actorName: username, objectType: 'user', objectId: username, detail: { username, status } };
}

export function installAuditHooks(app: FastifyInstance, ctx: AppContext): void {
  // Every record written while serving a request names the client's address (request.ip: behind a
  // proxy, what TRUST_PROXY makes of X-Forwarded-For).
  app.addHook('onRequest', (request, _reply, done) => runInRequestScope(request.ip, done));
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url ?? '';
    const status = reply.statusCode;
    let entry: AuditEntry | null = null;
    if (route === '/api/auth/login' && request.method === 'POST') {
      // a body refused before the handler (422) is no attempt at a password
      if (status !== 422 && status !== 400) entry = await loginEntry(ctx, request, status);
    } else if (route.startsWith('/api/attachments/') && request.method === 'GET' && status === 200 && request.actor) {
      entry = { action: 'read.attachment', at: ctx.now(), actor: request.actor, objectType: 'attachment', objectId: String((request.params as { id?: string }).id ?? '') };
    } else {
      const action = adminAction(request.method, route);
      if (action && (request.actor || status !== 401)) {
        entry = {
          action, at: ctx.now(), actor: request.actor, objectType: 'route', objectId: route,
          detail: { method: request.method, params: request.params ?? {}, body: cleanBody(request.body), status },
        };
      }
    }
    if (entry) await audit(ctx.db, entry);
    return payload;
  });
}
