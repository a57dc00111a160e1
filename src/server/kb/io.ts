import { z } from 'zod';
import { KB_STATES } from '../../core/kb/workflow.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { reindexEntry } from './commands.ts';
import { adjustTerms, indexEntry } from './indexing.ts';
import { lexiconFor } from './lexicon.ts';
import { entryInputSchema } from './schemas.ts';
import { ENTRY_SELECT, isUuid, writeVersion, type KbEntryRow } from './store.ts';

/**
 * One line of a knowledge base file (JSON Lines), as `open12345 kb import` reads and `kb export`
 * writes it. Documented in README (Knowledge base → Import and export).
 */
export const importLineSchema = z
  .object({
    id: z.string().trim().min(1).max(200).optional(),
    title: z.string(),
    questions: z.array(z.string()).optional(),
    answer: z.string(),
    category: z.string().nullable().optional(),
    ownerUnit: z.string().trim().min(1).max(200).optional(),
    basis: z.object({ text: z.string(), url: z.string().nullable().optional() }).strict().nullable().optional(),
    effectiveFrom: z.string().nullable().optional(),
    expiresOn: z.string().nullable().optional(),
    visibility: z.enum(['internal', 'public']).optional(),
    state: z.enum(KB_STATES).optional(),
  })
  .strict();

export class ImportError extends Error {
  override name = 'ImportError';
}

type Parsed = { line: number; id: string | undefined; state: string; ownerUnit: string | undefined; input: z.infer<typeof entryInputSchema> };

function parseLines(text: string, defaultState: string): Parsed[] {
  const out: Parsed[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ImportError(`第 ${i + 1} 行不是合法的 JSON`);
    }
    const line = importLineSchema.safeParse(json);
    if (!line.success) throw new ImportError(`第 ${i + 1} 行：${line.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('；')}`);
    const l = line.data;
    const input = entryInputSchema.safeParse({
      title: l.title,
      questions: l.questions ?? [],
      answer: l.answer,
      ...(l.category ? { category: l.category } : {}),
      ...(l.basis?.text ? { basis: { text: l.basis.text, ...(l.basis.url ? { url: l.basis.url } : {}) } } : {}),
      ...(l.effectiveFrom ? { effectiveFrom: l.effectiveFrom } : {}),
      ...(l.expiresOn ? { expiresOn: l.expiresOn } : {}),
      visibility: l.visibility ?? 'internal',
    });
    if (!input.success) throw new ImportError(`第 ${i + 1} 行：${input.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('；')}`);
    out.push({ line: i + 1, id: l.id, state: l.state ?? defaultState, ownerUnit: l.ownerUnit, input: input.data });
  });
  return out;
}

async function unitResolver(db: Queryable): Promise<(ref: string | undefined, line: number) => string> {
  const { rows } = await db.query<{ id: string; name: string; parent_id: string | null }>('SELECT id, name, parent_id FROM units ORDER BY path');
  const root = rows.find((u) => !u.parent_id);
  return (ref, line) => {
    if (!ref) {
      if (!root) throw new ImportError('数据库中还没有单位：请先启动一次服务或导入单位');
      return root.id;
    }
    const u = rows.find((x) => x.id === ref || x.name === ref);
    if (!u) throw new ImportError(`第 ${line} 行：没有名为“${ref}”的单位`);
    return u.id;
  };
}

const CHUNK = 500;

/**
 * Imports entries: a line whose `id` names an existing entry (its UUID or the id it was imported
 * with) replaces that entry's content as a new version; other lines become new entries, written a
 * chunk at a time with their index, first version and statistics. Everything or nothing: one bad
 * line and nothing is written.
 */
export async function importEntries(db: Db, text: string, opts: { defaultState?: string; at?: number } = {}): Promise<{ created: number; updated: number }> {
  const lines = parseLines(text, opts.defaultState ?? 'draft');
  const lexicon = await lexiconFor(db);
  const at = opts.at ?? Date.now();
  return db.transaction(async (tx) => {
    const unitOf = await unitResolver(tx);
    const ids = lines.map((l) => l.id).filter((x): x is string => !!x);
    const existing = new Map<string, string>();
    if (ids.length) {
      const { rows } = await tx.query<{ id: string; external_id: string | null }>(
        'SELECT id, external_id FROM kb_entries WHERE external_id = ANY($1::text[]) OR id = ANY($2::uuid[])',
        [ids, ids.filter(isUuid)],
      );
      for (const r of rows) {
        existing.set(r.id, r.id);
        if (r.external_id) existing.set(r.external_id, r.id);
      }
    }
    let updated = 0;
    const fresh: Parsed[] = [];
    for (const l of lines) {
      const id = l.id ? existing.get(l.id) : undefined;
      if (!id) {
        fresh.push(l);
        continue;
      }
      const i = l.input;
      await tx.query(
        `UPDATE kb_entries SET title = $2, questions = $3, answer = $4, category = $5, owner_unit_id = $6, basis_text = $7, basis_url = $8,
           effective_from = $9, expires_on = $10, visibility = $11, state = $12, version = version + 1, updated_at = $13,
           published_at = CASE WHEN $12 = 'published' THEN coalesce(published_at, $13) ELSE published_at END WHERE id = $1`,
        [id, i.title, i.questions, i.answer, i.category ?? null, unitOf(l.ownerUnit, l.line), i.basis?.text ?? null, i.basis?.url ?? null, i.effectiveFrom ?? null, i.expiresOn ?? null, i.visibility, l.state, new Date(at)],
      );
      await reindexEntry(tx, lexicon, id, i, false);
      await writeVersion(tx, id, 'import', null, at);
      updated += 1;
    }
    for (let c = 0; c < fresh.length; c += CHUNK) {
      const chunk = fresh.slice(c, c + CHUNK);
      const ix = chunk.map((l) => indexEntry(lexicon.segmenter, l.input));
      const col = <T>(f: (l: Parsed, k: number) => T) => chunk.map(f);
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO kb_entries (external_id, state, title, questions, answer, category, owner_unit_id, basis_text, basis_url, effective_from,
           expires_on, visibility, created_at, updated_at, published_at, search_tsv, pinyin_tsv, search_text, search_pinyin, doc_len)
         SELECT x.ext, x.state, x.title, coalesce(string_to_array(x.questions, E'\\x1f'), '{}'), x.answer, x.category, x.owner, x.basis_text, x.basis_url,
                x.eff::date, x.exp::date, x.vis, $17, $17, CASE WHEN x.state = 'published' THEN $17::timestamptz END,
                x.tsv::tsvector, x.ptsv::tsvector, x.stext, x.spy, x.len
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[],
                       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $18::int[])
             AS x(ext, state, title, questions, answer, category, owner, basis_text, basis_url, eff, exp, vis, tsv, ptsv, stext, spy, len)
         RETURNING id`,
        [
          col((l) => l.id ?? null),
          col((l) => l.state),
          col((l) => l.input.title),
          col((l) => (l.input.questions.length ? l.input.questions.join('\x1f') : null)),
          col((l) => l.input.answer),
          col((l) => l.input.category ?? null),
          col((l) => unitOf(l.ownerUnit, l.line)),
          col((l) => l.input.basis?.text ?? null),
          col((l) => l.input.basis?.url ?? null),
          col((l) => l.input.effectiveFrom ?? null),
          col((l) => l.input.expiresOn ?? null),
          col((l) => l.input.visibility),
          col((_, k) => ix[k]!.searchTsv),
          col((_, k) => ix[k]!.pinyinTsv),
          col((_, k) => ix[k]!.searchText),
          col((_, k) => ix[k]!.searchPinyin),
          new Date(at),
          col((_, k) => ix[k]!.docLen),
        ],
      );
      const newIds = rows.map((r) => r.id);
      await tx.query('INSERT INTO kb_entry_stats (entry_id) SELECT unnest($1::uuid[])', [newIds]);
      await tx.query(
        `INSERT INTO kb_versions (entry_id, version, action, state, title, questions, answer, category, owner_unit_id, basis_text, basis_url,
           effective_from, expires_on, visibility, attachments, actor_name, at)
         SELECT id, version, 'import', state, title, questions, answer, category, owner_unit_id, basis_text, basis_url, effective_from,
           expires_on, visibility, attachments, '导入', $2 FROM kb_entries WHERE id = ANY($1::uuid[])`,
        [newIds, new Date(at)],
      );
      await adjustTerms(tx, 'kb', { added: ix.flatMap((x) => x.terms), removed: [], docs: chunk.length, length: ix.reduce((s, x) => s + x.docLen, 0) });
    }
    return { created: fresh.length, updated };
  });
}

/** Every entry as one JSON line, oldest first (then by id), in the format importEntries reads. */
export async function* exportEntries(db: Db): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<KbEntryRow & { key: string }>(
      `SELECT * FROM (${ENTRY_SELECT.replace('SELECT ', "SELECT to_char(e.created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || '|' || coalesce(e.external_id, e.id::text) AS key, ")}) x
        WHERE x.key > $1 ORDER BY x.key LIMIT 1000`,
      [after],
    );
    for (const e of rows) {
      yield JSON.stringify({
        id: e.external_id ?? e.id,
        title: e.title,
        questions: e.questions,
        answer: e.answer,
        category: e.category,
        ownerUnit: e.owner_name,
        basis: e.basis_text ? { text: e.basis_text, url: e.basis_url } : null,
        effectiveFrom: e.effective_from,
        expiresOn: e.expires_on,
        visibility: e.visibility,
        state: e.state,
      });
    }
    if (rows.length < 1000) return;
    after = rows.at(-1)!.key;
  }
}
