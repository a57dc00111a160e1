import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';
import { fileTypeFromBuffer } from 'file-type';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import { AppError, invalid, notFound } from '../http/errors.ts';
import { uploadedFilename } from './filename.ts';
import { idParams } from '../tickets/schemas.ts';
import { ATTACHMENT_SELECT, mayGet, originOf, ticketAccessFor, type AttachmentRow } from './access.ts';
import { mayAddFiles, STAGE_LABELS, stagesOf, supplementRoute } from './supplement.ts';

const INLINE = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Allowed types and the file name extensions each may carry; the bytes must say the same (file-type). */
export const ALLOWED: Record<string, { ext: string; exts: string[] }> = {
  'image/jpeg': { ext: 'jpg', exts: ['jpg', 'jpeg'] },
  'image/png': { ext: 'png', exts: ['png'] },
  'image/webp': { ext: 'webp', exts: ['webp'] },
  'application/pdf': { ext: 'pdf', exts: ['pdf'] },
  'audio/mpeg': { ext: 'mp3', exts: ['mp3'] },
  'audio/wav': { ext: 'wav', exts: ['wav'] },
};

/**
 * Refuses a file whose content is not what it claims: the type read from its bytes must be the
 * declared Content-Type, and a file name's extension must belong to that type (a script renamed
 * 现场.jpg, or a PDF sent as image/png, is refused).
 */
export async function checkContent(bytes: Buffer, type: string, filename: string | null): Promise<void> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || detected.mime !== type) {
    throw invalid(`文件内容与声明的类型 ${type} 不符${detected ? `（实际为 ${detected.ext.toUpperCase()} 文件）` : '（无法识别的文件内容）'}`);
  }
  const ext = filename?.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : null;
  if (ext !== null && !ALLOWED[type]!.exts.includes(ext)) {
    throw invalid(`文件扩展名 .${ext} 与文件内容（${detected.ext.toUpperCase()}）不符`, [{ path: 'X-Filename', message: '扩展名不符' }]);
  }
}

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
        const given = uploadedFilename(request);
        await checkContent(bytes, type, given);
        const filename = given ?? `附件.${spec.ext}`;
        const key = `${randomUUID()}.${spec.ext}`;
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const id = await storeAttachment(ctx, key, bytes, (tx) =>
          tx.query<{ id: string }>(
            // the app's clock, not the database's: tests and replays move it
            `INSERT INTO attachments (filename, content_type, size, sha256, storage_key, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [filename, type, bytes.length, sha256, key, request.actor!.id, new Date(ctx.now())],
          ),
        );
        reply.status(201);
        return { id, filename, contentType: type, size: bytes.length, sha256 };
      },
    );
    r.get(
      '/api/attachments/:id',
      {
        schema: {
          tags: ['附件'],
          summary: '下载附件（按工单的查看与隐私规则；inline=1 时图片和 PDF 在浏览器中打开）',
          params: z.object({ id: z.string().uuid('附件编号无效') }),
          querystring: z.object({ inline: z.enum(['0', '1']).optional() }).strict(),
        },
      },
      async (request, reply) => {
        const { rows } = await ctx.db.query<AttachmentRow>(`${ATTACHMENT_SELECT} WHERE a.id = $1`, [request.params.id]);
        const a = rows[0];
        const actor = request.actor!;
        if (!a) throw notFound('附件不存在');
        // Not yet on a ticket: only whoever uploaded it, and the center.
        if (!actor.isCenter && a.uploaded_by !== actor.id) {
          const access = a.ticket_id ? await ticketAccessFor(ctx.db, actor, a.ticket_id).catch((e: unknown) => {
            if (e instanceof AppError && e.status === 404) return null;
            throw e;
          }) : null;
          // A file the actor may not have is "not found", whether the ticket or the file is withheld.
          if (!access || !mayGet(actor, access, a)) throw notFound('附件不存在');
        }
        reply.header('content-type', a.content_type);
        // ?inline=1: an image or PDF opens in the browser (the ticket page's preview); anything else downloads
        const inline = request.query.inline === '1' && INLINE.includes(a.content_type);
        reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
        // the app's CSP forbids plugins (object-src 'none'); Chromium shows a PDF through one
        if (inline && a.content_type === 'application/pdf') reply.header('content-security-policy', "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:");
        return ctx.storage.get(a.storage_key);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/tickets/:id/attachments',
    { schema: { tags: ['附件', '工单'], summary: '工单的附件（仅列出本人有权查看的）', params: idParams } },
    async (request) => {
      const actor = request.actor!;
      const id = request.params.id;
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('工单不存在');
      const access = await ticketAccessFor(ctx.db, actor, id);
      const { rows } = await ctx.db.query<AttachmentRow>(`${ATTACHMENT_SELECT} WHERE a.ticket_id = $1 ORDER BY a.created_at, a.id`, [id]);
      // Withheld files are left out altogether: the accused unit does not even learn their names.
      const items = rows.filter((a) => mayGet(actor, access, a) || a.uploaded_by === actor.id);
      const stages = await stagesOf(ctx.db, id);
      const { rows: ticket } = await ctx.db.query<{ status: string }>('SELECT status FROM tickets WHERE id = $1', [id]);
      return {
        ticketId: id,
        canAdd: mayAddFiles(actor, access) && !['archived', 'merged'].includes(ticket[0]!.status),
        items: items.map((a) => {
          const stage = stages.get(a.id) ?? 'register';
          return {
            id: a.id,
            filename: a.filename,
            contentType: a.content_type,
            size: a.size,
            origin: originOf(a),
            createdAt: formatInstant(a.created_at.getTime()),
            // who and at which step: staff only see this list; a portal upload has no account behind it
            uploadedBy: a.uploader_name ? `${a.uploader_name}（${a.uploader_unit_name ?? ''}）` : '来电人（网上提交）',
            stage,
            stageLabel: STAGE_LABELS[stage] ?? '办理中',
            url: `/api/attachments/${a.id}`,
          };
        }),
      };
    },
  );
  supplementRoute(app, ctx);
}

/**
 * The row and the file together or neither: the row is inserted in a transaction, the file is put
 * while it is open (a failed put rolls the row back), and a failed commit removes the file.
 */
export async function storeAttachment(ctx: AppContext, key: string, bytes: Buffer, insertRow: (tx: Queryable) => Promise<{ rows: Array<{ id: string }> }>): Promise<string> {
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
