import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { invalid, notFound } from '../http/errors.ts';
import { invalidText, isStorableText } from '../http/input-guard.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Allowed types, each with the first bytes a real file of that type starts with. */
const ALLOWED: Record<string, { ext: string; magic: number[][] }> = {
  'image/jpeg': { ext: 'jpg', magic: [[0xff, 0xd8, 0xff]] },
  'image/png': { ext: 'png', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  'image/webp': { ext: 'webp', magic: [[0x52, 0x49, 0x46, 0x46]] },
  'application/pdf': { ext: 'pdf', magic: [[0x25, 0x50, 0x44, 0x46]] },
  'audio/mpeg': { ext: 'mp3', magic: [[0x49, 0x44, 0x33], [0xff, 0xfb], [0xff, 0xf3]] },
  'audio/wav': { ext: 'wav', magic: [[0x52, 0x49, 0x46, 0x46]] },
};

export function attachmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    // Any body type reaches the handler, which refuses what is not allowed with a clear 422.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/attachments',
      {
        bodyLimit: MAX_ATTACHMENT_BYTES,
        schema: {
          tags: ['附件'],
          summary: '上传附件（请求体为文件本身；Content-Type 为文件类型；X-Filename 为 URL 编码的文件名）',
          description: `允许：${Object.keys(ALLOWED).join('、')}；不超过 20 MB。`,
        },
      },
      async (request, reply) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const spec = ALLOWED[type];
        if (!spec) throw invalid(`不支持的附件类型：${type || '未指定'}。允许：图片（JPEG/PNG/WebP）、PDF、录音（MP3/WAV）`);
        const bytes = request.body as Buffer;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw invalid('附件为空');
        if (!spec.magic.some((m) => m.every((b, i) => bytes[i] === b))) throw invalid(`文件内容与类型 ${type} 不符`);
        let filename = `附件.${spec.ext}`;
        try {
          const raw = request.headers['x-filename'];
          // Cut by characters, not UTF-16 units, so a cut never leaves half of an emoji.
          if (typeof raw === 'string' && raw) filename = Array.from(decodeURIComponent(raw)).slice(0, 200).join('');
        } catch {
          throw invalid('X-Filename 应为 URL 编码的文件名');
        }
        if (!isStorableText(filename)) throw invalidText('headers', 'x-filename');
        const key = `${randomUUID()}.${spec.ext}`;
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const id = await storeAttachment(ctx, key, bytes, (tx) =>
          tx.query<{ id: string }>(
            `INSERT INTO attachments (filename, content_type, size, sha256, storage_key, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [filename, type, bytes.length, sha256, key, request.actor!.id],
          ),
        );
        reply.status(201);
        return { id, filename, contentType: type, size: bytes.length, sha256 };
      },
    );
    r.get(
      '/api/attachments/:id',
      { schema: { tags: ['附件'], summary: '下载附件', params: z.object({ id: z.string().uuid('附件编号无效') }) } },
      async (request, reply) => {
        const { rows } = await ctx.db.query<{ storage_key: string; content_type: string; filename: string; ticket_id: string | null; uploaded_by: string }>(
          'SELECT storage_key, content_type, filename, ticket_id, uploaded_by FROM attachments WHERE id = $1',
          [request.params.id],
        );
        const a = rows[0];
        const actor = request.actor!;
        if (!a) throw notFound('附件不存在');
        if (!actor.isCenter && a.uploaded_by !== actor.id) {
          const seen = a.ticket_id
            ? await ctx.db.query('SELECT 1 FROM assignments s JOIN units u ON u.id = s.unit_id WHERE s.ticket_id = $1 AND u.path LIKE $2', [a.ticket_id, `${actor.unit.path}%`])
            : { rows: [] };
          if (!seen.rows.length) throw notFound('附件不存在');
        }
        reply.header('content-type', a.content_type);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
        return ctx.storage.get(a.storage_key);
      },
    );
  });
}

/**
 * The row and the file together or neither: the row is inserted in a transaction, the file is put
 * while it is open (a failed put rolls the row back), and a failed commit removes the file.
 */
async function storeAttachment(ctx: AppContext, key: string, bytes: Buffer, insertRow: (tx: Queryable) => Promise<{ rows: Array<{ id: string }> }>): Promise<string> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const { rows } = await insertRow(tx);
      await ctx.storage.put(key, bytes);
      return rows[0]!.id;
    });
  } catch (error) {
    await ctx.storage.remove(key).catch(() => {});
    throw error;
  }
}
