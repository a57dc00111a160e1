import { formatInstant } from '../../core/calendar/civil-date.ts';
import { ACTION_RULES, TICKET_STATUS_LABELS, type TicketAction } from '../../core/ticket/machine.ts';
import { TICKET_TYPE_LABELS } from '../../core/vocabulary.ts';
import { accessTo } from '../access/ticket-access.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { assistReplies, leadAndAssists } from '../tickets/actions/consolidation.ts';
import { runningHandleClock } from '../tickets/actions/guards.ts';
import { runningSupervisionClock } from '../tickets/actions/supervision-extension.ts';
import { allowedActionsFor } from '../tickets/allowed.ts';
import type { ClockRow } from '../tickets/clocks.ts';
import type { AssignmentRow, TicketRow } from '../tickets/store.ts';
import { readInboxRows, type DecisionTicket, type InboxRows, type InboxRowsSource } from './rows.ts';

/**
 * 待我审批: every request that waits for a decision, in the inbox of exactly those who may take it
 * under the active preset. A request is in someone's inbox when the decision's action is among the
 * actions allowed to them (tickets/allowed.ts, the same checks the action runs): an extension before
 * the unit one level up (CQ 第十三条（三）) or the hotline (SY 第十四条, LS 第十二条（三）), a return
 * (CQ 第十三条（一）, SY 第十三条), a handling report to review (SY 第十六条), an appeal against a
 * dissatisfied rating (SY 第二十五条, LS 第十三条（三）), a 督办延期 before the hotline's supervisors (SY 第二十四条).
 * Proposals of the supervision rules wait beside them (supervision/proposals.ts). Termination needs no approval: the unit
 * itself decides it with a written opinion (LS 第十三条（四）), so it waits in no one's inbox.
 */
export const DECISION_KINDS = ['extension', 'return', 'completion', 'appeal', 'supervision-extension', 'unit-review', 'consolidation'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_LABELS: Record<DecisionKind, string> = {
  extension: '延期审批',
  return: '退单审核',
  completion: '办结审核',
  appeal: '申诉审核',
  'supervision-extension': '督办延期审批',
  // a handler's reply before the unit's reviewer (本单位审核: CQ 第六条（二）, DZ 第五条（二）)
  'unit-review': '待本单位审核',
  // the assisting units have replied to the lead, which now answers for all (重庆 第十三条（二）)
  consolidation: '协办答复待汇总',
};

/** The action that settles each kind (its reject twin is allowed under the same guard). */
const DECIDING: Record<DecisionKind, TicketAction> = {
  extension: 'approve-extension',
  return: 'approve-return',
  completion: 'approve-completion',
  appeal: 'approve-appeal',
  'supervision-extension': 'approve-supervision-extension',
  'unit-review': 'approve-reply',
  consolidation: 'reply',
};

const KIND_OF = new Map<TicketAction, DecisionKind>(Object.entries(DECIDING).map(([k, a]) => [a, k as DecisionKind]));

export interface Decision {
  kind: DecisionKind;
  ticket: DecisionTicket;
  share: AssignmentRow | null;
  shares: AssignmentRow[];
  /** The ticket's running clocks: the only ones a deciding action's guard or the list reads. */
  clocks: ClockRow[];
  appeal: { reason: string; evidence: string; at: Date; unitName: string | null } | null;
  /** When the request was made (requestedAt), worked out once: the list is sorted by it. */
  at: number;
}

/** The deciding actions of the kinds asked for that this actor's roles allow at all (core/ticket/machine.ts). */
export function wantedKinds(actor: Pick<Actor, 'roles'>, kinds: readonly DecisionKind[]): DecisionKind[] {
  return kinds.filter((k) => (ACTION_RULES[DECIDING[k]].roles as readonly string[]).some((r) => actor.roles.includes(r as never)));
}

/** Every decision waiting for this actor, oldest request first. */
export async function decisionsFor(ctx: AppContext, actor: Actor, kinds: readonly DecisionKind[] = DECISION_KINDS, source?: InboxRowsSource): Promise<Decision[]> {
  const wanted = wantedKinds(actor, kinds);
  if (!wanted.length) return [];
  const rows = await (source ?? readInboxRows)(ctx, actor, wanted);
  const now = ctx.now();
  return rows.tickets.flatMap((ticket) => decisionsOn(ctx, actor, rows, ticket, wanted, now)).sort(byRequest);
}

/**
 * Sorted by a number worked out once per request: the comparator had recomputed both sides (9 % of the
 * center's inbox). Ties by the tickets' numbers (the older first) and the kind, so that pages do not
 * overlap however the rows were read.
 */
export const byRequest = (a: Decision, b: Decision) => a.at - b.at || compare(a.ticket.number, b.ticket.number) || compare(a.ticket.id, b.ticket.id) || compare(a.kind, b.kind);
const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The decisions waiting for this actor on one ticket of the rows. */
export function decisionsOn(ctx: AppContext, actor: Actor, rows: InboxRows, ticket: InboxRows['tickets'][number], wanted: readonly DecisionKind[], now: number): Decision[] {
  const out: Decision[] = [];
  // only the deciding actions are asked about: the inbox's 700 waiting reviews each ran every action's guard (issue 16)
  const deciding = new Set(wanted.map((k) => DECIDING[k]));
  const own = rows.sharesOf.get(ticket.id) ?? [];
  const ownClocks = rows.clocksOf.get(ticket.id) ?? [];
  const { relation } = accessTo(actor, ticket, ticket.subject_path, own);
  const ap = rows.appealOf.get(ticket.id);
  for (const allowed of allowedActionsFor(ctx, actor, relation, ticket, own, ownClocks, now, deciding)) {
    const kind = KIND_OF.get(allowed.action);
    if (!kind || !wanted.includes(kind)) continue;
    // a reply is waited for only where it is the lead's, answering for its assisting units
    if (kind === 'consolidation' && leadAndAssists(ctx, own)?.lead.id !== allowed.assignmentId) continue;
    const decision: Omit<Decision, 'at'> = {
      kind,
      ticket,
      share: own.find((s) => s.id === allowed.assignmentId) ?? null,
      shares: own,
      clocks: ownClocks,
      appeal: ap ? { reason: String(ap.data.reason ?? ''), evidence: String(ap.data.evidence ?? ''), at: ap.at, unitName: ap.unit_name } : null,
    };
    out.push({ ...decision, at: requestedAt(decision) });
  }
  return out;
}

/** When the request was made: the extension or return asked, the last reply, the appeal filed. */
export function requestedAt(d: Omit<Decision, 'at'>): number {
  const s = d.share;
  if (d.kind === 'extension' && s?.pending_extension) return Date.parse(String(s.pending_extension.requestedAt));
  if (d.kind === 'return' && s?.pending_return) return Date.parse(String(s.pending_return.requestedAt));
  if (d.kind === 'supervision-extension' && s?.pending_supervision_extension) return Date.parse(String(s.pending_supervision_extension.requestedAt));
  if (d.kind === 'appeal' && d.appeal) return d.appeal.at.getTime();
  if (d.kind === 'unit-review' && s?.reply_review) return Date.parse(s.reply_review.submittedAt);
  if (d.kind === 'consolidation') return Math.max(...d.shares.filter((x) => x.role === 'assist').map((x) => x.replied_at?.getTime() ?? 0));
  const replied = d.shares.map((x) => x.replied_at?.getTime() ?? 0);
  return Math.max(d.ticket.updated_at.getTime(), ...replied) || d.ticket.updated_at.getTime();
}

/** The replies before the center: under a lead unit only the lead's, which carries the others (consolidation.ts). */
function repliesToReview(ctx: AppContext, d: Omit<Decision, 'at'>): AssignmentRow[] {
  const team = leadAndAssists(ctx, d.shares);
  return d.shares.filter((x) => x.status === 'replied' && x.parent_id === null && (!team || x.id === team.lead.id));
}

function replyingUnits(ctx: AppContext, d: Decision): string | null {
  return repliesToReview(ctx, d).map((x) => x.unit_name).join('、') || null;
}

/** What the list shows of a ticket beside the request: its title and the start of its content. */
export type DecisionText = Pick<TicketRow, 'title' | 'content'>;

/**
 * The text of the tickets a page presents (the decisions were read without it), read in the reader's
 * scope as it is now: the rows may be a second old (kept-rows.ts), and a unit moved out of the subtree
 * since takes its tickets' text with it.
 */
export async function decisionTexts(ctx: AppContext, actor: Actor, decisions: readonly Decision[]): Promise<Map<string, DecisionText>> {
  const ids = [...new Set(decisions.map((d) => d.ticket.id))];
  if (!ids.length) return new Map();
  const scope = actor.isCenter ? '' : `AND EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.ticket_id = t.id AND u.path LIKE $2)`;
  const { rows } = await ctx.db.query<DecisionText & { id: string }>(
    `SELECT t.id, t.title, t.content FROM tickets t WHERE t.id = ANY($1::uuid[]) ${scope}`,
    actor.isCenter ? [ids] : [ids, `${actor.unit.path}%`],
  );
  return new Map(rows.map((r) => [r.id, { title: r.title, content: r.content }]));
}

/** What the decider reads in the list: who asks what, why, and by when the clock runs out. */
export function presentDecision(ctx: AppContext, d: Decision, text: DecisionText | undefined) {
  const t = { ...d.ticket, title: text?.title ?? null, content: text?.content ?? '' };
  const s = d.share;
  const now = ctx.now();
  let request: Record<string, unknown>;
  switch (d.kind) {
    case 'extension':
      request = { days: s!.pending_extension!.days, reason: s!.pending_extension!.reason };
      break;
    case 'return':
      request = {
        reason: s!.pending_return!.reason,
        basis: s!.pending_return!.basis ?? null,
        suggestedUnitName: s!.pending_return!.suggestedUnitName ?? null,
        late: !!s!.pending_return!.late,
        // passed on by the unit above it (CQ 第十三条（一）: 逐级向上提交)
        forwardedFrom: (s!.pending_return!.forwardedFrom as { unitName?: string } | undefined)?.unitName ?? null,
      };
      break;
    case 'completion':
      request = {
        replies: repliesToReview(ctx, d).map((x) => ({
          unitName: x.unit_name,
          result: x.reply?.result ?? null,
          contacted: x.reply?.contacted ?? null,
          ...(Array.isArray(x.reply?.assistReplies) ? { assistUnits: (x.reply.assistReplies as Array<{ unitName: string }>).map((r) => r.unitName) } : {}),
        })),
      };
      break;
    case 'appeal':
      request = { reason: d.appeal?.reason ?? '', evidence: d.appeal?.evidence ?? '', satisfaction: t.satisfaction };
      break;
    case 'supervision-extension':
      request = { days: s!.pending_supervision_extension!.days, reason: s!.pending_supervision_extension!.reason };
      break;
    case 'consolidation':
      request = { assistReplies: assistReplies(d.shares.filter((x) => x.role === 'assist' && x.parent_id === null && x.status !== 'returned')) };
      break;
    case 'unit-review': {
      const draft = s!.reply_review!.draft;
      request = { handlerName: draft.handlerName ?? null, submittedBy: s!.reply_review!.submittedBy.name, process: draft.process ?? null, result: draft.result ?? null, contacted: draft.contacted ?? null };
      break;
    }
  }
  // the limit the request is about: the supervision clock for a 督办延期, else the handling limit
  const clock = !s ? null : d.kind === 'supervision-extension' ? runningSupervisionClock(d.clocks, s.id) : runningHandleClock(d.clocks, s.id);
  const due = clock ? clock.due_at.getTime() : null;
  return {
    kind: d.kind,
    kindLabel: DECISION_LABELS[d.kind],
    ticketId: t.id,
    number: t.number,
    status: t.status,
    statusLabel: TICKET_STATUS_LABELS[t.status],
    type: t.type,
    typeLabel: TICKET_TYPE_LABELS[t.type],
    title: t.title,
    excerpt: t.content.slice(0, 120),
    assignmentId: s?.id ?? null,
    unitName: s?.unit_name ?? (d.kind === 'appeal' ? (d.appeal?.unitName ?? null) : d.kind === 'completion' ? replyingUnits(ctx, d) : null),
    request,
    requestedAt: formatInstant(d.at),
    // the handling limit the request is about (an extension must be decided before it runs out)
    due: due === null ? null : { dueAt: formatInstant(due), overdue: now > due, remaining: ctx.calendar.remaining(now, due) },
  };
}
