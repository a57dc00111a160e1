import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { zipSync } from 'fflate';
import type { AppContext } from '../../app.ts';
import { recordRead } from '../../audit/record.ts';
import { hasRole, type Actor } from '../../auth/actor.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { idParams } from '../schemas.ts';
import { dossierPdf } from './pdf.ts';
import { loadDossier, sha256 } from './snapshot.ts';

/** The archive is the center's record, caller and all: its keepers and those who check them. */
const KEEPERS = ['dispatcher', 'supervisor', 'admin', 'auditor'] as const;

function mayRead(actor: Actor): void {
  if (!(actor.isCenter && hasRole(actor, ...KEEPERS))) throw forbidden('归档案卷仅限热线中心的派单员、督办员、系统管理员和审计员查阅');
}

const download = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * 归档案卷 (重庆 第十六条): the frozen record of an archived ticket — its hash checked on every read —
 * as JSON facts, a PDF, and a zip with the record, the PDF, the attachments' originals and a SHA256SUMS
 * that says whether each original still matches the hash taken at upload. Every read is audited.
 */
export function dossierRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const open = async (actor: Actor, id: string) => {
    mayRead(actor);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('工单不存在');
    const d = await loadDossier(ctx.db, ctx.vault, id);
    await recordRead(ctx.db, { actor, action: 'read.dossier', ticketIds: [id], at: ctx.now() });
    return d;
  };

  r.get('/api/tickets/:id/dossier', { schema: { tags: ['工单'], summary: '归档案卷：归档时间、经办人、案卷校验值和附件清单', params: idParams } }, async (request) => {
    const { dossier, sha256: hash, intact } = await open(request.actor!, request.params.id);
    return {
      ticketId: dossier.ticket.id,
      number: dossier.ticket.number,
      archivedAt: dossier.archivedAt,
      archivedBy: dossier.archivedBy,
      sha256: hash,
      intact,
      attachments: dossier.attachments.map(({ storageKey: _k, ...a }) => a),
    };
  });

  r.get('/api/tickets/:id/dossier.pdf', { schema: { tags: ['工单'], summary: '归档案卷（PDF）', params: idParams } }, async (request, reply) => {
    const { dossier, sha256: hash } = await open(request.actor!, request.params.id);
    const pdf = await dossierPdf(dossier, hash);
    return reply.header('content-type', 'application/pdf').header('content-disposition', download(`工单档案-${dossier.ticket.number}.pdf`)).header('cache-control', 'no-store').send(pdf);
  });

  r.get('/api/tickets/:id/dossier.zip', { schema: { tags: ['工单'], summary: '归档案卷（zip：案卷、PDF、附件原件、校验值）', params: idParams } }, async (request, reply) => {
    const { dossier, text, sha256: hash, intact } = await open(request.actor!, request.params.id);
    const files: Record<string, Uint8Array> = { 'dossier.json': Buffer.from(text), 'dossier.pdf': await dossierPdf(dossier, hash) };
    const sums = [`${hash}  dossier.json${intact ? '' : '  （与归档时记录的校验值不符）'}`];
    for (const [i, a] of dossier.attachments.entries()) {
      const name = `attachments/${String(i + 1).padStart(2, '0')}-${a.filename.replace(/[\\/]/g, '_')}`;
      const bytes = await ctx.storage.get(a.storageKey).catch(() => null);
      if (!bytes) {
        sums.push(`${a.sha256}  ${name}  （原件缺失）`);
        continue;
      }
      files[name] = bytes;
      const now = sha256(bytes);
      sums.push(`${a.sha256}  ${name}${now === a.sha256 ? '' : `  （现存文件校验值 ${now}，与上传时不符）`}`);
    }
    files['SHA256SUMS.txt'] = Buffer.from(`${sums.join('\n')}\n`);
    const zip = zipSync(files, { level: 6, mtime: new Date(dossier.archivedAt) });
    return reply.header('content-type', 'application/zip').header('content-disposition', download(`工单档案-${dossier.ticket.number}.zip`)).header('cache-control', 'no-store').send(Buffer.from(zip));
  });
}
