import { createHash } from 'node:crypto';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import type { Queryable } from '../../db/connection.ts';
import { notFound } from '../../http/errors.ts';
import type { Vault } from '../../privacy/vault.ts';
import { ticketDetail } from '../queries.ts';
import type { ActionContext } from '../actions/registry.ts';

export interface DossierAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedAt: string;
}

/** The record as archived: what the PDF prints and the zip carries. */
export interface Dossier {
  version: 1;
  archivedAt: string;
  archivedBy: string;
  preset: { id: string; title: string };
  // the ticket as the center reads it (src/server/tickets/queries.ts), without the reader's actions
  ticket: Record<string, unknown> & { id: string; number: string; events: Array<Record<string, unknown>> };
  attachments: DossierAttachment[];
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Freezes the record as the archive action runs, in its transaction: the ticket read as the archiving
 * clerk of the center sees it (the caller in full, as the archive must keep it), and the attachments
 * with the hashes taken at upload. Stored sealed; its hash goes on the archive event.
 */
export async function sealDossier(ctx: ActionContext): Promise<{ sha256: string }> {
  const detail = (await ticketDetail(ctx.app, ctx.actor, ctx.ticket.id, ctx.tx, { auditRead: false })) as Record<string, unknown>;
  const { access: _access, ...ticket } = detail;
  const { rows } = await ctx.tx.query<{ id: string; filename: string; content_type: string; size: number; sha256: string; storage_key: string; created_at: Date }>(
    'SELECT id, filename, content_type, size, sha256, storage_key, created_at FROM attachments WHERE ticket_id = $1 ORDER BY created_at, id',
    [ctx.ticket.id],
  );
  const dossier: Dossier = {
    version: 1,
    archivedAt: formatInstant(ctx.now),
    archivedBy: `${ctx.actor.displayName}（${ctx.actor.unit.name}）`,
    preset: { id: ctx.app.policy.id, title: ctx.app.policy.document.title },
    ticket: ticket as Dossier['ticket'],
    attachments: rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: r.size, sha256: r.sha256, storageKey: r.storage_key, uploadedAt: formatInstant(r.created_at.getTime()) })),
  };
  const text = JSON.stringify(dossier, null, 2);
  const hash = sha256(text);
  await ctx.tx.query(
    'INSERT INTO ticket_dossiers (ticket_id, archived_at, archived_by, archived_by_name, snapshot, sha256) VALUES ($1, $2, $3, $4, $5, $6)',
    [ctx.ticket.id, new Date(ctx.now), ctx.actor.id, dossier.archivedBy, ctx.app.vault.seal(text), hash],
  );
  return { sha256: hash };
}

/** The archived record and its text exactly as hashed; the hash is checked on every read. */
export async function loadDossier(db: Queryable, vault: Vault, ticketId: string): Promise<{ dossier: Dossier; text: string; sha256: string; intact: boolean }> {
  const { rows } = await db.query<{ snapshot: string; sha256: string }>('SELECT snapshot, sha256 FROM ticket_dossiers WHERE ticket_id = $1', [ticketId]);
  if (!rows[0]) throw notFound('该工单尚无归档案卷（归档时生成）');
  const text = vault.open(rows[0].snapshot)!;
  return { dossier: JSON.parse(text) as Dossier, text, sha256: rows[0].sha256, intact: sha256(text) === rows[0].sha256 };
}
