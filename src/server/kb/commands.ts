import { checkKbAction, KB_EDITOR_ROLES, KB_RULES, type KbAction } from '../../core/kb/workflow.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { conflict, forbidden, invalid, notFound } from '../http/errors.ts';
import { canRead, partiesOf } from './access.ts';
import { adjustTerms, indexEntry, termChange, type EntryText } from './indexing.ts';
import { lexiconFor, type Lexicon } from './lexicon.ts';
import type { EntryInput } from './schemas.ts';
import { loadEntry, notifyUnit, writeVersion, type KbEntryRow } from './store.ts';

const ENTRY_FIELDS = `title = $2, questions = $3, answer = $4, category = $5, owner_unit_id = $6, basis_text = $7, basis_url = $8,
  effective_from = $9, expires_on = $10, visibility = $11, attachments = $12`;

function fieldParams(input: EntryInput, ownerUnitId: string): unknown[] {
  return [
    input.title,
    input.questions,
    input.answer,
    input.category ?? null,
    ownerUnitId,
    input.basis?.text ?? null,
    input.basis?.url ?? null,
    input.effectiveFrom ?? null,
    input.expiresOn ?? null,
    input.visibility,
    input.attachments,
  ];
}

/**
 * Writes an entry's search columns and keeps the corpus statistics in step, in the caller's
 * transaction: a saved entry is searchable on every server instance the moment it commits.
 */
export async function reindexEntry(tx: Queryable, lexicon: Lexicon, id: string, text: EntryText, isNew: boolean): Promise<void> {
  const before = isNew
    ? { terms: [] as string[], len: 0 }
    : ((await tx.query<{ terms: string[]; len: number }>('SELECT tsvector_to_array(search_tsv) AS terms, doc_len AS len FROM kb_entries WHERE id = $1', [id])).rows[0] ?? { terms: [], len: 0 });
  const ix = indexEntry(lexicon.segmenter, text);
  await tx.query(
    `UPDATE kb_entries SET search_tsv = $2::tsvector, pinyin_tsv = $3::tsvector, search_text = $4, search_pinyin = $5, doc_len = $6 WHERE id = $1`,
    [id, ix.searchTsv, ix.pinyinTsv, ix.searchText, ix.searchPinyin, ix.docLen],
  );
  const change = termChange(before.terms, ix.terms);
  await adjustTerms(tx, 'kb', { ...change, docs: isNew ? 1 : 0, length: ix.docLen - before.len });
}

async function checkOwnerAndAttachments(tx: Queryable, actor: Actor, ownerUnitId: string, attachments: string[]): Promise<void> {
  const { rows } = await tx.query<{ path: string }>('SELECT path FROM units WHERE id = $1', [ownerUnitId]);
  if (!rows[0]) throw invalid('维护单位不存在', [{ path: 'ownerUnitId', message: '单位不存在' }]);
  if (!partiesOf(actor, rows[0].path).includes('editor')) throw forbidden('只能为本单位（或下级单位）编写知识条目');
  if (attachments.length) {
    const found = await tx.query('SELECT id FROM attachments WHERE id = ANY($1::uuid[])', [attachments]);
    if (found.rows.length !== new Set(attachments).size) throw invalid('附件不存在', [{ path: 'attachments', message: '附件无效' }]);
  }
}

/** A unit editor drafts an entry owned by their unit (重庆 第十八条: 各承办单位…规范收集、整理、制作). */
export async function createEntry(ctx: AppContext, actor: Actor, input: EntryInput, externalId?: string): Promise<string> {
  if (!hasRole(actor, ...KB_EDITOR_ROLES)) throw forbidden('只有知识采编人员或单位管理员可以编写知识条目');
  const lexicon = await lexiconFor(ctx.db);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const owner = input.ownerUnitId ?? actor.unit.id;
    await checkOwnerAndAttachments(tx, actor, owner, input.attachments);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO kb_entries (external_id, state, title, questions, answer, category, owner_unit_id, basis_text, basis_url,
         effective_from, expires_on, visibility, attachments, created_by, updated_by, created_at, updated_at,
         search_tsv, pinyin_tsv, search_text, search_pinyin)
       VALUES ($13, 'draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $14, $14, '', '', '', '') RETURNING id`,
      [...fieldParams(input, owner), actor.id, externalId ?? null, new Date(now)],
    );
    const id = rows[0]!.id;
    await tx.query('INSERT INTO kb_entry_stats (entry_id) VALUES ($1)', [id]);
    await reindexEntry(tx, lexicon, id, input, true);
    await writeVersion(tx, id, 'create', actor, now);
    return id;
  });
}

function checkVersion(entry: KbEntryRow, version: number | undefined): void {
  if (version !== undefined && version !== entry.version) {
    throw conflict(`条目已被他人更新（当前版本 ${entry.version}，您提交的是 ${version}），请刷新后重试`, 'stale_version');
  }
}

function refuse(action: KbAction, entry: KbEntryRow, actor: Actor): void {
  // Unpublished work of another unit is not even visible: 404, as for tickets.
  if (!canRead(actor, entry)) throw notFound('知识条目不存在');
  const refusal = checkKbAction(action, entry.state, partiesOf(actor, entry.owner_path));
  if (refusal?.kind === 'role') throw forbidden(refusal.message);
  if (refusal) throw conflict(refusal.message, 'wrong_state');
}

/** Saves a new version of the entry's content; a published entry goes back to draft for review. */
export async function updateEntry(ctx: AppContext, actor: Actor, id: string, input: EntryInput & { version?: number | undefined }): Promise<void> {
  const lexicon = await lexiconFor(ctx.db);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, id, true);
    refuse('edit', entry, actor);
    checkVersion(entry, input.version);
    const owner = input.ownerUnitId ?? entry.owner_unit_id;
    await checkOwnerAndAttachments(tx, actor, owner, input.attachments);
    await tx.query(
      `UPDATE kb_entries SET ${ENTRY_FIELDS}, state = 'draft', version = version + 1, updated_by = $13, updated_at = $14 WHERE id = $1`,
      [id, ...fieldParams(input, owner), actor.id, new Date(now)],
    );
    await reindexEntry(tx, lexicon, id, input, false);
    await writeVersion(tx, id, 'edit', actor, now);
  });
}

/** submit, approve, return (with comments), withdraw: one version each. */
export async function transitionEntry(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: 'submit' | 'approve' | 'return' | 'withdraw',
  body: { comment?: string | undefined; version?: number | undefined },
): Promise<void> {
  if (action === 'return' && !body.comment) throw invalid('退回时请填写修改意见', [{ path: 'comment', message: '必填' }]);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, id, true);
    refuse(action, entry, actor);
    checkVersion(entry, body.version);
    const to = KB_RULES[action].to!;
    await tx.query(
      `UPDATE kb_entries SET state = $2, version = version + 1, updated_by = $3, updated_at = $4,
         review_comment = CASE WHEN $5::text IS NULL THEN review_comment ELSE $5 END,
         published_at = CASE WHEN $2 = 'published' THEN $4 ELSE published_at END,
         expiry_reminded_for = CASE WHEN $2 = 'published' THEN NULL ELSE expiry_reminded_for END
       WHERE id = $1`,
      [id, to, actor.id, new Date(now), action === 'approve' || action === 'return' ? (body.comment ?? '') : null],
    );
    await writeVersion(tx, id, action, actor, now, body.comment);
    if (action === 'return') await notifyUnit(tx, entry.owner_unit_id, `知识条目“${entry.title}”被退回修改：${body.comment}`, now);
  });
}
