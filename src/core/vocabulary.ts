/**
 * The platform's vocabulary (shared/DESIGN.md): code names in English, labels in Chinese for the UI.
 */

// 受理范围: 咨询、求助、投诉、举报和意见建议 (重庆 第八条（一）; 凉山 第八条（一）); 邵阳 第九条（一）（二）（三）（四）: 政策咨询
// and 政务信息查询 are 咨询, then 意见、建议、表扬、投诉, and 求助. Emergencies go to 110/119/120/122 (refer).
export const TICKET_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const TICKET_TYPE_LABELS: Record<TicketType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
};

export const URGENCIES = ['normal', 'special', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  normal: '普通',
  special: '特殊事项',
  emergency: '特殊紧急事项',
};

// open311: filed by an app through Open311 GeoReport v2 (src/server/integration/open311)
export const CHANNELS = ['phone', 'web', 'wechat', 'app', 'mailbox', 'api', 'upper_platform', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Every clock a regulation can set. */
export const CLOCKS = [
  'dispatch',
  'transfer',
  'sign',
  'return',
  'handle',
  'firstResponse',
  'progress',
  'redo',
  'supervision',
  'answer',
] as const;
export type ClockName = (typeof CLOCKS)[number];
export const CLOCK_LABELS: Record<ClockName, string> = {
  dispatch: '派单',
  transfer: '流转',
  sign: '签收',
  return: '退单',
  handle: '办理',
  firstResponse: '初步响应',
  progress: '进度反馈',
  redo: '重办',
  supervision: '督办办理',
  answer: '回复',
};

/**
 * Clocks that bound a right rather than a duty: the 退单 window says how long a unit may still send a
 * ticket back (重庆 第十三条（一）, 大足 第六条（一）, 凉山 第十二条（二）, 邵阳 第十三条). A unit that keeps
 * the ticket has failed no one when it closes, so a window lapses (stops) instead of falling overdue,
 * and no board, list or indicator counts it as overdue or as the due date to watch.
 */
export const WINDOW_CLOCKS: readonly ClockName[] = ['return'];

/** The event that starts a clock. */
export const CLOCK_STARTS = ['registered', 'dispatched', 'signed', 'redoIssued', 'supervised'] as const;
export type ClockStart = (typeof CLOCK_STARTS)[number];
export const CLOCK_START_LABELS: Record<ClockStart, string> = {
  registered: '受理',
  dispatched: '交办（派单）',
  signed: '签收',
  redoIssued: '发回重办',
  supervised: '督办',
};

export const ROLES = [
  'agent',
  'dispatcher',
  'visitor',
  'supervisor',
  'handler',
  'unit_admin',
  'kb_editor',
  'kb_reviewer',
  'leader',
  'analyst',
  'admin',
  // 安全审计员: reads the audit log (who saw which caller), runs its verification; nothing else
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  agent: '话务员',
  dispatcher: '派单员',
  visitor: '回访员',
  supervisor: '督办员',
  handler: '承办人',
  unit_admin: '单位管理员',
  kb_editor: '知识采编',
  kb_reviewer: '知识审核',
  leader: '领导',
  analyst: '分析员',
  admin: '系统管理员',
  auditor: '安全审计员',
};
