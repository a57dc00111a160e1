/**
 * The kinds of ticket event a unit's system may subscribe to (issue 15 item 2): the hotline pushes
 * 受理信息、工单记录、回访评价 to the units' systems as they happen (重庆 第二十一条, 凉山 第十八条,
 * 邵阳 第五条（五） 信息共享). Each kind is a set of timeline actions (src/core/ticket/timeline.ts);
 * 'closed' is the ticket reaching 已办结, whichever action brought it there.
 */
export const WEBHOOK_KINDS = [
  'registered',
  'answered',
  'rejected',
  'referred',
  'dispatched',
  'signed',
  'returned',
  'progress',
  'replied',
  'extension',
  'reviewed',
  'visited',
  'redo',
  'closed',
  'appeal',
  'supervised',
  'warning',
  'overdue',
  'terminated',
  'archived',
] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const WEBHOOK_KIND_LABELS: Record<WebhookKind, string> = {
  registered: '登记',
  answered: '直接答复',
  rejected: '不予受理',
  referred: '转紧急热线',
  dispatched: '派单/下派',
  signed: '签收',
  returned: '退单',
  progress: '初步响应/进度',
  replied: '办理答复',
  extension: '延期',
  reviewed: '办结审核',
  visited: '回访',
  redo: '重办',
  closed: '办结',
  appeal: '申诉',
  supervised: '催办/督办',
  warning: '时限预警',
  overdue: '超期',
  terminated: '终结',
  archived: '归档',
};

/** Which timeline actions make each kind (closed comes from the status, not an action). */
export const WEBHOOK_KIND_ACTIONS: Record<WebhookKind, readonly string[]> = {
  registered: ['register'],
  answered: ['answer'],
  rejected: ['reject'],
  referred: ['refer'],
  dispatched: ['dispatch', 'subdispatch'],
  signed: ['sign'],
  returned: ['return', 'approve-return', 'reject-return', 'forward-return'],
  progress: ['first-response', 'progress', 'special-report'],
  // a reply that leaves the unit (after its own review where it has one: 'reply' is written then)
  replied: ['reply'],
  extension: ['request-extension', 'approve-extension', 'reject-extension', 'request-supervision-extension', 'approve-supervision-extension', 'reject-supervision-extension'],
  reviewed: ['approve-completion', 'reject-completion'],
  visited: ['visit', 'sms-visit-reply', 'close-unreachable'],
  redo: ['redo'],
  closed: [],
  appeal: ['appeal', 'approve-appeal', 'reject-appeal'],
  supervised: ['remind', 'supervise', 'escalate'],
  // 时限临近 and 时限届满, written by the clock watcher
  warning: ['clock-due-soon'],
  overdue: ['clock-overdue'],
  terminated: ['terminate'],
  archived: ['archive'],
};

const BY_ACTION = new Map<string, WebhookKind>(WEBHOOK_KINDS.flatMap((k) => WEBHOOK_KIND_ACTIONS[k].map((a) => [a, k] as const)));

/** The kind of a timeline action, or null for actions no subscription hears of (reads, notes, flags). */
export function webhookKindOf(action: string): WebhookKind | null {
  return BY_ACTION.get(action) ?? null;
}

export function isWebhookKind(s: string): s is WebhookKind {
  return (WEBHOOK_KINDS as readonly string[]).includes(s);
}

/**
 * When the next try of a failed delivery is due: 30 s after the first failure, doubling each time,
 * at most 6 hours apart (30 s, 1 min, 2 min … 4 h 16 min: about 8.5 hours over ten tries).
 */
export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_AUTO_PAUSE_AFTER = 10;
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * 3_600_000);
}
