import { formatInstant, type Instant } from '../../core/calendar/civil-date.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { conflict, forbidden, invalid, notFound } from '../http/errors.ts';

/**
 * 报送材料: what a unit sends the center about its hotline work — 工作动态, 典型案例, 情况分析 (邵阳
 * 第六条（六） 及时报送本地区本部门12345热线工作动态、典型案例、情况分析等资料). A unit sees only its own; the
 * center's supervisors and analysts find new ones in their inbox, mark them read or adopted (采用), and
 * cite them in a 通报 (reports/bulletins.ts), which marks them adopted too.
 */
export const SUBMISSION_KINDS = ['news', 'case', 'analysis'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];
export const SUBMISSION_KIND_LABELS: Record<SubmissionKind, string> = { news: '工作动态', case: '典型案例', analysis: '情况分析' };

export const SUBMISSION_STATUSES = ['submitted', 'read', 'adopted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = { submitted: '待阅', read: '已阅', adopted: '已采用' };

/** A unit's people who report for it: its 单位管理员 and handlers (not the center, which receives). */
export const maySubmit = (a: Actor) => !a.isCenter && hasRole(a, 'unit_admin', 'handler');
/** Who reviews at the center: supervisors and analysts (their inbox); leaders and administrators read. */
export const mayReview = (a: Actor) => a.isCenter && hasRole(a, 'supervisor', 'analyst');
export const mayReadAll = (a: Actor) => a.isCenter && hasRole(a, 'supervisor', 'analyst', 'leader', 'admin');
/** Those who draft a 通报 cite in it (reports/bulletins.ts mayEdit). */
export const mayCite = (a: Actor) => a.isCenter && hasRole(a, 'analyst', 'leader');

export interface SubmissionRow {
  id: string;
  unit_id: string;
  unit_name: string;
  kind: SubmissionKind;
  title: string;
  body: string;
  ticket_ids: string[];
  attachments: string[];
  status: SubmissionStatus;
  submitted_by: string;
  submitted_by_name: string;
  submitted_at: Date;
  read_at: Date | null;
  read_by_name: string | null;
  adopted_at: Date | null;
  adopted_by_name: string | null;
  review_note: string | null;
}

export const SUBMISSION_SELECT = `SELECT s.id, s.unit_id, u.name AS unit_name, s.kind, s.title, s.body, s.ticket_ids, s.attachments, s.status,
    s.submitted_by, s.submitted_by_name, s.submitted_at, s.read_at, r.display_name AS read_by_name, s.adopted_at,
    ad.display_name AS adopted_by_name, s.review_note
  FROM unit_submissions s JOIN units u ON u.id = s.unit_id
  LEFT JOIN users r ON r.id = s.read_by LEFT JOIN users ad ON ad.id = s.adopted_by`;

/** Where the actor's reading stops: everything for the center's readers, the own unit's for a unit, else nothing. */
export function visibility(actor: Actor): { all: true } | { unitId: string } {
  if (mayReadAll(actor)) return { all: true };
  if (!actor.isCenter && hasRole(actor, 'unit_admin', 'handler')) return { unitId: actor.unit.id };
  throw forbidden('报送材料由承办单位报送、热线中心的督办员和分析员审阅');
}

export async function loadSubmission(db: Queryable, actor: Actor, id: string, lock = false): Promise<SubmissionRow> {
  const seen = visibility(actor);
  const { rows } = await db.query<SubmissionRow>(`${SUBMISSION_SELECT} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id]);
  const row = rows[0];
  // another unit's submission is "not found", as a ticket is
  if (!row || ('unitId' in seen && row.unit_id !== seen.unitId)) throw notFound('报送材料不存在');
  return row;
}

export interface SubmissionInput {
  kind: SubmissionKind;
  title: string;
  body: string;
  ticketIds: string[];
  attachments: string[];
}

/** Linked tickets must be the unit's own (a share in its subtree, now or before); files its own uploads not on a ticket. */
async function checkLinks(tx: Queryable, actor: Actor, input: SubmissionInput): Promise<void> {
  const tickets = [...new Set(input.ticketIds)];
  if (tickets.length) {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT DISTINCT a.ticket_id AS id FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.ticket_id = ANY($1::uuid[]) AND u.path LIKE $2`,
      [tickets, `${actor.unit.path}%`],
    );
    if (rows.length !== tickets.length) throw invalid('只能关联本单位承办过的工单', [{ path: 'ticketIds', message: '工单不存在或不是本单位承办的' }]);
  }
  const files = [...new Set(input.attachments)];
  if (files.length) {
    const { rows } = await tx.query('SELECT id FROM attachments WHERE id = ANY($1::uuid[]) AND uploaded_by = $2 AND ticket_id IS NULL', [files, actor.id]);
    if (rows.length !== files.length) throw invalid('附件不存在或不是您上传的', [{ path: 'attachments', message: '附件无效' }]);
  }
}

export async function insertSubmission(tx: Queryable, actor: Actor, input: SubmissionInput, now: Instant): Promise<string> {
  if (!maySubmit(actor)) throw forbidden('报送材料由承办单位的单位管理员或承办人报送');
  await checkLinks(tx, actor, input);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO unit_submissions (unit_id, kind, title, body, ticket_ids, attachments, status, submitted_by, submitted_by_name, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9) RETURNING id`,
    [actor.unit.id, input.kind, input.title, input.body, [...new Set(input.ticketIds)], [...new Set(input.attachments)], actor.id, actor.displayName, new Date(now)],
  );
  return rows[0]!.id;
}

/** 已阅 / 已采用: forward only (an adopted one stays adopted); the note is the reviewer's word to the unit. */
export async function review(tx: Queryable, actor: Actor, row: SubmissionRow, to: 'read' | 'adopted', note: string | null, now: Instant): Promise<void> {
  if (!mayReview(actor)) throw forbidden('报送材料由热线中心的督办员或分析员审阅');
  if (row.status === 'adopted') throw conflict(`该材料已于 ${formatInstant(row.adopted_at!.getTime()).slice(0, 16).replace('T', ' ')} 采用`, 'wrong_state');
  if (to === 'read' && row.status === 'read') throw conflict('该材料已阅', 'wrong_state');
  await tx.query(
    `UPDATE unit_submissions SET status = $2,
       read_by = COALESCE(read_by, $3), read_at = COALESCE(read_at, $4),
       adopted_by = CASE WHEN $2 = 'adopted' THEN $3 ELSE adopted_by END, adopted_at = CASE WHEN $2 = 'adopted' THEN $4 ELSE adopted_at END,
       review_note = COALESCE($5, review_note)
     WHERE id = $1`,
    [row.id, to, actor.id, new Date(now), note],
  );
}

export async function citationsOf(db: Queryable, submissionIds: string[]): Promise<Map<string, Array<{ bulletinId: string; month: string; title: string; status: string }>>> {
  const { rows } = await db.query<{ submission_id: string; bulletin_id: string; month: string; title: string; status: string }>(
    `SELECT c.submission_id, b.id AS bulletin_id, b.month, b.title, b.status FROM submission_citations c JOIN bulletins b ON b.id = c.bulletin_id
      WHERE c.submission_id = ANY($1::uuid[]) ORDER BY b.month`,
    [submissionIds],
  );
  const out = new Map<string, Array<{ bulletinId: string; month: string; title: string; status: string }>>();
  for (const r of rows) out.set(r.submission_id, [...(out.get(r.submission_id) ?? []), { bulletinId: r.bulletin_id, month: r.month, title: r.title, status: r.status }]);
  return out;
}

export function presentSubmission(actor: Actor, r: SubmissionRow, cited: Array<{ bulletinId: string; month: string; title: string; status: string }>, tickets: Map<string, string>, full = true) {
  const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    kind: r.kind,
    kindLabel: SUBMISSION_KIND_LABELS[r.kind],
    title: r.title,
    ...(full ? { body: r.body } : { excerpt: r.body.slice(0, 80) }),
    tickets: r.ticket_ids.map((id) => ({ id, number: tickets.get(id) ?? null })),
    attachments: r.attachments,
    status: r.status,
    statusLabel: SUBMISSION_STATUS_LABELS[r.status],
    submittedBy: r.submitted_by_name,
    submittedAt: at(r.submitted_at)!,
    readAt: at(r.read_at),
    readBy: r.read_by_name,
    adoptedAt: at(r.adopted_at),
    adoptedBy: r.adopted_by_name,
    reviewNote: r.review_note,
    citedIn: cited,
    // the actions the server allows this user now (the page offers exactly these)
    actions: [
      ...(mayReview(actor) && r.status === 'submitted' ? ['read' as const] : []),
      ...(mayReview(actor) && r.status !== 'adopted' ? ['adopt' as const] : []),
      ...(mayCite(actor) ? ['cite' as const] : []),
    ],
  };
}

/** 待阅 submissions, in the inbox of those who review them (邵阳 第六条（六）). */
export async function submissionsWaiting(db: Queryable, actor: Actor): Promise<number> {
  if (!mayReview(actor)) return 0;
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM unit_submissions WHERE status = 'submitted'`);
  return Number(rows[0]!.n);
}
