import { formatBasis } from '../../core/policy/index.ts';
import type { Policy, SupervisionTrigger } from '../../core/policy/schema.ts';
import type { UnitPresets } from '../policy/for-unit.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { notifyUnit } from '../kb/store.ts';
import { announce } from '../live/bus.ts';
import { issueReminder, issueSupervision, open } from '../tickets/actions/supervision.ts';
import { loadAssignments, updateTicket, type TicketRow } from '../tickets/store.ts';
import { recordTrigger } from './record.ts';

/**
 * 督办 beyond the clocks: the kinds of matter the texts tell the hotline to supervise, as far as the
 * data shows them — 邵阳 第二十四条（二）（三）, 凉山 第二十二条（二）（三）（四）, 重庆 第十五条 — as the
 * preset's supervisionTriggers. Runs with the other jobs on the app's clock. Each rule fires at most
 * once per matter (supervision_triggers is unique on rule + matter, so of several instances only one
 * acts); where the text leaves the judgment to the center the rule only proposes (proposals.ts).
 */

const ACTIVE = ['dispatched', 'handling', 'redo', 'reviewing'];

interface Candidate {
  matter: string;
  ticket_id: string | null;
  kb_entry_id: string | null;
  unit_id: string | null;
  n: number;
  title: string | null;
}

export interface TriggerWatchResult {
  /** Supervisions and reminders issued by the platform itself. */
  acted: number;
  /** Proposals put in the supervisors' 待我审批. */
  proposed: number;
}

const ruleKey = (t: SupervisionTrigger) => `trigger:${t.code}`;

/**
 * The matters a rule sees now and has not fired on yet: anywhere for the default preset's rules; for a
 * subtree's own preset, those of the units under `scope` (a unit path) that follow it.
 */
async function detect(db: Queryable, t: SupervisionTrigger, batch: number, scope?: { path: string; policyId: string; presets: UnitPresets }): Promise<Candidate[]> {
  const min = t.min ?? 1;
  const fresh = (key: string) => `NOT EXISTS (SELECT 1 FROM supervision_triggers s WHERE s.rule = $1 AND s.matter = ${key})`;
  const leadUnit = `(SELECT a.unit_id FROM assignments a WHERE a.ticket_id = t.id AND a.parent_id IS NULL AND a.status <> 'returned' ORDER BY a.role DESC, a.created_at LIMIT 1)`;
  const params = [ruleKey(t), ACTIVE, min, batch];
  let sql: string;
  switch (t.detect) {
    case 'repeatedRequests':
      // the original and every request linked to it as a repeat (merged ones too), for groups with a
      // ticket still being handled: the newest of those is the ticket to act on
      sql = `SELECT g.root::text AS matter, c.n, x.id AS ticket_id, NULL::uuid AS kb_entry_id, x.unit_id, NULL AS title
               FROM (SELECT DISTINCT coalesce(t.repeat_of, t.id) AS root FROM tickets t WHERE t.status = ANY($2::text[])) g
               CROSS JOIN LATERAL (SELECT 1 + count(*)::int AS n FROM tickets r WHERE r.repeat_of = g.root) c
               JOIN LATERAL (SELECT t.id, ${leadUnit} AS unit_id FROM tickets t
                              WHERE (t.id = g.root OR t.repeat_of = g.root) AND t.status = ANY($2::text[])
                              ORDER BY t.created_at DESC LIMIT 1) x ON true
              WHERE c.n >= $3 AND ${fresh('g.root::text')}`;
      break;
    case 'repeatedReturns':
    case 'refusedReturns': {
      // 退单 (asked) or 驳回退单 (the center found the return unjustified), each an event on the share
      const action = t.detect === 'repeatedReturns' ? 'return' : 'reject-return';
      sql = `SELECT t.id::text AS matter, e.n, t.id AS ticket_id, NULL::uuid AS kb_entry_id,
                    (SELECT a.unit_id FROM assignments a WHERE a.id = e.last_share) AS unit_id, NULL AS title
               FROM tickets t
               CROSS JOIN LATERAL (SELECT count(*)::int AS n, (array_agg(assignment_id ORDER BY id DESC))[1] AS last_share
                                     FROM events WHERE ticket_id = t.id AND action = '${action}') e
              WHERE t.status = ANY($2::text[] || ARRAY['registered']) AND e.n >= $3 AND ${fresh('t.id::text')}`;
      break;
    }
    case 'repeatedExtensions':
      sql = `SELECT t.id::text AS matter, a.extension_count AS n, t.id AS ticket_id, NULL::uuid AS kb_entry_id, a.unit_id, NULL AS title
               FROM assignments a JOIN tickets t ON t.id = a.ticket_id
              WHERE a.extension_count >= $3 AND t.status = ANY($2::text[]) AND ${fresh('t.id::text')}`;
      break;
    case 'redoDissatisfied':
      // a second redo: sent back once, visited again and still dissatisfied through the unit's fault
      sql = `SELECT t.id::text AS matter, t.redo_count AS n, t.id AS ticket_id, NULL::uuid AS kb_entry_id, ${leadUnit} AS unit_id, NULL AS title
               FROM tickets t WHERE t.status = 'redo' AND t.redo_count >= greatest($3, 2) AND t.status = ANY($2::text[]) AND ${fresh('t.id::text')}`;
      break;
    case 'supervisedNoReply':
      // 督查督办 n times and the unit has still not 反馈: its top-level share is open (a reply held for the
      // unit's own review has not reached the center either)
      sql = `SELECT t.id::text AS matter, t.supervision_count AS n, t.id AS ticket_id, NULL::uuid AS kb_entry_id, a.unit_id, NULL AS title
               FROM tickets t
               JOIN LATERAL (SELECT a.unit_id FROM assignments a WHERE a.ticket_id = t.id AND a.parent_id IS NULL AND a.status NOT IN ('returned', 'replied', 'completed')
                              ORDER BY a.role DESC, a.created_at LIMIT 1) a ON true
              WHERE t.supervision_count >= $3 AND t.status = ANY($2::text[]) AND ${fresh('t.id::text')}`;
      break;
    case 'urgentOverdue':
      // a 特殊（紧急）事项 whose unit let one of its limits pass (the clock watcher marks it overdue)
      sql = `SELECT t.id::text AS matter, count(*)::int AS n, t.id AS ticket_id, NULL::uuid AS kb_entry_id, (array_agg(a.unit_id ORDER BY c.due_at))[1] AS unit_id, NULL AS title
               FROM tickets t JOIN clocks c ON c.ticket_id = t.id AND c.overdue AND c.assignment_id IS NOT NULL
               JOIN assignments a ON a.id = c.assignment_id
              WHERE t.urgency IN ('special', 'emergency') AND t.status = ANY($2::text[]) AND $3::int > 0 AND ${fresh('t.id::text')}
              GROUP BY t.id`;
      break;
    case 'kbNotUpdated':
      // the owner was told before expiry (kb/expiry.ts) and let the entry lapse: not updated on request
      sql = `SELECT k.id::text || ':' || k.expires_on::text AS matter, 1 AS n, NULL::uuid AS ticket_id, k.id AS kb_entry_id, k.owner_unit_id AS unit_id, k.title
               FROM kb_entries k
              WHERE k.state = 'expired' AND k.expiry_reminded_for = k.expires_on AND cardinality($2::text[]) > 0 AND $3::int > 0
                AND ${fresh("k.id::text || ':' || k.expires_on::text")}`;
      break;
  }
  if (!scope) return (await db.query<Candidate>(`${sql} LIMIT $4`, params)).rows;
  const { path, policyId, presets } = scope;
  // a subtree's own preset (大足 第十条 under 重庆): only the matters of its units, read off their paths
  const { rows } = await db.query<Candidate & { unit_path: string }>(
    `SELECT c.*, u.path AS unit_path FROM (${sql}) c JOIN units u ON u.id = c.unit_id WHERE u.path LIKE $5 LIMIT $4`,
    [...params, `${path.replace(/[\\%_]/g, (m) => `\\${m}`)}%`],
  );
  return rows.filter((c) => presets.forPath(c.unit_path).id === policyId);
}

function reasonOf(t: SupervisionTrigger, c: Candidate): string {
  switch (t.detect) {
    case 'repeatedRequests':
      return `同一诉求已反映 ${c.n} 次仍在办理`;
    case 'repeatedReturns':
      return `该工单已被退单 ${c.n} 次`;
    case 'refusedReturns':
      return `该工单的退单已被驳回 ${c.n} 次`;
    case 'repeatedExtensions':
      return `同一承办任务已延期 ${c.n} 次`;
    case 'redoDissatisfied':
      return `发回重办后回访仍不满意（承办单位原因），已第 ${c.n} 次重办`;
    case 'supervisedNoReply':
      return `已督查督办 ${c.n} 次，承办单位仍未反馈办理情况`;
    case 'urgentOverdue':
      return `特殊（紧急）事项已超过办理时限（${c.n} 项时限）`;
    case 'kbNotUpdated':
      return `知识条目“${c.title ?? ''}”经提醒更新后仍未更新，已失效`;
  }
}

/**
 * The default preset's rules watch every matter (the hotline supervises all: 重庆 第十五条); a subtree
 * following a preset of its own (大足区: 大足 第十条) has that preset's rules watch its units' matters too.
 */
async function ruleSets(ctx: AppContext): Promise<Array<{ policy: Policy; scope?: { path: string; policyId: string; presets: UnitPresets } }>> {
  const own = ctx.presets.subtrees().filter((s) => s.preset !== ctx.policy.id && ctx.presets.byId(s.preset).supervisionTriggers?.length);
  const paths = own.length ? (await ctx.db.query<{ id: string; path: string }>('SELECT id, path FROM units WHERE id = ANY($1::uuid[])', [own.map((s) => s.unitId)])).rows : [];
  return [
    { policy: ctx.policy },
    ...paths.map((u) => {
      const policy = ctx.presets.forPath(u.path);
      return { policy, scope: { path: u.path, policyId: policy.id, presets: ctx.presets } };
    }),
  ];
}

export async function watchSupervisionTriggers(ctx: AppContext, now = ctx.now(), batch = 100): Promise<TriggerWatchResult> {
  const result: TriggerWatchResult = { acted: 0, proposed: 0 };
  for (const { policy, scope } of await ruleSets(ctx)) {
    for (const t of policy.supervisionTriggers ?? []) {
      for (const c of await detect(ctx.db, t, batch, scope)) {
        await ctx.db.transaction(async (tx) => {
          const record = {
            rule: ruleKey(t),
            matter: c.matter,
            ticketId: c.ticket_id,
            kbEntryId: c.kb_entry_id,
            unitId: c.unit_id,
            action: t.action,
            label: t.label,
            reason: reasonOf(t, c),
            basis: formatBasis(policy, t.basis),
            at: now,
          } as const;
          if (t.proposal) {
            if (await recordTrigger(tx, { ...record, status: 'pending' })) result.proposed += 1;
            return;
          }
          if (!c.ticket_id) {
            // a unit's knowledge entry: the 催办 goes to the owner unit
            if ((await recordTrigger(tx, { ...record, status: 'done' })) && c.unit_id) {
              await notifyUnit(tx, c.unit_id, `【12345${t.action === 'supervise' ? '督办' : '催办'}】${record.reason}，请及时修订（${record.basis}）`, now);
              result.acted += 1;
            }
            return;
          }
          // the ticket first (as actions lock); busy with an action right now: next round
          const locked = await tx.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 FOR UPDATE SKIP LOCKED', [c.ticket_id]);
          const ticket = locked.rows[0];
          if (!ticket || !ACTIVE.includes(ticket.status)) return;
          const assignments = await loadAssignments(tx, ticket.id);
          if (!assignments.some(open)) return;
          if (!(await recordTrigger(tx, { ...record, status: 'done' }))) return;
          const target = { tx, app: ctx, ticket, assignments, actor: null, at: now };
          const data = { auto: true, basis: record.basis, trigger: t.label, note: `${record.reason}（${t.label}）` };
          if (t.action === 'supervise') await issueSupervision(target, { ...data, level: 1, method: 'system' });
          else await issueReminder(target, data);
          await updateTicket(tx, ticket.id, {}, now);
          await announce(tx, { ticketId: ticket.id, status: ticket.status, units: assignments.map((a) => a.unit_path) });
          result.acted += 1;
        });
      }
    }
  }
  return result;
}
