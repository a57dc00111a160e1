import { addCounts, EMPTY_COUNTS, ratesOf } from '../../core/analytics/indicators.ts';
import { parseMonth, PeriodInputError, periodText } from '../../core/analytics/periods.ts';
import { dayOfInstant, formatInstant, ymdFromDay } from '../../core/calendar/civil-date.ts';
import {
  BULLETIN_ARTICLES,
  bulletinText,
  judge,
  orderRanking,
  type BulletinContent,
  type BulletinStatus,
  type BulletinThresholds,
} from '../../core/reports/bulletin.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { audit } from '../audit/record.ts';
import { scorecardWithPrevious } from '../analytics/compare.ts';
import type { Queryable } from '../db/connection.ts';
import { conflict, forbidden, invalid, notFound } from '../http/errors.ts';

export interface BulletinRow {
  id: string;
  month: string;
  status: BulletinStatus;
  version: number;
  title: string;
  body: string;
  content: BulletinContent;
  author_id: string;
  author_name: string;
  return_reason: string | null;
  history: Array<{ action: string; by: string; byName: string; at: string; note?: string }>;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

/** Who drafts and reviews: the center's analysts and leaders (the leader reviews and publishes). */
export const mayEdit = (a: Actor) => a.isCenter && hasRole(a, 'analyst', 'leader');
export const mayReview = (a: Actor) => a.isCenter && hasRole(a, 'leader');

/** The figures and the draft text of one month's 通报, from the scorecard with its 环比. */
export async function generate(ctx: AppContext, month: string, thresholds: BulletinThresholds): Promise<{ title: string; body: string; content: BulletinContent }> {
  let period;
  try {
    period = parseMonth(month);
  } catch (error) {
    if (error instanceof PeriodInputError) throw invalid(error.message, [{ path: 'month', message: error.message }]);
    throw error;
  }
  const now = ctx.now();
  if (period.from > dayOfInstant(now)) throw invalid('该月尚未开始，不能生成通报', [{ path: 'month', message: '月份尚未开始' }]);
  const card = await scorecardWithPrevious(ctx.db, { ...period, by: 'dispatched', now });
  const rows = card.units.map((u) => ({
    unit: { id: u.unit.id, name: u.unit.name },
    group: u.group,
    rank: u.rank,
    received: u.received,
    overdue: u.overdue,
    onTimeRate: u.onTimeRate,
    satisfactionRate: u.satisfactionRate,
    score: u.score,
    previousRank: u.previous?.rank ?? null,
    previousScore: u.previous?.score ?? null,
    scoreChange: u.change.score,
    rankChange: u.change.rank,
  }));
  const sum = card.units.reduce((s, u) => addCounts(s, u.counts), EMPTY_COUNTS);
  const rates = ratesOf(sum);
  const ranking = orderRanking(rows);
  const content: BulletinContent = {
    month,
    period: periodText(period),
    previous: card.previous,
    basis: BULLETIN_ARTICLES[ctx.policy.id] ?? '',
    thresholds,
    generatedAt: formatInstant(now),
    totals: { units: ranking.length, shares: sum.received, overdue: sum.overdue, onTimeRate: rates.onTimeRate, satisfactionRate: rates.satisfactionRate },
    ranking,
    ...judge(ranking, thresholds),
  };
  const { rows: center } = await ctx.db.query<{ name: string }>(`SELECT name FROM units WHERE kind = 'center' ORDER BY path LIMIT 1`);
  const today = ymdFromDay(dayOfInstant(now));
  const text = bulletinText(content, center[0]?.name ?? '12345政务服务便民热线中心', ctx.policy.document.title, `${today.year}年${today.month}月${today.day}日`);
  return { ...text, content };
}

/** A 通报 as the actor may see it: editors see every one, everyone else only published ones. */
export async function loadVisible(q: Queryable, actor: Actor, id: string, lock = false): Promise<BulletinRow> {
  const { rows } = await q.query<BulletinRow>(`SELECT * FROM bulletins WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const b = rows[0];
  if (!b || (b.status !== 'published' && !mayEdit(actor))) throw notFound('通报不存在或尚未发布');
  return b;
}

export type Step = 'update' | 'regenerate' | 'submit' | 'return' | 'approve' | 'publish';

/** From which states each step may be taken, and by whom (the Chinese refusal says why not). */
const RULES: Record<Step, { from: BulletinStatus[]; to: BulletinStatus | null; who: (a: Actor, b: BulletinRow) => string | null }> = {
  update: { from: ['draft', 'returned'], to: null, who: (a, b) => (a.id === b.author_id ? null : '只有起草人可以修改通报') },
  regenerate: { from: ['draft', 'returned'], to: null, who: (a, b) => (a.id === b.author_id ? null : '只有起草人可以重新生成通报') },
  submit: { from: ['draft', 'returned'], to: 'submitted', who: (a, b) => (a.id === b.author_id ? null : '只有起草人可以提交审核') },
  return: { from: ['submitted'], to: 'returned', who: (a, b) => (!mayReview(a) ? '只有领导可以审核通报' : a.id === b.author_id ? '不能审核自己起草的通报' : null) },
  approve: { from: ['submitted'], to: 'approved', who: (a, b) => (!mayReview(a) ? '只有领导可以审核通报' : a.id === b.author_id ? '不能审核自己起草的通报' : null) },
  publish: { from: ['approved'], to: 'published', who: (a) => (mayReview(a) ? null : '只有领导可以发布通报') },
};

const STATE_MESSAGES: Record<BulletinStatus, string> = {
  draft: '通报还是草稿，尚未提交审核',
  submitted: '通报已提交审核，不能修改',
  returned: '通报已退回起草人修改',
  approved: '通报已审核通过，等待发布',
  published: '通报已发布，不能再修改',
};

/**
 * One step of the 通报's life, in one transaction: the row locked, the actor's role and the state
 * checked (403, 409), the stale copy refused (409), the change, the history and the audit record
 * written together.
 */
export async function step(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: Step,
  input: { version: number; title?: string; body?: string; reason?: string; note?: string },
): Promise<BulletinRow> {
  if (!mayEdit(actor)) throw forbidden('通报由热线中心的分析员起草、领导审核发布');
  const fresh = action === 'regenerate' ? await ctx.db.query<{ content: BulletinContent; month: string }>('SELECT content, month FROM bulletins WHERE id = $1', [id]) : null;
  const regenerated = fresh?.rows[0] ? await generate(ctx, fresh.rows[0].month, fresh.rows[0].content.thresholds) : null;
  return ctx.db.transaction(async (tx) => {
    const b = await loadVisible(tx, actor, id, true);
    const rule = RULES[action];
    const refused = rule.who(actor, b);
    if (refused) throw forbidden(refused);
    if (!rule.from.includes(b.status)) throw conflict(STATE_MESSAGES[b.status], 'wrong_state');
    if (b.version !== input.version) throw conflict('通报已被他人修改，请刷新后重试', 'stale');
    const now = ctx.now();
    const note = action === 'return' ? input.reason : input.note;
    const history = [...b.history, { action, by: actor.id, byName: actor.displayName, at: formatInstant(now), ...(note ? { note } : {}) }];
    const title = action === 'update' ? input.title! : (regenerated?.title ?? b.title);
    const body = action === 'update' ? input.body! : (regenerated?.body ?? b.body);
    const content = regenerated?.content ?? b.content;
    const returnReason = action === 'return' ? input.reason! : action === 'submit' ? null : b.return_reason;
    const { rows } = await tx.query<BulletinRow>(
      `UPDATE bulletins SET status = $2, version = version + 1, title = $3, body = $4, content = $5, return_reason = $6, history = $7, updated_at = $8,
              published_at = CASE WHEN $2 = 'published' THEN $8 ELSE published_at END
        WHERE id = $1 RETURNING *`,
      [id, rule.to ?? b.status, title, body, JSON.stringify(content), returnReason, JSON.stringify(history), new Date(now)],
    );
    await audit(tx, { action: `bulletin.${action}`, at: now, actor, objectType: 'bulletin', objectId: id, detail: { month: b.month, from: b.status, to: rule.to ?? b.status, ...(note ? { note } : {}) } });
    return rows[0]!;
  });
}

/** A new draft for a month, generated from its scorecard (409 if the month has one). */
export async function createBulletin(ctx: AppContext, actor: Actor, month: string, thresholds: BulletinThresholds): Promise<BulletinRow> {
  if (!mayEdit(actor)) throw forbidden('通报由热线中心的分析员或领导起草');
  const draft = await generate(ctx, month, thresholds);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const history = [{ action: 'create', by: actor.id, byName: actor.displayName, at: formatInstant(now) }];
    const { rows } = await tx.query<BulletinRow>(
      `INSERT INTO bulletins (month, status, title, body, content, author_id, author_name, history, created_at, updated_at)
       VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (month) DO NOTHING RETURNING *`,
      [month, draft.title, draft.body, JSON.stringify(draft.content), actor.id, actor.displayName, JSON.stringify(history), new Date(now)],
    );
    if (!rows[0]) throw conflict(`${month} 的通报已经生成，请在列表中打开`, 'exists');
    await audit(tx, { action: 'bulletin.create', at: now, actor, objectType: 'bulletin', objectId: rows[0].id, detail: { month, thresholds } });
    return rows[0];
  });
}

/** The 通报 steps waiting for this actor: their own drafts and returned ones, and, for a leader, the ones to review or publish. */
export async function bulletinStepsFor(db: Queryable, actor: Actor): Promise<Array<{ id: string; month: string; title: string; status: BulletinStatus; waitingFor: 'submit' | 'review' | 'publish'; since: string; returnReason: string | null }>> {
  if (!mayEdit(actor)) return [];
  const { rows } = await db.query<BulletinRow>(
    `SELECT * FROM bulletins WHERE (status IN ('draft', 'returned') AND author_id = $1)
        OR ($2 AND status = 'submitted' AND author_id <> $1) OR ($2 AND status = 'approved') ORDER BY updated_at`,
    [actor.id, mayReview(actor)],
  );
  return rows.map((b) => ({
    id: b.id,
    month: b.month,
    title: b.title,
    status: b.status,
    waitingFor: b.status === 'submitted' ? 'review' : b.status === 'approved' ? 'publish' : 'submit',
    since: formatInstant(b.updated_at.getTime()),
    returnReason: b.return_reason,
  }));
}

/** Published 通报 this user has not opened yet (the notice on their home and inbox). */
export async function unreadBulletins(db: Queryable, actor: Actor): Promise<Array<{ id: string; month: string; title: string; publishedAt: string }>> {
  const { rows } = await db.query<{ id: string; month: string; title: string; published_at: Date }>(
    `SELECT b.id, b.month, b.title, b.published_at FROM bulletins b
      WHERE b.status = 'published' AND NOT EXISTS (SELECT 1 FROM bulletin_reads r WHERE r.bulletin_id = b.id AND r.user_id = $1)
      ORDER BY b.published_at DESC`,
    [actor.id],
  );
  return rows.map((r) => ({ id: r.id, month: r.month, title: r.title, publishedAt: formatInstant(r.published_at.getTime()) }));
}

export async function markRead(db: Queryable, actor: Actor, id: string, now: number): Promise<void> {
  await db.query('INSERT INTO bulletin_reads (bulletin_id, user_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, actor.id, new Date(now)]);
}

/** The steps this actor may take on this 通报 now (the page shows only those buttons). */
export function allowedSteps(actor: Actor, b: BulletinRow): Step[] {
  if (!mayEdit(actor)) return [];
  return (Object.keys(RULES) as Step[]).filter((s) => RULES[s].from.includes(b.status) && RULES[s].who(actor, b) === null);
}
