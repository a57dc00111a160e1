import { diffArrays, diffChars, diffLines } from 'diff';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { Db } from '../db/connection.ts';
import { invalid, notFound } from '../http/errors.ts';

interface VersionRow {
  version: number;
  action: string;
  state: string;
  title: string;
  questions: string[];
  answer: string;
  category: string | null;
  owner_unit_id: string;
  owner_name: string;
  basis_text: string | null;
  basis_url: string | null;
  effective_from: string | null;
  expires_on: string | null;
  visibility: string;
  attachments: string[];
  comment: string | null;
  actor_name: string;
  at: Date;
}

const VERSION_SELECT = `SELECT v.version, v.action, v.state, v.title, v.questions, v.answer, v.category, v.owner_unit_id, u.name AS owner_name,
  v.basis_text, v.basis_url, v.effective_from::text AS effective_from, v.expires_on::text AS expires_on, v.visibility, v.attachments,
  v.comment, v.actor_name, v.at FROM kb_versions v JOIN units u ON u.id = v.owner_unit_id`;

function presentVersion(v: VersionRow, full: boolean) {
  return {
    version: v.version,
    action: v.action,
    state: v.state,
    actor: v.actor_name,
    at: formatInstant(v.at.getTime()),
    comment: v.comment,
    title: v.title,
    ...(full
      ? {
          questions: v.questions,
          answer: v.answer,
          category: v.category,
          ownerUnit: { id: v.owner_unit_id, name: v.owner_name },
          basis: v.basis_text ? { text: v.basis_text, url: v.basis_url } : null,
          effectiveFrom: v.effective_from,
          expiresOn: v.expires_on,
          visibility: v.visibility,
          attachments: v.attachments,
        }
      : {}),
  };
}

export async function listVersions(db: Db, entryId: string) {
  const { rows } = await db.query<VersionRow>(`${VERSION_SELECT} WHERE v.entry_id = $1 ORDER BY v.version`, [entryId]);
  return rows.map((v) => presentVersion(v, false));
}

async function oneVersion(db: Db, entryId: string, version: number): Promise<VersionRow> {
  const { rows } = await db.query<VersionRow>(`${VERSION_SELECT} WHERE v.entry_id = $1 AND v.version = $2`, [entryId, version]);
  if (!rows[0]) throw notFound(`版本 ${version} 不存在`);
  return rows[0];
}

export async function getVersion(db: Db, entryId: string, version: number) {
  return presentVersion(await oneVersion(db, entryId, version), true);
}

type Part = { value: string; added?: boolean; removed?: boolean };
const parts = (changes: Array<{ value: unknown; added: boolean; removed: boolean }>): Part[] =>
  changes.map((c) => ({ value: Array.isArray(c.value) ? c.value.join('\n') : String(c.value), ...(c.added ? { added: true } : {}), ...(c.removed ? { removed: true } : {}) }));

/**
 * What changed between two versions: text fields as a list of kept / added / removed parts (the
 * `diff` library: characters for short fields, lines for the answer), questions item by item, and
 * the other fields as from → to. Unchanged fields are left out.
 */
export async function diffVersions(db: Db, entryId: string, from: number, to: number) {
  if (from === to) throw invalid('请选择两个不同的版本');
  const [a, b] = await Promise.all([oneVersion(db, entryId, from), oneVersion(db, entryId, to)]);
  const changes: Record<string, unknown> = {};
  if (a.title !== b.title) changes.title = parts(diffChars(a.title, b.title));
  if (a.answer !== b.answer) changes.answer = parts(diffLines(a.answer, b.answer));
  if (a.questions.join('\n') !== b.questions.join('\n')) changes.questions = diffArrays(a.questions, b.questions).map((c) => ({ items: c.value, ...(c.added ? { added: true } : {}), ...(c.removed ? { removed: true } : {}) }));
  const scalar = (name: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) changes[name] = { from: x, to: y };
  };
  scalar('state', a.state, b.state);
  scalar('category', a.category, b.category);
  scalar('ownerUnit', a.owner_name, b.owner_name);
  scalar('basis', a.basis_text ? { text: a.basis_text, url: a.basis_url } : null, b.basis_text ? { text: b.basis_text, url: b.basis_url } : null);
  scalar('effectiveFrom', a.effective_from, b.effective_from);
  scalar('expiresOn', a.expires_on, b.expires_on);
  scalar('visibility', a.visibility, b.visibility);
  scalar('attachments', a.attachments, b.attachments);
  return { from: presentVersion(a, false), to: presentVersion(b, false), changes };
}
