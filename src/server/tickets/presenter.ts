import { isSubjectUnit, type Relation } from '../../core/access/index.ts';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { Calendar } from '../../core/calendar/calendar.ts';
import { ASSIGNMENT_STATUS_LABELS, TICKET_STATUS_LABELS, type TicketAction } from '../../core/ticket/machine.ts';
import { callerView, maskName, maskPhone, type CallerView } from '../../core/ticket/privacy.ts';
import { TICKET_TYPE_LABELS, URGENCY_LABELS } from '../../core/vocabulary.ts';
import type { Actor } from '../auth/actor.ts';
import type { UnitPresets } from '../policy/for-unit.ts';
import { presentClock, type ClockRow } from './clocks.ts';
import type { AllowedAction } from './allowed.ts';
import type { AssignmentRow, TicketRow } from './store.ts';
import { presentFlags } from './flags.ts';

export interface EventRow {
  id: string;
  assignment_id: string | null;
  action: string;
  actor_name: string;
  actor_unit_id: string | null;
  at: Date;
  data: Record<string, unknown>;
}

/** How the actor may see the caller of this ticket. */
export function viewOfCaller(actor: Actor, ticket: Pick<TicketRow, 'anonymous' | 'confidential'>, subjectUnitPath: string | null): CallerView {
  return callerView({
    viewerIsCenter: actor.isCenter,
    anonymous: ticket.anonymous,
    confidential: ticket.confidential,
    // the unit complained about, or any unit above or below it, must not learn who complained
    viewerIsSubject: !actor.isCenter && isSubjectUnit(actor.unit.path, subjectUnitPath),
  });
}

export function presentCaller(ticket: Pick<TicketRow, 'caller_name' | 'caller_phone'>, view: CallerView) {
  if (view === 'hidden') return null;
  if (view === 'masked') return { name: maskName(ticket.caller_name), phone: maskPhone(ticket.caller_phone) };
  return { name: ticket.caller_name, phone: ticket.caller_phone };
}

/** What the web may offer: read-only for a unit whose share ended, and the actions allowed now. */
export interface PresentedAccess {
  relation: Relation;
  readOnly: boolean;
  /** The distinct actions allowed now. */
  allowedActions: TicketAction[];
  /** Each action allowed now, with the share it applies to (allowed.ts). */
  actions: AllowedAction[];
}

function presetOf(presets: UnitPresets, a: AssignmentRow) {
  const p = presets.forPath(a.unit_path);
  return { id: p.id, name: p.name, title: p.document.title, isDefault: p.id === presets.fallback.id };
}

/** Event data that could identify the caller is left out for units. */
const CALLER_FIELDS = ['callerName', 'callerPhone'];

export function presentTicket(
  ticket: TicketRow,
  assignments: AssignmentRow[],
  clocks: ClockRow[],
  events: EventRow[],
  ctx: { actor: Actor; calendar: Calendar; presets: UnitPresets; now: number; callerView: CallerView; access: PresentedAccess },
) {
  const { calendar, now } = ctx;
  const clocksOf = (assignmentId: string | null) =>
    clocks.filter((c) => c.assignment_id === assignmentId).map((c) => presentClock(calendar, c, now));
  return {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    statusLabel: TICKET_STATUS_LABELS[ticket.status],
    version: ticket.version,
    channel: ticket.channel,
    type: ticket.type,
    typeLabel: TICKET_TYPE_LABELS[ticket.type],
    urgency: ticket.urgency,
    urgencyLabel: URGENCY_LABELS[ticket.urgency],
    title: ticket.title,
    content: ticket.content,
    category: ticket.category,
    // the classifier's reading at registration, for the center (units see the category they work on)
    predictedCategory:
      ctx.actor.isCenter && ticket.predicted_category
        ? { category: ticket.predicted_category, confidence: ticket.predicted_confidence ?? null, modelId: ticket.predicted_model_id ?? null }
        : null,
    address: ticket.address,
    anonymous: ticket.anonymous,
    confidential: ticket.confidential,
    complex: ticket.complex,
    callerView: ctx.callerView,
    access: ctx.access,
    // the agent reads it to the caller, who follows the ticket on the portal with it
    queryCode: ctx.actor.isCenter ? ticket.query_code : null,
    caller: presentCaller(ticket, ctx.callerView),
    subjectUnitId: ctx.actor.isCenter ? ticket.subject_unit_id : null,
    repeatOf: ticket.repeat_of,
    outcome: ticket.outcome,
    satisfaction: ticket.satisfaction,
    resolution: ticket.resolution,
    closure: ticket.closure,
    appealStatus: ticket.appeal_status,
    redoCount: ticket.redo_count,
    // 回访 (migration 024): tries to reach the caller, the SMS visit (its reply is the caller's words:
    // the center's), and the 行政调解类/执法办案类 mark
    visitAttempts: ticket.visit_attempts,
    smsVisit: ctx.actor.isCenter ? ticket.sms_visit : null,
    exemptKind: ticket.exempt_kind,
    // 工单标记: 涉企诉求, 国办工单, 领导批示件, 代表委员件 (tickets/flags.ts)
    flags: presentFlags(ticket, ctx.callerView),
    supervisionCount: ticket.supervision_count,
    createdAt: formatInstant(ticket.created_at.getTime()),
    updatedAt: formatInstant(ticket.updated_at.getTime()),
    closedAt: ticket.closed_at ? formatInstant(ticket.closed_at.getTime()) : null,
    clocks: clocksOf(null),
    assignments: assignments.map((a) => ({
      id: a.id,
      unit: { id: a.unit_id, name: a.unit_name },
      parentId: a.parent_id,
      role: a.role,
      status: a.status,
      statusLabel: ASSIGNMENT_STATUS_LABELS[a.status],
      signedAt: a.signed_at ? formatInstant(a.signed_at.getTime()) : null,
      repliedAt: a.replied_at ? formatInstant(a.replied_at.getTime()) : null,
      reply: a.reply,
      // 本单位审核: the reply waiting in the unit (or sent back, with the reason the handler reads);
      // it has not left the unit, so the center sees only that it waits, not the draft
      replyReview: a.reply_review && (ctx.actor.isCenter ? { ...a.reply_review, draft: null } : a.reply_review),
      unitHasReviewer: a.unit_has_reviewer,
      extensionCount: a.extension_count,
      pendingExtension: a.pending_extension,
      pendingReturn: a.pending_return,
      supervisionExtensionCount: a.supervision_extension_count,
      pendingSupervisionExtension: a.pending_supervision_extension,
      // the regulation the share follows: its unit's subtree's (大足区 under 重庆), else the default
      preset: presetOf(ctx.presets, a),
      clocks: clocksOf(a.id),
    })),
    events: events.map((e) => ({
      id: Number(e.id),
      action: e.action,
      actor: e.actor_name,
      at: formatInstant(e.at.getTime()),
      assignmentId: e.assignment_id,
      ...(ctx.callerView === 'full' ? e.data : Object.fromEntries(Object.entries(e.data).filter(([k]) => !CALLER_FIELDS.includes(k)))),
    })),
  };
}

export type PresentedTicket = ReturnType<typeof presentTicket>;
