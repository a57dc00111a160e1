import { ACTION_RULES } from '../../core/ticket/machine.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { TICKET_TEXT_COLUMNS, type GuardTicket } from '../tickets/actions/guards.ts';
import type { ClockRow } from '../tickets/clocks.ts';
import { loadAssignmentsOf, type AssignmentRow } from '../tickets/store.ts';
import type { DecisionKind } from './decisions.ts';

/**
 * A waiting ticket as the inbox decides on it: every column but its text (guards.ts:
 * TICKET_TEXT_COLUMNS), which the list shows only for the page it presents. A busy center has 700
 * tickets waiting for 办结审核, and reading each with its text was a fifth of the inbox's CPU (issue 16).
 */
export type DecisionTicket = GuardTicket;

/** The columns of DecisionTicket, from the table's own list so a column added later is read too. */
let decisionColumns: Promise<string> | null = null;
function decisionColumnsSql(ctx: AppContext): Promise<string> {
  decisionColumns ??= ctx.db
    .query<{ name: string }>(`SELECT attname AS name FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
    .then(({ rows }) => rows.filter((r) => !(TICKET_TEXT_COLUMNS as readonly string[]).includes(r.name)).map((r) => `t.${r.name}`).join(', '))
    .catch((error: unknown) => {
      decisionColumns = null;
      throw error;
    });
  return decisionColumns;
}

interface AppealRow {
  ticket_id: string;
  at: Date;
  unit_name: string | null;
  data: { reason?: string; evidence?: string };
}

/** What the inbox decides on, for one scope (the center, or a unit's subtree) and the kinds asked. */
export interface InboxRows {
  tickets: Array<DecisionTicket & { subject_path: string | null }>;
  /** Grouped once: hundreds of tickets wait for the center's review in a busy hour. */
  sharesOf: Map<string, AssignmentRow[]>;
  clocksOf: Map<string, ClockRow[]>;
  appealOf: Map<string, AppealRow>;
}

export type InboxRowsSource = (ctx: AppContext, actor: Actor, wanted: readonly DecisionKind[]) => Promise<InboxRows>;

/**
 * The tickets that may wait for a decision of `wanted`'s kinds in the actor's scope, with their shares,
 * running clocks and appeals; of the tickets `only` names, where given (kept-rows.ts: those changed).
 */
export async function readInboxRows(ctx: AppContext, actor: Actor, wanted: readonly DecisionKind[], only?: readonly string[]): Promise<InboxRows> {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  // Each kind names the tickets it may concern through an index of its own (migration 046); the
  // guards below decide. A lead's consolidation is only possible while the ticket is being handled.
  const any: string[] = [];
  if (wanted.includes('extension')) any.push('SELECT ticket_id FROM assignments WHERE pending_extension IS NOT NULL');
  if (wanted.includes('return')) any.push(`SELECT ticket_id FROM assignments WHERE status = 'return_requested'`);
  if (wanted.includes('completion')) any.push(`SELECT id FROM tickets WHERE status = 'reviewing'`);
  if (wanted.includes('appeal')) any.push(`SELECT id FROM tickets WHERE appeal_status = 'pending'`);
  if (wanted.includes('consolidation')) {
    // Found from the lead's share, which must be in the reply's state (and, for a unit, in its
    // subtree: only a share of the actor's own unit is theirs to answer on): read from every open
    // ticket of the center, this had each unit's inbox probe 773 tickets' shares (issue 16).
    const leads = actor.isCenter ? '' : `AND l.unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE ${p(`${actor.unit.path}%`)})`;
    any.push(`SELECT l.ticket_id FROM assignments l JOIN tickets t ON t.id = l.ticket_id
               WHERE l.role = 'lead' AND l.parent_id IS NULL AND l.status = ANY(${p(ACTION_RULES.reply.assignmentFrom)}::text[]) ${leads}
                 AND t.status = ANY(${p(ACTION_RULES.reply.from)}::text[])
                 AND EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = l.ticket_id AND a.role = 'assist' AND a.parent_id IS NULL AND a.status IN ('replied', 'completed'))`);
  }
  if (wanted.includes('unit-review')) any.push(`SELECT ticket_id FROM assignments WHERE status = 'unit_review'`);
  if (wanted.includes('supervision-extension')) any.push('SELECT ticket_id FROM assignments WHERE pending_supervision_extension IS NOT NULL');
  // A unit decides only on tickets of its own subtree (and the guards say which).
  const scope = actor.isCenter
    ? ''
    : `AND EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.ticket_id = t.id AND u.path LIKE ${p(`${actor.unit.path}%`)})`;
  const { rows: tickets } = await ctx.db.query<DecisionTicket & { subject_path: string | null }>(
    // `only` on w, not t: PostgreSQL takes it into each branch of the union and its index
    `SELECT ${await decisionColumnsSql(ctx)}, s.path AS subject_path FROM (${any.join(' UNION ')}) AS w(id) JOIN tickets t ON t.id = w.id
       LEFT JOIN units s ON s.id = t.subject_unit_id
      WHERE true ${scope}${only ? ` AND w.id = ANY(${p(only)}::uuid[])` : ''}`,
    params,
  );
  // most units have nothing waiting: no shares, clocks or appeals to ask for
  if (!tickets.length) return { tickets, sharesOf: new Map(), clocksOf: new Map(), appealOf: new Map() };
  const ids = tickets.map((t) => t.id);
  // the appeal's reason and evidence only where an appeal waits (not the timelines of 700 reviews)
  const appealing = wanted.includes('appeal') ? tickets.filter((t) => t.appeal_status === 'pending').map((t) => t.id) : [];
  const [shares, clocks, appeals] = await Promise.all([
    loadAssignmentsOf(ctx.db, ids),
    // running clocks only: the deciding guards and the list ask for the running limit (runningHandleClock,
    // runningSupervisionClock); the stopped ones were two thirds of the rows read
    ctx.db.query<ClockRow>(`SELECT * FROM clocks WHERE ticket_id = ANY($1::uuid[]) AND status = 'running' ORDER BY started_at, name`, [ids]),
    appealing.length
      ? ctx.db.query<{ ticket_id: string; at: Date; unit_name: string | null; data: { reason?: string; evidence?: string } }>(
          `SELECT DISTINCT ON (e.ticket_id) e.ticket_id, e.at, u.name AS unit_name, e.data FROM events e LEFT JOIN units u ON u.id = e.actor_unit_id WHERE e.ticket_id = ANY($1::uuid[]) AND e.action = 'appeal' ORDER BY e.ticket_id, e.at DESC, e.id DESC`,
          [appealing],
        )
      : Promise.resolve({ rows: [] }),
  ]);
  return { tickets, sharesOf: groupBy(shares, (s) => s.ticket_id), clocksOf: groupBy(clocks.rows, (c) => c.ticket_id), appealOf: new Map(appeals.rows.map((r) => [r.ticket_id, r])) };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
