import type { TicketStatus } from '../ticket/machine.ts';

/**
 * What the hotline reports back to an upper platform (上级平台) about an order it passed down, and when:
 * 凉山 第五条（三） 办理上级热线平台交办的属于本地职能范围内的诉求事项，并及时反馈办理情况. Three kinds, as the
 * national and provincial platforms take them: 受理 (the order was taken up), 进展 (what happened
 * since), 办结 (the result with the reply and the visit). Pure: the server feeds it the order's state
 * and the timeline events it has not yet considered, and writes what it plans to the outbox.
 */
export const REPORT_KINDS = ['acceptance', 'progress', 'result'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { acceptance: '受理', progress: '进展', result: '办结' };

/** The upper platform's schedule: which steps it wants to hear of, and how often at least. */
export interface UpperSchedule {
  /** Timeline actions reported as 进展 when they happen. */
  progressOn: readonly string[];
  /** A 进展 report at least this often (hours) while the order is open; null: only on events. */
  progressEveryHours: number | null;
}

export const DEFAULT_SCHEDULE: UpperSchedule = {
  progressOn: ['sign', 'progress', 'first-response', 'reply', 'approve-extension', 'redo', 'supervise', 'approve-return', 'subdispatch'],
  progressEveryHours: null,
};

/** States in which the order is over: the result is due. */
export const FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'archived', 'rejected', 'referred', 'terminated', 'merged'];
/** Final states reached without taking the order up: a result, but never an acceptance. */
const NEVER_ACCEPTED: readonly TicketStatus[] = ['registered', 'rejected', 'referred', 'merged'];

export interface PlanInput {
  status: TicketStatus;
  /** Reports already queued for this order. */
  sent: { acceptance: boolean; result: boolean; lastAt: number | null };
  /** Timeline events since the last plan, oldest first, each described in Chinese. */
  events: ReadonlyArray<{ action: string; text: string }>;
  now: number;
  schedule: UpperSchedule;
}

export interface PlannedReport {
  kind: ReportKind;
  text: string;
}

const HOUR_MS = 3_600_000;

/** The reports due now, in the order they are to be sent: acceptance, progress, result. */
export function planReports(input: PlanInput): PlannedReport[] {
  const out: PlannedReport[] = [];
  const final = FINAL_STATUSES.includes(input.status);
  const acceptable = !NEVER_ACCEPTED.includes(input.status) || input.events.some((e) => e.action === 'dispatch' || e.action === 'answer');
  const accepted = input.sent.acceptance || (acceptable && !input.sent.result);
  if (!input.sent.acceptance && acceptable && !input.sent.result) {
    const how = input.events.filter((e) => e.action === 'dispatch' || e.action === 'answer').map((e) => e.text);
    out.push({ kind: 'acceptance', text: how.length ? `已受理：${how.join('；')}` : '已受理' });
  }
  if (accepted && !input.sent.result) {
    const news = input.events.filter((e) => input.schedule.progressOn.includes(e.action)).map((e) => e.text);
    const every = input.schedule.progressEveryHours;
    if (news.length) out.push({ kind: 'progress', text: news.join('；') });
    else if (!final && every !== null && input.sent.lastAt !== null && input.sent.acceptance && input.now - input.sent.lastAt >= every * HOUR_MS) {
      out.push({ kind: 'progress', text: '办理中，尚未办结' });
    }
  }
  if (final && !input.sent.result) out.push({ kind: 'result', text: '已办结' });
  return out;
}

/**
 * The wait before the next try of an unacknowledged report: 30 s, 1 min, 2 min … doubling up to an hour —
 * the upper platform must hear (凉山 第五条（三） 及时反馈). A platform failing without end is paused and a
 * report it keeps refusing stopped, for an administrator to take up (failures.ts), not retried for ever.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), HOUR_MS);
}

/** The limit the handling clocks are held to: the upper platform's deadline where it is the earlier. */
export function heldDue(presetDue: number, upperDeadline: number | null): number {
  return upperDeadline !== null && upperDeadline < presetDue ? upperDeadline : presetDue;
}
