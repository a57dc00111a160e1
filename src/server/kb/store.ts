import type { KbState } from '../../core/kb/workflow.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { notFound } from '../http/errors.ts';

/** An entry as stored, without its search columns. */
export interface KbEntryRow {
  id: string;
  external_id: string | null;
  state: KbState;
  version: number;
  title: string;
  questions: string[];
  answer: string;
  category: string | null;
  owner_unit_id: string;
  owner_name: string;
  owner_path: string;
  basis_text: string | null;
  basis_url: string | null;
  effective_from: string | null;
  expires_on: string | null;
  visibility: 'internal' | 'public';
  attachments: string[];
  review_comment: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  /** Pushed by a system (kb/feed.ts, 凉山 第六条（二）): its account's name and the system's own id. */
  source_name: string | null;
  source_ref: string | null;
}

export const ENTRY_SELECT = `SELECT e.id, e.external_id, e.state, e.version, e.title, e.questions, e.answer, e.category,
  e.owner_unit_id, u.name AS owner_name, u.path AS owner_path, e.basis_text, e.basis_url,
  e.effective_from::text AS effective_from, e.expires_on::text AS expires_on, e.visibility, e.attachments,
  e.review_comment, e.created_at, e.updated_at, e.published_at, src.display_name AS source_name, e.source_ref
  FROM kb_entries e JOIN units u ON u.id = e.owner_unit_id LEFT JOIN users src ON src.id = e.source_account_id`;

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function loadEntry(db: Queryable, id: string, lock = false): Promise<KbEntryRow> {
  if (!isUuid(id)) throw notFound('知识条目不存在');
  const { rows } = await db.query<KbEntryRow>(`${ENTRY_SELECT} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id]);
  if (!rows[0]) throw notFound('知识条目不存在');
  return rows[0];
}

export const actorName = (actor: Actor | null) => (actor ? `${actor.displayName}（${actor.unit.name}）` : '系统');

/** Appends the entry as it now is to its history: every save is a version. */
export async function writeVersion(tx: Queryable, entryId: string, action: string, actor: Actor | null, at: number, comment?: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO kb_versions (entry_id, version, action, state, title, questions, answer, category, owner_unit_id, basis_text,
       basis_url, effective_from, expires_on, visibility, attachments, comment, actor_id, actor_name, at)
     SELECT id, version, $2, state, title, questions, answer, category, owner_unit_id, basis_text, basis_url, effective_from,
       expires_on, visibility, attachments, $3, $4, $5, $6 FROM kb_entries WHERE id = $1`,
    [entryId, action, comment ?? null, actor?.id ?? null, actorName(actor), new Date(at)],
  );
}

/** A notice to a unit (the outbox's sender delivers it), in the caller's transaction. */
export async function notifyUnit(tx: Queryable, unitId: string, body: string, at: number): Promise<void> {
  await tx.query(`INSERT INTO outbox (channel, unit_id, body, created_at) VALUES ('notice', $1, $2, $3)`, [unitId, body, new Date(at)]);
}
