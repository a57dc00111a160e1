import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { forbidden } from '../http/errors.ts';
import { reindexEntry } from './commands.ts';
import { lexiconFor } from './lexicon.ts';
import type { FeedInput } from './schemas.ts';
import { notifyUnit, writeVersion } from './store.ts';

/**
 * 知识库实时共享 (凉山 第六条（二） 负责将热线专业知识库和相关数据全面实时共享至12345热线平台): a sub-centre's
 * or a unit's own system pushes its entries through its API key (scope kb:write) the moment they change.
 * An entry is found again by (the key's account, the system's own id): a push creates it or saves a new
 * version of it. Pushed content goes through the center's review like a unit editor's (重庆 第十八条
 * 经审核后录入): it arrives as 待审核, and a change to a published entry takes it back to review, so nothing
 * unreviewed is served. A push that changes nothing adds no version. Owner: the account's unit.
 */
export interface FeedResult {
  id: string;
  externalId: string;
  state: string;
  version: number;
  created: boolean;
  unchanged: boolean;
}

interface Existing {
  id: string;
  state: string;
  version: number;
  title: string;
  questions: string[];
  answer: string;
  category: string | null;
  basis_text: string | null;
  basis_url: string | null;
  effective_from: string | null;
  expires_on: string | null;
  visibility: string;
}

const fields = (input: FeedInput) => [
  input.title,
  input.questions,
  input.answer,
  input.category ?? null,
  input.basis?.text ?? null,
  input.basis?.url ?? null,
  input.effectiveFrom ?? null,
  input.expiresOn ?? null,
  input.visibility,
];

function same(e: Existing, input: FeedInput): boolean {
  const now = [e.title, e.questions, e.answer, e.category, e.basis_text, e.basis_url, e.effective_from, e.expires_on, e.visibility];
  return JSON.stringify(now) === JSON.stringify(fields(input));
}

/** Only a system account's key pushes: a person edits in the knowledge base's own pages. */
export function requireFeedKey(actor: Actor, viaKey: boolean): void {
  if (!viaKey) throw forbidden('知识条目的实时共享由分中心或单位系统通过 API 密钥（kb:write）推送；人员请在知识库页面编写');
}

export async function pushEntry(ctx: AppContext, actor: Actor, externalId: string, input: FeedInput): Promise<FeedResult> {
  const lexicon = await lexiconFor(ctx.db);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<Existing>(
      `SELECT id, state, version, title, questions, answer, category, basis_text, basis_url, effective_from::text AS effective_from,
              expires_on::text AS expires_on, visibility
         FROM kb_entries WHERE source_account_id = $1 AND source_ref = $2 FOR UPDATE`,
      [actor.id, externalId],
    );
    const existing = rows[0];
    if (existing && same(existing, input) && existing.state !== 'withdrawn' && existing.state !== 'expired') {
      return { id: existing.id, externalId, state: existing.state, version: existing.version, created: false, unchanged: true };
    }
    if (!existing) {
      const { rows: made } = await tx.query<{ id: string; version: number }>(
        `INSERT INTO kb_entries (state, title, questions, answer, category, basis_text, basis_url, effective_from, expires_on, visibility,
           owner_unit_id, attachments, created_by, updated_by, created_at, updated_at, source_account_id, source_ref,
           search_tsv, pinyin_tsv, search_text, search_pinyin)
         VALUES ('pending', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '{}', $11, $11, $12, $12, $11, $13, '', '', '', '') RETURNING id, version`,
        [...fields(input), actor.unit.id, actor.id, new Date(now), externalId],
      );
      const id = made[0]!.id;
      await tx.query('INSERT INTO kb_entry_stats (entry_id) VALUES ($1)', [id]);
      await reindexEntry(tx, lexicon, id, input, true);
      await writeVersion(tx, id, 'feed', actor, now, `由${actor.displayName}推送（${externalId}），待审核`);
      return { id, externalId, state: 'pending', version: made[0]!.version, created: true, unchanged: false };
    }
    const { rows: saved } = await tx.query<{ version: number }>(
      `UPDATE kb_entries SET title = $2, questions = $3, answer = $4, category = $5, basis_text = $6, basis_url = $7, effective_from = $8,
         expires_on = $9, visibility = $10, state = 'pending', version = version + 1, updated_by = $11, updated_at = $12
       WHERE id = $1 RETURNING version`,
      [existing.id, ...fields(input), actor.id, new Date(now)],
    );
    await reindexEntry(tx, lexicon, existing.id, input, false);
    await writeVersion(tx, existing.id, 'feed', actor, now, `由${actor.displayName}推送更新（${externalId}），待审核`);
    if (existing.state === 'published') await notifyUnit(tx, actor.unit.id, `知识条目“${input.title}”已由${actor.displayName}推送更新，审核通过前暂停对外提供`, now);
    return { id: existing.id, externalId, state: 'pending', version: saved[0]!.version, created: false, unchanged: false };
  });
}

/** The pushed entry as the system may check it: its state in review and its version. */
export async function fedEntry(ctx: AppContext, actor: Actor, externalId: string) {
  const { rows } = await ctx.db.query<{ id: string; state: string; version: number; review_comment: string | null; published_at: Date | null }>(
    'SELECT id, state, version, review_comment, published_at FROM kb_entries WHERE source_account_id = $1 AND source_ref = $2',
    [actor.id, externalId],
  );
  return rows[0] ?? null;
}

/** The system withdraws an entry it no longer carries: off the knowledge base at once, kept in history. */
export async function withdrawFed(ctx: AppContext, actor: Actor, externalId: string): Promise<{ id: string; state: string; version: number } | null> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; state: string; version: number }>(
      `UPDATE kb_entries SET state = 'withdrawn', version = version + 1, updated_by = $3, updated_at = $4
        WHERE source_account_id = $1 AND source_ref = $2 AND state <> 'withdrawn' RETURNING id, state, version`,
      [actor.id, externalId, actor.id, new Date(now)],
    );
    if (!rows[0]) return null;
    await writeVersion(tx, rows[0].id, 'feed-withdraw', actor, now, `由${actor.displayName}撤回（${externalId}）`);
    return rows[0];
  });
}
