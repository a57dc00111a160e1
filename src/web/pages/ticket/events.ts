import type { TicketEvent } from '../../types.ts';

const LABELS: Record<string, string> = {
  register: '登记',
  answer: '直接答复',
  reject: '不予受理',
  refer: '转紧急热线',
  dispatch: '派单',
  sign: '签收',
  return: '申请退单',
  'approve-return': '同意退单',
  'reject-return': '驳回退单',
  subdispatch: '下派',
  reply: '办理答复',
  'request-extension': '申请延期',
  'approve-extension': '同意延期',
  'reject-extension': '驳回延期',
  'approve-completion': '审核通过',
  'reject-completion': '审核退回',
  visit: '回访',
  redo: '发回重办',
  appeal: '申诉',
  'approve-appeal': '同意申诉',
  'reject-appeal': '驳回申诉',
  remind: '催办',
  supervise: '督办',
  escalate: '升级督办',
  terminate: '终结办理',
  'link-repeat': '关联为重复件',
  'repeat-received': '收到重复件',
  merge: '合并到原工单',
  'merged-in': '合并入重复件',
  archive: '归档',
  'reveal-phone': '查看来电号码',
  'clock-overdue': '时限届满',
  'clock-due-soon': '时限临近',
  'caller-rating': '来电人评价',
};

/** Timeline order: by time, then by event id as a number (never as text, where 17 comes after 106). */
export function inTimelineOrder(events: TicketEvent[]): TicketEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Number(a.id) - Number(b.id));
}

/** One line per timeline event, in Chinese, with the detail that matters. */
export function describeEvent(e: TicketEvent): string {
  const label = LABELS[e.action] ?? e.action;
  const d = e as Record<string, unknown>;
  switch (e.action) {
    case 'dispatch':
    case 'subdispatch':
      return `${label}：${String(d.unitName ?? '')}${d.role ? `（${{ lead: '主办', assist: '协办', joint: '会签' }[String(d.role)] ?? ''}）` : ''}`;
    case 'reply':
      return `${label}：${String(d.result ?? '')}`;
    case 'return':
    case 'reject':
      return `${label}：${String(d.reason ?? '')}`;
    case 'approve-extension':
      return `${label}：延期 ${String(d.days)} 个工作日，至 ${String(d.newDue ?? '').slice(0, 10)}`;
    case 'visit':
      return `${label}：${{ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' }[String(d.satisfaction)] ?? ''}${d.byCaller ? '（来电人网上评价）' : ''}`;
    case 'clock-overdue':
    case 'clock-due-soon':
      return `${String(d.label ?? d.clock ?? '')}${label}${d.unitName ? `（${String(d.unitName)}）` : ''}`;
    case 'remind':
    case 'supervise':
      return `${d.auto ? '系统自动' : ''}${label}${d.note ? `：${String(d.note)}` : ''}`;
    case 'refer':
      return `${label} ${String(d.hotline ?? '')}`;
    case 'merge':
    case 'link-repeat':
      return `${label} ${String(d.originalNumber ?? '')}`;
    case 'merged-in':
      return `${label} ${String(d.mergedNumber ?? '')}${d.callerPhone ? `（来电人 ${String(d.callerName ?? '')} ${String(d.callerPhone)}，回访时一并联系）` : ''}`;
    default:
      return label;
  }
}
