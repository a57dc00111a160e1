import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { SCOPE_LABELS, SCOPES } from '../../../core/access/scopes.ts';
import type { AppContext } from '../../app.ts';
import { requireAdmin } from '../../auth/actor.ts';
import { invalid } from '../../http/errors.ts';
import { uuid } from '../../http/schemas.ts';
import { ApiKeyError, createKey, listKeys, revokeKey, rotateKey, type ApiKeyView } from './store.ts';

const TAG = ['系统账号与 API 密钥'];

const present = (k: ApiKeyView) => ({
  id: k.id,
  name: k.name,
  label: k.label,
  scopes: k.scopes.map((s) => ({ scope: s, label: SCOPE_LABELS[s] ?? s })),
  unit: k.unit,
  createdAt: formatInstant(k.createdAt.getTime()),
  revokedAt: k.revokedAt ? formatInstant(k.revokedAt.getTime()) : null,
  lastUsedAt: k.lastUsedAt ? formatInstant(k.lastUsedAt.getTime()) : null,
  lastUsedFrom: k.lastUsedFrom,
  replaces: k.replaces,
});

async function refusal<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiKeyError) throw invalid(error.message);
    throw error;
  }
}

/** The administrator's page of system accounts and keys: list, create (key shown once), rotate, revoke. */
export function apiKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/admin/api-keys', { schema: { tags: TAG, summary: '系统账号的 API 密钥列表（只显示前缀）' } }, async (request) => {
    requireAdmin(request.actor!);
    return { scopes: SCOPES.map((s) => ({ scope: s, label: SCOPE_LABELS[s] })), items: (await listKeys(ctx.db)).map(present) };
  });
  r.post(
    '/api/admin/api-keys',
    {
      schema: {
        tags: TAG,
        summary: '新建系统账号和 API 密钥（密钥只在此次返回）',
        body: z.object({ name: z.string().trim().min(1, '请填写名称').max(50), scopes: z.array(z.enum(SCOPES)).min(1, '至少选择一个权限范围'), unitId: uuid.optional() }).strict(),
      },
    },
    async (request, reply) => {
      requireAdmin(request.actor!);
      const b = request.body;
      const made = await refusal(() => createKey(ctx.db, { name: b.name, scopes: [...new Set(b.scopes)], unit: b.unitId }, request.actor, ctx.now()));
      reply.status(201);
      return { key: made.key, ...present(made.view) };
    },
  );
  r.post('/api/admin/api-keys/:id/revoke', { schema: { tags: TAG, summary: '吊销 API 密钥（立即失效）', params: z.object({ id: uuid }).strict() } }, async (request) => {
    requireAdmin(request.actor!);
    return present(await refusal(() => revokeKey(ctx.db, request.params.id, request.actor, ctx.now())));
  });
  r.post('/api/admin/api-keys/:id/rotate', { schema: { tags: TAG, summary: '轮换 API 密钥：旧密钥立即失效，新密钥只在此次返回', params: z.object({ id: uuid }).strict() } }, async (request) => {
    requireAdmin(request.actor!);
    const made = await refusal(() => rotateKey(ctx.db, request.params.id, request.actor, ctx.now()));
    return { key: made.key, ...present(made.view) };
  });
}
