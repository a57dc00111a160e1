import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app.ts';
import type { LoginLimits } from '../../auth/throttle.ts';
import { bearerOf } from '../api-keys/authenticate.ts';
import { open311Error, send, sendError, type Format } from './errors.ts';
import { findRequests, findToken, type RequestFilter } from './requests.ts';
import { serviceByCode, services } from './services.ts';
import { submitRequest } from './submit.ts';

/** When the GeoReport interface here last changed (discovery's changeset). */
const CHANGESET = '2026-12-02T00:00:00+08:00';
const BASE = '/open311/v2';

/** `name.json` / `name.xml` → [name, format]; anything else is not found. */
function fileOf(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m) throw open311Error(404, '未找到：地址应以 .json 或 .xml 结尾');
  return [m[1]!, m[2]!.toLowerCase() as Format];
}

const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

function dateParam(q: Record<string, unknown>, k: string): Date | undefined {
  const v = q[k];
  if (v === undefined || v === '') return undefined;
  // w3c datetime with its zone, as the spec asks; a bare date is taken at midnight in Beijing time
  const s = String(v);
  const text = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s;
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(t)) throw open311Error(400, `${k} 应为带时区的 ISO 8601 时间，如 2026-11-23T09:30:00+08:00`);
  return new Date(t);
}

function filterOf(q: Record<string, unknown>, now: number): RequestFilter {
  const ids = list(q.service_request_id);
  if (ids.length) return { ids: ids.slice(0, 1000) };
  const codes = list(q.service_code);
  const categories = codes.map((c) => serviceByCode(c)?.category).filter((c): c is string => c !== undefined);
  if (codes.length && !categories.length) throw open311Error(400, `service_code 不存在：${codes.join(',')}`);
  const statuses = list(q.status);
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw open311Error(400, 'status 应为 open 或 closed（可用逗号分隔）');
  const end = dateParam(q, 'end_date');
  // the spec's default window: the last 90 days (before end_date when given)
  const start = dateParam(q, 'start_date') ?? new Date((end?.getTime() ?? now) - 90 * 86_400_000);
  if (end && start > end) throw open311Error(400, 'start_date 不能晚于 end_date');
  return { ...(codes.length ? { categories } : {}), start, ...(end ? { end } : {}), ...(statuses.length ? { statuses: statuses as Array<'open' | 'closed'> } : {}) };
}

/**
 * Open311 GeoReport v2 at /open311/v2 (issue 15 item 3): apps and researchers file and follow
 * requests with the client they use for any city (重庆 第二十一条, 凉山 第十八条 信息共享). Reading is open
 * to anyone and shows only what may be public (requests.ts); filing needs a key with the open311
 * scope. Every answer — errors included — is in the spec's shapes, in JSON or XML as the URL says.
 */
export async function open311Routes(app: FastifyInstance, ctx: AppContext, opts: { limits: LoginLimits; perMinute?: number }): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler((error, request, reply) => sendError(request, reply, error));
      scope.setNotFoundHandler((request, reply) => sendError(request, reply, open311Error(404, '未找到该接口')));
      // Open311 clients post forms; the fields are read as plain strings (attribute[…] is not used here)
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      // per client address, like the portal: reading is open to anyone, so it is bounded
      await scope.register(rateLimit, {
        max: opts.perMinute ?? 120,
        timeWindow: '1 minute',
        errorResponseBuilder: (_req, c) => open311Error(429, `请求过于频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`),
      });
      const hidden = { schema: { hide: true }, config: { public: true } };

      for (const format of ['json', 'xml'] as const) {
        scope.get(`/discovery.${format}`, hidden, async (request, reply) => {
          const url = `${request.protocol}://${request.host}${BASE}`;
          return send(reply, format, 'discovery', {
            changeset: CHANGESET,
            contact: '12345 政务服务便民热线',
            key_service: '提交诉求须使用带 open311 权限的 API 密钥，请向热线中心系统管理员申请',
            endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
          });
        });
        scope.get(`/services.${format}`, hidden, async (_request, reply) => send(reply, format, 'services', services()));
        scope.get(`/requests.${format}`, hidden, async (request, reply) =>
          send(reply, format, 'service_requests', await findRequests(ctx.db, ctx.vault, filterOf(request.query as Record<string, unknown>, ctx.now()))),
        );
        scope.post(`/requests.${format}`, hidden, async (request: FastifyRequest, reply) => {
          const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
          const made = await submitRequest(ctx, body, { bearer: bearerOf(request) || null, ip: request.ip, limits: opts.limits });
          reply.status(201);
          return send(reply, format, 'service_requests', [made]);
        });
      }
      scope.get('/services/:file', hidden, async (request, reply) => {
        const [code, format] = fileOf((request.params as { file: string }).file);
        const found = serviceByCode(code);
        if (!found) throw open311Error(404, `service_code 不存在：${code}`);
        // no extra questions are asked per service (metadata: false): the definition has no attributes
        return send(reply, format, 'service_definition', { service_code: code, attributes: [] });
      });
      scope.get('/requests/:file', hidden, async (request, reply) => {
        const [id, format] = fileOf((request.params as { file: string }).file);
        const found = /^\d{1,30}$/.test(id) ? await findRequests(ctx.db, ctx.vault, { ids: [id] }) : [];
        if (!found.length) throw open311Error(404, `service_request_id 不存在：${id}`);
        return send(reply, format, 'service_requests', found);
      });
      scope.get('/tokens/:file', hidden, async (request, reply) => {
        const [token, format] = fileOf((request.params as { file: string }).file);
        const found = /^[A-Za-z0-9_-]{1,64}$/.test(token) ? await findToken(ctx.db, token) : null;
        if (!found) throw open311Error(404, `token 不存在：${token}`);
        return send(reply, format, 'service_requests', [found]);
      });
    },
    { prefix: BASE },
  );
}
