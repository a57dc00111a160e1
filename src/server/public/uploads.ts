import { createHash, randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { checkContent, MAX_ATTACHMENT_BYTES, storeAttachment } from '../attachments/routes.ts';
import type { Queryable } from '../db/connection.ts';
import { AppError, invalid } from '../http/errors.ts';
import { uploadedFilename } from '../attachments/filename.ts';

/** What a citizen may send from the portal: photos of the place, nothing else. */
const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
/** Photos one request may carry. */
export const MAX_PORTAL_PHOTOS = 6;

/**
 * POST /api/public/attachments (no login): a photo for a portal request, checked by its content
 * exactly as staff uploads are (src/server/attachments/routes.ts) and limited per address. It is
 * stored with no uploader — the caller's own file (attachments/access.ts originOf), which the
 * request's anonymity and confidentiality rules then cover — and only a portal submission can
 * take it (linkPortalPhotos).
 */
export async function portalUploadRoutes(app: FastifyInstance, ctx: AppContext, perMinute: number): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: perMinute,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, c) => new AppError(429, 'rate_limited', `上传过于频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`),
    });
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/public/attachments',
      {
        bodyLimit: MAX_ATTACHMENT_BYTES,
        config: { public: true },
        schema: {
          tags: ['公众门户'],
          summary: '网上提交诉求时上传现场照片（请求体为图片本身；Content-Type 为图片类型；X-Filename 为 URL 编码的文件名）',
          description: `允许：JPEG、PNG、WebP 图片，不超过 20 MB，每件诉求最多 ${MAX_PORTAL_PHOTOS} 张；按来源地址限流。`,
        },
      },
      async (request, reply) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const ext = PHOTO_TYPES[type];
        if (!ext) throw invalid('只能上传照片（JPEG、PNG 或 WebP 格式）');
        const bytes = request.body as Buffer;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw invalid('照片为空');
        const given = uploadedFilename(request);
        await checkContent(bytes, type, given);
        const filename = given ?? `现场照片.${ext}`;
        const key = `${randomUUID()}.${ext}`;
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const id = await storeAttachment(ctx, key, bytes, (tx) =>
          tx.query<{ id: string }>(
            'INSERT INTO attachments (filename, content_type, size, sha256, storage_key, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6) RETURNING id',
            [filename, type, bytes.length, sha256, key, new Date(ctx.now())],
          ),
        );
        reply.status(201);
        return { id, filename, contentType: type, size: bytes.length };
      },
    );
  });
}

/** A portal submission may take only photos sent from the portal that no ticket has yet. */
export async function checkPortalPhotos(db: Queryable, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE id = ANY($1::uuid[]) AND uploaded_by IS NULL AND ticket_id IS NULL', [ids]);
  if (rows[0]!.n !== new Set(ids).size) throw invalid('照片已失效，请重新上传', [{ path: 'attachments', message: '照片无效' }]);
}
