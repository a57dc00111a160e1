import type { Role } from '../vocabulary.ts';

/**
 * The ticket's life (shared/DESIGN.md) as data: which action is allowed in which state, and for
 * which roles. The server checks role first (403), then state (409), with these messages.
 * 工单闭环: accepted, handled, answered, visited and supervised on one record, a refusal told with
 * its reason and basis (邵阳 第十一条).
 */

export const TICKET_STATUSES = [
  'registered',
  'answered',
  'rejected',
  'referred',
  'dispatched',
  'handling',
  'reviewing',
  'visiting',
  'redo',
  'closed',
  'terminated',
  'merged',
  'archived',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  registered: '已登记',
  answered: '已直接答复',
  rejected: '不予受理',
  referred: '已转紧急热线',
  dispatched: '已派单',
  handling: '办理中',
  reviewing: '待审核',
  visiting: '待回访',
  redo: '重办中',
  closed: '已办结',
  terminated: '已终结',
  merged: '已合并',
  archived: '已归档',
};

export const ASSIGNMENT_STATUSES = [
  'dispatched',
  'handling',
  'return_requested',
  'returned',
  // the handler's reply waits for the unit's reviewer (本单位审核, server/tickets/actions/unit-review.ts)
  'unit_review',
  'replied',
  'completed',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  dispatched: '待签收',
  handling: '办理中',
  return_requested: '退单待审',
  returned: '已退回',
  unit_review: '待本单位审核',
  replied: '已答复',
  completed: '已办结',
};

const CENTER_DISPATCH: Role[] = ['dispatcher', 'admin'];
const UNIT: Role[] = ['handler', 'unit_admin'];
const ACTIVE: TicketStatus[] = ['dispatched', 'handling', 'redo', 'reviewing'];

export interface ActionRule {
  label: string;
  roles: Role[];
  from: TicketStatus[];
  /** For actions on one unit's assignment: the assignment states allowed. */
  assignmentFrom?: AssignmentStatus[];
}

export const ACTION_RULES = {
  answer: { label: '直接答复', roles: ['agent', 'admin'], from: ['registered'] },
  reject: { label: '不予受理', roles: ['agent', 'dispatcher', 'admin'], from: ['registered'] },
  refer: { label: '转紧急热线', roles: ['agent', 'dispatcher', 'admin'], from: ['registered'] },
  dispatch: { label: '派单', roles: ['agent', 'dispatcher', 'admin'], from: ['registered'] },
  sign: { label: '签收', roles: UNIT, from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched'] },
  return: { label: '退单', roles: UNIT, from: ['dispatched', 'handling'], assignmentFrom: ['dispatched', 'handling'] },
  // the hotline decides a first-level share's return; the unit that passed a share down decides its
  // sub-unit's where returns go up the chain (CQ 第十三条（一）): the guard says which (actions/return-rules.ts)
  'approve-return': { label: '同意退单', roles: [...CENTER_DISPATCH, ...UNIT], from: ['dispatched', 'handling'], assignmentFrom: ['return_requested'] },
  'reject-return': { label: '驳回退单', roles: [...CENTER_DISPATCH, ...UNIT], from: ['dispatched', 'handling'], assignmentFrom: ['return_requested'] },
  'forward-return': { label: '转报退单', roles: UNIT, from: ['dispatched', 'handling'], assignmentFrom: ['return_requested'] },
  subdispatch: { label: '下派', roles: UNIT, from: ['handling', 'redo'], assignmentFrom: ['handling'] },
  reply: { label: '办理答复', roles: UNIT, from: ['handling', 'redo'], assignmentFrom: ['handling'] },
  // 特殊事项、特殊紧急事项 (凉山 第十二条（四）, 邵阳 第二十条): a first response and progress reports, each
  // meeting its own clock, before the full reply
  'first-response': { label: '反馈初步响应', roles: UNIT, from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling'] },
  progress: { label: '反馈办理进度', roles: UNIT, from: ['handling', 'redo'], assignmentFrom: ['handling'] },
  // 本单位审核 (CQ 第六条（二）, DZ 第五条（二）, LS 第七条（二）, SY 第六条（三）): the unit's reviewer
  // (its 单位管理员) lets the reply leave the unit or sends it back to the handler
  'approve-reply': { label: '审核通过答复', roles: ['unit_admin'], from: ['handling', 'redo'], assignmentFrom: ['unit_review'] },
  'reject-reply': { label: '退回答复', roles: ['unit_admin'], from: ['handling', 'redo'], assignmentFrom: ['unit_review'] },
  'request-extension': { label: '申请延期', roles: UNIT, from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling', 'unit_review'] },
  'approve-extension': { label: '同意延期', roles: ['dispatcher', 'supervisor', 'admin', 'handler', 'unit_admin'], from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling', 'unit_review'] },
  'reject-extension': { label: '驳回延期', roles: ['dispatcher', 'supervisor', 'admin', 'handler', 'unit_admin'], from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling', 'unit_review'] },
  // 督办事项延期 (邵阳 第二十四条): the unit asks, the hotline's supervisors decide
  'request-supervision-extension': { label: '申请督办延期', roles: UNIT, from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling', 'unit_review'] },
  'approve-supervision-extension': { label: '同意督办延期', roles: ['supervisor', 'admin'], from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling', 'unit_review'] },
  'reject-supervision-extension': { label: '驳回督办延期', roles: ['supervisor', 'admin'], from: ['dispatched', 'handling', 'redo'], assignmentFrom: ['dispatched', 'handling', 'unit_review'] },
  'approve-completion': { label: '审核通过', roles: CENTER_DISPATCH, from: ['reviewing'] },
  'reject-completion': { label: '审核退回', roles: CENTER_DISPATCH, from: ['reviewing'] },
  visit: { label: '回访', roles: ['visitor', 'admin'], from: ['visiting', 'answered'] },
  // 联系来电人 for the visit: each try recorded; after the preset's number, 联系不上 (邵阳 第十四条（二）)
  'visit-attempt': { label: '记录联系尝试', roles: ['visitor', 'admin'], from: ['visiting', 'answered'] },
  'close-unreachable': { label: '联系不上办结', roles: ['visitor', 'admin'], from: ['visiting', 'answered'] },
  // 短信回访 (凉山 第十三条（一）)
  'sms-visit': { label: '短信回访', roles: ['visitor', 'admin'], from: ['visiting', 'answered'] },
  // 行政调解类、执法办案类: marked by the center, not rated (重庆 第十四条, 邵阳 第二十五条)
  'mark-exempt': { label: '标记满意度豁免', roles: ['dispatcher', 'visitor', 'admin'], from: ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo', 'answered', 'closed'] },
  // 工单标记 after registration (涉企诉求, 国办工单, 领导批示件, 代表委员件: src/core/flags/ticket-flags.ts);
  // at registration the agent sets them with the request
  flag: { label: '工单标记', roles: CENTER_DISPATCH, from: ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo', 'answered', 'closed', 'rejected', 'referred', 'terminated'] },
  appeal: { label: '申诉', roles: UNIT, from: ['closed', 'redo'] },
  'approve-appeal': { label: '同意申诉', roles: ['supervisor', 'dispatcher', 'admin'], from: ['closed', 'redo', 'archived'] },
  'reject-appeal': { label: '驳回申诉', roles: ['supervisor', 'dispatcher', 'admin'], from: ['closed', 'redo', 'archived'] },
  // 专题协调 (凉山 第十一条（三）, 邵阳 第十九条, 重庆 第十二条（二）2): recorded by the center, also before
  // dispatch where responsibility is unclear, or by the lead unit (its guard: tickets/actions/coordinate.ts)
  coordinate: { label: '专题协调', roles: ['dispatcher', 'supervisor', 'admin', ...UNIT], from: ['registered', 'dispatched', 'handling', 'redo', 'reviewing'] },
  remind: { label: '催办', roles: ['supervisor', 'dispatcher', 'admin'], from: ACTIVE },
  supervise: { label: '督办', roles: ['supervisor', 'admin'], from: ACTIVE },
  terminate: { label: '终结办理', roles: [...UNIT, 'dispatcher', 'admin'], from: ['dispatched', 'handling', 'redo'] },
  'link-repeat': { label: '关联重复件', roles: ['agent', 'dispatcher', 'admin'], from: ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo', 'closed', 'rejected', 'answered', 'terminated'] },
  // 合并 is decided at intake (邵阳 第十条（四）: the same matter already accepted is not accepted
  // again), before any unit holds a share; later, a repeat is linked and terminated instead.
  merge: { label: '合并', roles: ['agent', 'dispatcher', 'admin'], from: ['registered'] },
  archive: { label: '归档', roles: CENTER_DISPATCH, from: ['closed', 'rejected', 'referred', 'terminated', 'merged'] },
} satisfies Record<string, ActionRule>;

export type TicketAction = keyof typeof ACTION_RULES;
export const TICKET_ACTIONS = Object.keys(ACTION_RULES) as TicketAction[];

export type Refusal = { kind: 'role' | 'state'; message: string };

/** Whether someone holding `roles` may take `action` on a ticket in `status`. */
export function checkAction(action: TicketAction, status: TicketStatus, roles: readonly Role[]): Refusal | null {
  const rule: ActionRule = ACTION_RULES[action];
  if (!roles.some((r) => rule.roles.includes(r))) {
    return { kind: 'role', message: `您的角色无权${rule.label}` };
  }
  if (!rule.from.includes(status)) {
    return {
      kind: 'state',
      message: `工单当前为“${TICKET_STATUS_LABELS[status]}”，不能${rule.label}（仅限${rule.from.map((s) => TICKET_STATUS_LABELS[s]).join('、')}）`,
    };
  }
  return null;
}

export function checkAssignmentState(action: TicketAction, status: AssignmentStatus): Refusal | null {
  const rule: ActionRule = ACTION_RULES[action];
  if (!rule.assignmentFrom || rule.assignmentFrom.includes(status)) return null;
  return {
    kind: 'state',
    message: `本单位的承办任务当前为“${ASSIGNMENT_STATUS_LABELS[status]}”，不能${rule.label}`,
  };
}

/** The assignments that still carry the work (not returned); sub-unit assignments report to their parent. */
export interface AssignmentLike {
  status: AssignmentStatus;
  parentId: string | null;
}

/**
 * The ticket's status implied by its units' shares while it is with them: back to the dispatcher
 * when every unit returned it, in review when every unit replied, handling once one signed.
 */
export function deriveStatus(current: TicketStatus, assignments: readonly AssignmentLike[]): TicketStatus {
  if (!['dispatched', 'handling', 'redo'].includes(current)) return current;
  const top = assignments.filter((a) => a.parentId === null && a.status !== 'returned');
  if (top.length === 0) return 'registered';
  if (top.every((a) => a.status === 'replied' || a.status === 'completed')) return 'reviewing';
  if (current === 'redo') return 'redo';
  if (top.some((a) => a.status !== 'dispatched' && a.status !== 'return_requested')) return 'handling';
  return 'dispatched';
}
