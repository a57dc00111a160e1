import { isSubjectUnit } from '../../core/access/index.ts';
import { parseInstant } from '../../core/calendar/civil-date.ts';
import { callerView, maskName, maskPhone } from '../../core/ticket/privacy.ts';
import { dutyClock } from './clocks.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { forbidden } from '../http/errors.ts';
import { lexiconFor } from '../kb/lexicon.ts';
import type { ListQuery } from './schemas.ts';
import { FLAGS_SQL, flagCondition } from './flags.ts';

/**
 * 工单查询: the tickets an actor may see, filtered, sorted and paged in the database. A unit sees
 * only tickets with a running share in its own subtree (core/access); the caller is shown masked,
 * by the same rule for the screen and the export (below).
 */

export type ListFilter = Omit<ListQuery, 'page' | 'pageSize' | 'sort'> &
  Partial<Pick<ListQuery, 'page' | 'pageSize' | 'sort'>> & {
    /** Tickets registered up to this instant only: an export's batches do not shift as new ones arrive. */
    until?: number;
    /** These tickets only (the change feed's page, tickets/changes.ts). */
    ids?: string[];
    /** Tickets after this id, in id order (the change feed's first full pass). */
    afterId?: string;
  };

type Param = (v: unknown) => string;

const SHANGHAI_DAY = 86_400_000;
const dayStart = (d: string) => parseInstant(`${d}T00:00:00+08:00`);

/** The WHERE clause of a filter, with its parameters added through p. */
async function whereOf(ctx: AppContext, actor: Actor, f: ListFilter, p: Param, subtree?: Promise<Subtree>): Promise<string[]> {
  const where: string[] = [];
  if (!actor.isCenter) {
    // Only a share still running puts a ticket in a unit's lists: one whose share ended (returned,
    // merged away) reads its own history by id, nothing more (core/access).
    const scope = await (subtree ?? subtreeOf(ctx, actor));
    where.push(
      scope.few
        ? `t.status <> 'merged' AND t.id = ANY(ARRAY(SELECT a.ticket_id FROM assignments a WHERE a.unit_id = ANY(${p(scope.ids)}::uuid[]) AND a.status <> 'returned'))`
        : `t.status <> 'merged' AND EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.status <> 'returned' AND a.unit_id = ANY(${p(scope.ids)}::uuid[]))`,
    );
  }
  if (f.phone !== undefined) {
    // who called is the center's to search: units never see who called beyond a masked number
    if (!actor.isCenter) throw forbidden('按来电号码查询仅限热线中心');
    where.push(`t.caller_phone_idx = ${p(ctx.vault.phoneIndex(f.phone))}`);
  }
  if (f.status?.length) where.push(`t.status = ANY(${p(f.status)}::text[])`);
  if (f.type?.length) where.push(`t.type = ANY(${p(f.type)}::text[])`);
  if (f.channel?.length) where.push(`t.channel = ANY(${p(f.channel)}::text[])`);
  if (f.satisfaction?.length) where.push(`t.satisfaction = ANY(${p(f.satisfaction)}::text[])`);
  if (f.flag?.length) where.push(flagCondition(f.flag));
  if (f.number) where.push(`t.number LIKE ${p(`${f.number}%`)}`);
  if (f.until !== undefined) where.push(`t.created_at <= ${p(new Date(f.until))}`);
  if (f.ids) where.push(`t.id = ANY(${p(f.ids)}::uuid[])`);
  if (f.afterId !== undefined) where.push(`t.id > ${p(f.afterId)}::uuid`);
  if (f.from) where.push(`t.created_at >= ${p(new Date(dayStart(f.from)))}`);
  if (f.to) where.push(`t.created_at < ${p(new Date(dayStart(f.to) + SHANGHAI_DAY))}`);
  if (f.category) {
    const c = f.category.replace(/\/+$/, '');
    where.push(`(t.category = ${p(c)} OR t.category LIKE ${p(`${c.replace(/[\\%_]/g, (m) => `\\${m}`)}/%`)})`);
  }
  if (f.unitId) {
    where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.unit_id = ${p(f.unitId)} AND a.status <> 'returned')`);
  }
  if (f.unit) {
    where.push(`EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.id = a.unit_id
      WHERE a.ticket_id = t.id AND a.status <> 'returned'
        AND u.path LIKE (SELECT s.path FROM units s WHERE s.id = ${p(f.unit)}) || '%')`);
  }
  if (f.overdue !== undefined) {
    where.push(`${f.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM clocks c WHERE c.ticket_id = t.id AND ${dutyClock()}
      AND ((c.status = 'running' AND c.due_at < ${p(new Date(ctx.now()))}) OR c.status = 'overdue'))`);
  }
  if (f.q) {
    // Cut as the knowledge base cuts (jieba with the hotline's words): 路灯不亮 finds 路灯坏了不亮.
    const { segmenter } = await lexiconFor(ctx.db);
    const words = [...new Set(segmenter.tokens(f.q))].slice(0, 8);
    const like = (w: string) => p(`%${w.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    const text = `concat_ws(' ', t.title, t.content, t.address)`;
    const all = words.length ? words.map((w) => `${text} ILIKE ${like(w)}`).join(' AND ') : `${text} ILIKE ${like(f.q)}`;
    where.push(/^\d+$/.test(f.q) ? `(t.number LIKE ${p(`%${f.q}%`)} OR (${all}))` : `(${all})`);
  }
  if (f.assignmentStatus) {
    where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.unit_id = ${p(actor.unit.id)}
      AND a.status = ANY(${p(f.assignmentStatus.split(','))}::text[]))`);
  }
  if (f.pending === 'return') {
    // a sub-unit's return waits for the unit above, not the hotline, where returns go up the chain (CQ 第十三条（一）)
    const chain = actor.isCenter ? centerDecidesReturn(ctx, p) : '';
    where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.status = 'return_requested'${chain})`);
  }
  if (f.pending === 'sms-reply') where.push(`t.status IN ('visiting', 'answered') AND t.sms_visit->>'repliedAt' IS NOT NULL`);
  if (f.pending === 'sms-failed') where.push(`t.status IN ('visiting', 'answered') AND t.sms_visit->'delivery'->>'status' = 'failed'`);
  if (f.pending === 'extension') where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.pending_extension IS NOT NULL)`);
  if (f.dueSoon) {
    where.push(`EXISTS (SELECT 1 FROM clocks c WHERE c.ticket_id = t.id AND c.status = 'running' AND ${dutyClock()}
      AND c.soon_at <= ${p(new Date(ctx.now()))} AND c.due_at > ${p(new Date(ctx.now()))})`);
  }
  return where;
}

/** Up to this many shares, a unit's list starts from its shares; beyond, from the newest tickets. */
const FEW_SHARES = 5000;

/**
 * The units of an actor's subtree, and whether they hold few shares. A unit with few shares among
 * many tickets (a new unit, a quiet one) is found from its shares: walking the tickets newest first
 * for its twenty would read them all (issue 16: 0.9 s at 200,000 tickets, for 84 shares). A busy
 * unit's twenty newest are near the top, and counting its shares would cost more than the walk.
 */
interface Subtree {
  ids: string[];
  few: boolean;
}

async function subtreeOf(ctx: AppContext, actor: Actor): Promise<Subtree> {
  const { rows } = await ctx.db.query<{ ids: string[]; n: number }>(
    `WITH s AS (SELECT id FROM units WHERE path LIKE $1)
     SELECT ARRAY(SELECT id::text FROM s) AS ids,
            (SELECT count(*)::int FROM (SELECT 1 FROM assignments a WHERE a.unit_id IN (SELECT id FROM s) AND a.status <> 'returned' LIMIT $2) x) AS n`,
    [`${actor.unit.path}%`, FEW_SHARES + 1],
  );
  return { ids: rows[0]!.ids, few: rows[0]!.n <= FEW_SHARES };
}

/**
 * Which pending returns the hotline decides: a first-level share's always; a sub-unit's only where its
 * preset does not send returns up the chain (CQ 第十三条（一）, DZ 第六条（一）). Where the presets in use
 * differ on that, the share's unit's preset is read in SQL as core/policy/subtree.ts reads it: the
 * nearest unit on its path that names one, else the default.
 */
function centerDecidesReturn(ctx: AppContext, p: Param): string {
  const inUse = ctx.presets.inUse();
  const chained = inUse.filter((x) => x.returns?.upChain).map((x) => x.id);
  if (!chained.length) return '';
  if (chained.length === inUse.length) return ' AND a.parent_id IS NULL';
  const preset = `coalesce((SELECT o.preset FROM units su JOIN units o ON su.path LIKE o.path || '%'
                             WHERE su.id = a.unit_id AND o.preset IS NOT NULL ORDER BY length(o.path) DESC LIMIT 1), ${p(ctx.policy.id)})`;
  return ` AND (a.parent_id IS NULL OR NOT (${preset} = ANY(${p(chained)}::text[])))`;
}

/** Sorting is stable: ties are broken by id in the same direction, so pages never overlap. */
const ORDER: Record<NonNullable<ListFilter['sort']>, readonly string[]> = {
  '-createdAt': ['created_at DESC', 'id DESC'],
  createdAt: ['created_at ASC', 'id ASC'],
  '-number': ['number DESC'],
  number: ['number ASC'],
};

export interface ListRow {
  id: string;
  number: string;
  status: string;
  channel: string;
  type: string;
  urgency: string;
  title: string | null;
  excerpt: string;
  address: string | null;
  category: string | null;
  satisfaction: string | null;
  created_at: Date;
  version: number;
  due_clock: { name: string; dueAt: string; others?: boolean } | null;
  units: string | null;
  caller_name: string | null;
  caller_phone: string | null;
  anonymous: boolean;
  confidential: boolean;
  subject_path: string | null;
  /** 工单标记 (tickets/flags.ts). */
  flags: string[];
}

/** The query behind a page of the list and behind the export: `limit` rows after `offset`. */
async function selectRows(ctx: AppContext, actor: Actor, f: ListFilter, limit: number, offset: number) {
  const params: unknown[] = [];
  const p: Param = (v) => `$${params.push(v)}`;
  const where = await whereOf(ctx, actor, f, p);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const whereParams = [...params];
  // The clock that runs out first: for a unit, among its own shares' clocks.
  const ownClock = actor.isCenter ? '' : `AND c.assignment_id IN (SELECT a.id FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.ticket_id = t.id AND a.status <> 'returned' AND u.path LIKE ${p(`${actor.unit.path}%`)})`;
  const running = `FROM clocks c WHERE c.ticket_id = t.id AND c.status = 'running' AND ${dutyClock()}`;
  const first = (own: string, others: boolean) =>
    `(SELECT json_build_object('name', c.name, 'dueAt', c.due_at${others ? `, 'others', true` : ''}) ${running} ${own} ORDER BY c.due_at LIMIT 1)`;
  // A unit whose own shares have replied still has the ticket in its list while it waits on the
  // others (协办, 会签 or the units below it, 重庆 第十三条（二）): it sees the clock it waits on,
  // marked as someone else's, rather than "无时限".
  const dueClock = actor.isCenter ? first('', false) : `COALESCE(${first(ownClock, false)}, ${first('AND c.assignment_id IS NOT NULL', true)})`;
  const columns = `t.id, t.number, t.status, t.channel, t.type, t.urgency, t.title, left(t.content, 120) AS excerpt, t.address,
              t.category, t.satisfaction, t.created_at, t.version, t.caller_name, t.caller_phone, t.anonymous, t.confidential,
              (SELECT s.path FROM units s WHERE s.id = t.subject_unit_id) AS subject_path, ${FLAGS_SQL} AS flags,
              ${dueClock}                AS due_clock,
              (SELECT string_agg(u.name, '、' ORDER BY a.created_at) FROM assignments a JOIN units u ON u.id = a.unit_id
                WHERE a.ticket_id = t.id AND a.status <> 'returned' AND a.parent_id IS NULL) AS units`;
  // the list's order on the rows of a given alias (a unit's page orders its found tickets, then the page)
  const order = (alias: string) => (f.afterId !== undefined ? ['id'] : ORDER[f.sort ?? '-createdAt']).map((c) => `${alias}.${c}`).join(', ');
  const limits = `LIMIT ${p(limit)} OFFSET ${p(offset)}`;
  const sql = `SELECT ${columns} FROM tickets t ${clause} ORDER BY ${order('t')} ${limits}`;
  return { sql, params, clause, whereParams, columns, order, limits };
}

/**
 * A unit's page and its count in one statement: its tickets are found once, from its shares, then
 * counted and the page cut from them. Two statements found them twice: at 2,255 running shares
 * (bench:load's street office after a few runs) 12.4–14.4 ms for the pair against 4.8–7.3 ms in
 * one (issue 16). The center's lists keep two: theirs may match every ticket, which the page finds
 * by walking the newest first and this form would gather and sort whole.
 */
async function unitPage(ctx: AppContext, q: Awaited<ReturnType<typeof selectRows>>) {
  const { rows } = await ctx.db.query<ListRow & { total: number }>(
    `WITH m AS MATERIALIZED (SELECT t.id, t.number, t.created_at FROM tickets t ${q.clause}),
          page AS (SELECT ${q.columns} FROM tickets t WHERE t.id IN (SELECT m.id FROM m ORDER BY ${q.order('m')} ${q.limits}))
     SELECT (SELECT count(*)::int FROM m) AS total, page.* FROM (VALUES (1)) one LEFT JOIN page ON true
      ORDER BY ${q.order('page')}`,
    q.params,
  );
  // an empty page still brings its count, on a row of its own
  const items = rows.flatMap(({ total: _total, ...row }) => (row.id === null ? [] : [row as ListRow]));
  return { items, total: rows[0]?.total ?? 0 };
}

/** One batch of rows, no count: the change feed's page. */
export async function ticketRows(ctx: AppContext, actor: Actor, f: ListFilter, limit: number): Promise<ListRow[]> {
  const q = await selectRows(ctx, actor, f, limit, 0);
  return (await ctx.db.query<ListRow>(q.sql, q.params)).rows;
}

export async function listTickets(ctx: AppContext, actor: Actor, f: ListFilter) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const q = await selectRows(ctx, actor, f, pageSize, (page - 1) * pageSize);
  if (!actor.isCenter) return unitPage(ctx, q);
  const [items, total] = await Promise.all([
    ctx.db.query<ListRow>(q.sql, q.params),
    ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t ${q.clause}`, q.whereParams),
  ]);
  return { items: items.rows, total: total.rows[0]?.n ?? 0 };
}

export async function countTickets(ctx: AppContext, actor: Actor, f: ListFilter): Promise<number> {
  const q = await selectRows(ctx, actor, f, 1, 0);
  const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t ${q.clause}`, q.whereParams);
  return rows[0]?.n ?? 0;
}

/**
 * How many tickets each of several lists holds (a page's tabs), in one statement: a unit's page
 * asked for each of its five tabs' lists, rows and count, on every change that reached it (issue 16).
 */
export async function countsOf(ctx: AppContext, actor: Actor, filters: readonly ListFilter[]): Promise<number[]> {
  if (!filters.length) return [];
  const params: unknown[] = [];
  const p: Param = (v) => `$${params.push(v)}`;
  const subtree = actor.isCenter ? undefined : subtreeOf(ctx, actor);
  const counts: string[] = [];
  for (const f of filters) {
    const where = await whereOf(ctx, actor, f, p, subtree);
    counts.push(`(SELECT count(*)::int FROM tickets t ${where.length ? `WHERE ${where.join(' AND ')}` : ''})`);
  }
  const { rows } = await ctx.db.query<{ n: number[] }>(`SELECT ARRAY[${counts.join(', ')}] AS n`, params);
  return rows[0]!.n;
}

/** Rows of the filtered list in batches of `batch`, in the list's order: what the export streams. */
export async function* ticketBatches(ctx: AppContext, actor: Actor, f: ListFilter, max: number, batch = 500): AsyncGenerator<ListRow[]> {
  for (let offset = 0; offset < max; offset += batch) {
    const q = await selectRows(ctx, actor, f, Math.min(batch, max - offset), offset);
    const { rows } = await ctx.db.query<ListRow>(q.sql, q.params);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}

/**
 * The caller as a list shows it, on screen and in the export alike. Lists are for finding
 * tickets, not for reading who called: everyone sees at most a masked number and name (the full
 * ones are on the ticket, where each read is recorded). A unit sees nothing of an anonymous or
 * confidential caller, nor of one who complained about it (重庆 第二十二条, 邵阳 第二十三条); the
 * center sees those masked too.
 */
export function listCaller(ctx: AppContext, actor: Actor, row: ListRow): { name: string | null; phone: string | null } | null {
  const view = callerView({
    viewerIsCenter: actor.isCenter,
    anonymous: row.anonymous,
    confidential: row.confidential,
    viewerIsSubject: !actor.isCenter && isSubjectUnit(actor.unit.path, row.subject_path),
  });
  if (view === 'hidden' || (!row.caller_name && !row.caller_phone)) return null;
  return { name: maskName(ctx.vault.openField(row.caller_name)), phone: maskPhone(ctx.vault.openField(row.caller_phone)) };
}
