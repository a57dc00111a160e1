import { ATTEMPT_METHOD_LABELS, ATTEMPT_OUTCOME_LABELS } from '../visit/labels.ts';
import { CLOCK_LABELS, type ClockName } from '../vocabulary.ts';
import { RESOLUTION, ROLE, SATISFACTION, flagNames, text } from './timeline-words.ts';
import { describeTransfer } from '../telephony/transfers.ts';

/**
 * A ticket's timeline in words: the label of every action the server writes, the title line of an
 * event and what people wrote with it. One source for the ticket page (src/web/pages/ticket) and the
 * archive dossier (src/server/tickets/dossier), so the record printed is the record shown. What people
 * wrote with each event is in timeline-details.ts.
 */

export { eventDetails, type EventDetail } from './timeline-details.ts';

/** An event as the ticket read presents it: its data spread beside id, action, actor and time. */
export interface TicketEvent {
  id: number | string;
  action: string;
  actor: string;
  at: string;
  [key: string]: unknown;
}

/** Every action the server writes to a timeline, in Chinese (events.test.ts checks none is missing). */
export const EVENT_LABELS: Record<string, string> = {
  register: '登记',
  answer: '直接答复',
  reject: '不予受理',
  refer: '转紧急热线',
  dispatch: '派单',
  sign: '签收',
  return: '申请退单',
  'approve-return': '同意退单',
  'reject-return': '驳回退单',
  'forward-return': '转报退单',
  subdispatch: '下派',
  reply: '办理答复',
  'submit-reply': '提交答复（待本单位审核）',
  'approve-reply': '本单位审核通过答复',
  'reject-reply': '本单位审核退回答复',
  coordinate: '专题协调',
  'follow-up-done': '协调跟进',
  'first-response': '反馈初步响应',
  progress: '反馈办理进度',
  'special-report': '特殊事项报告',
  'tell-unit': '电话告知承办单位',
  'request-extension': '申请延期',
  'approve-extension': '同意延期',
  'reject-extension': '驳回延期',
  'approve-completion': '审核通过',
  'reject-completion': '审核退回',
  visit: '回访',
  'visit-attempt': '回访联系未成功',
  'sms-visit': '发送短信回访',
  'sms-visit-reply': '来电人回复回访短信',
  'sms-visit-undelivered': '回访短信未送达',
  'sms-visit-delivered': '回访短信已送达（更正此前的未送达回执）',
  'close-unreachable': '联系不上办结',
  'mark-exempt': '满意度豁免标记',
  flag: '工单标记',
  redo: '发回重办',
  appeal: '申诉',
  'approve-appeal': '同意申诉',
  'reject-appeal': '驳回申诉',
  remind: '催办',
  supervise: '督办',
  escalate: '升级督办',
  'request-supervision-extension': '申请督办延期',
  'approve-supervision-extension': '同意督办延期',
  'reject-supervision-extension': '驳回督办延期',
  'dismiss-proposal': '不予督办（督办建议）',
  accountability: '提出问责建议',
  terminate: '终结办理',
  'link-repeat': '关联为重复件',
  'repeat-received': '收到重复件',
  merge: '合并到原工单',
  'merged-in': '合并入重复件',
  archive: '归档',
  import: '历史导入（自原系统）',
  'reveal-phone': '查看来电号码',
  'call-caller': '回拨来电人',
  'call-link': '关联来电',
  transfer: '转接/三方通话',
  'transfer-outcome': '补记转接结果',
  attach: '补充附件',
  'clock-overdue': '时限届满',
  'clock-due-soon': '时限临近',
  'caller-rating': '来电人评价',
  'upper-order': '上级平台交办',
  'upper-report': '向上级平台报送',
  'upper-ack': '上级平台确认收到',
  'peer-transfer': '转办至其他平台',
  'peer-report': '其他平台报送',
  'peer-returned': '其他平台退回',
};

/**
 * Events only the center reads: a 问责建议 about a unit (大足 第十条) is the center's report to the
 * bodies that hold the unit to account, not a step of the unit's work.
 */
export const CENTER_ONLY_EVENTS: ReadonlySet<string> = new Set(['accountability']);

/** A clock's name in Chinese: the label the server sent, else the vocabulary's; never the code name. */
export function clockLabel(name: unknown, label?: unknown): string {
  if (typeof label === 'string' && label) return label;
  const n = String(name ?? '');
  if (n.startsWith('reminder:')) return `第${n.split(':')[1]}级催办计时`;
  return CLOCK_LABELS[n as ClockName] ?? '时限';
}

/** The title line of a timeline event, in Chinese: what happened and to whom. */
export function describeEvent(e: TicketEvent): string {
  const label = EVENT_LABELS[e.action] ?? '其他操作';
  const d = e as Record<string, unknown>;
  switch (e.action) {
    case 'dispatch':
    case 'subdispatch':
      return `${label}：${text(d.unitName)}${d.role ? `（${ROLE[String(d.role)] ?? ''}）` : ''}`;
    case 'reply':
      if (d.toUnitName) return `${label}（${text(d.unitName)}，报主办单位${text(d.toUnitName)}）`;
      return `${label}${d.unitName ? `（${text(d.unitName)}）` : ''}`;
    case 'coordinate':
      return `${label}（${text(d.heldOn)}）`;
    case 'first-response':
    case 'progress':
    case 'tell-unit':
      return `${label}${d.unitName ? `（${text(d.unitName)}）` : ''}`;
    case 'special-report':
      return `${d.urgency === 'emergency' ? '特殊紧急事项' : '特殊事项'}：已报告${text(d.to)}`;
    case 'request-extension':
    case 'request-supervision-extension':
      return `${label} ${text(d.days)} 个工作日`;
    case 'approve-extension':
    case 'approve-supervision-extension':
      return `${label}：延期 ${text(d.days)} 个工作日，至 ${text(d.newDue).slice(0, 10)}`;
    case 'approve-return':
    case 'reject-return':
      return `${label}${d.unitName ? `（${text(d.unitName)}）` : ''}`;
    case 'forward-return':
      return `${label}：${text(d.unitName)}的退单转报${text(d.to)}`;
    case 'visit':
      return `${label}：${SATISFACTION[String(d.satisfaction)] ?? ''}${d.resolution ? `，${RESOLUTION[String(d.resolution)] ?? ''}` : ''}${d.byCaller ? '（来电人网上评价）' : ''}`;
    case 'visit-attempt':
      return `${label}（第 ${text(d.attempt)} 次，${ATTEMPT_METHOD_LABELS[String(d.method)] ?? ''}：${ATTEMPT_OUTCOME_LABELS[String(d.outcome)] ?? ''}）`;
    case 'sms-visit-reply':
      return `${label}：${d.parsed ? (SATISFACTION[String(d.parsed)] ?? '') : '未能识别，待回访员判断'}`;
    case 'sms-visit-undelivered':
      return `${label}，请电话回访`;
    case 'flag': {
      const parts = [flagNames(d.set) && `标记为${flagNames(d.set)}`, flagNames(d.cleared) && `取消${flagNames(d.cleared)}`].filter(Boolean);
      return parts.length ? parts.join('；') : label;
    }
    case 'mark-exempt':
      return d.label ? `标记为${text(d.label)}（不计入满意率）` : '取消满意度豁免标记';
    case 'caller-rating':
      return `${label}：${SATISFACTION[String(d.satisfaction)] ?? ''}${d.resolution ? `，${RESOLUTION[String(d.resolution)] ?? ''}` : ''}`;
    case 'clock-overdue':
    case 'clock-due-soon':
      return `${clockLabel(d.clock, d.label)}${label}${d.unitName ? `（${text(d.unitName)}）` : ''}`;
    case 'sign':
      return d.auto ? `视为${label}` : label;
    case 'remind':
    case 'supervise':
      return `${d.auto ? '系统自动' : ''}${label}${d.count ? `（第 ${text(d.count)} 次）` : ''}${Array.isArray(d.units) && d.units.length ? `：${d.units.join('、')}` : ''}`;
    case 'escalate':
      return `${d.note === undefined ? '系统自动' : ''}${label}${d.supervisions ? `（已督办 ${text(d.supervisions)} 次）` : ''}`;
    case 'refer':
      return `${label} ${text(d.hotline)}`;
    case 'transfer':
      return describeTransfer({ direction: text(d.direction), mode: text(d.mode), targetKind: text(d.targetKind), target: text(d.target), targetName: d.targetName ? text(d.targetName) : null, outcome: d.outcome ? text(d.outcome) : null });
    case 'transfer-outcome':
      return `${label}：${text(d.targetName)} ${text(d.outcomeLabel)}`;
    case 'merge':
    case 'link-repeat':
      return `${label} ${text(d.originalNumber)}`;
    case 'repeat-received':
      return `${label} ${text(d.repeatNumber)}`;
    case 'merged-in':
      return `${label} ${text(d.mergedNumber)}${d.callerPhone ? `（来电人 ${text(d.callerName)} ${text(d.callerPhone)}，回访时一并联系）` : ''}`;
    case 'attach':
      return `${label}${d.count ? ` ${text(d.count)} 个` : ''}`;
    case 'upper-order':
      return `${label}（${text(d.platformName)}，编号 ${text(d.externalId)}）`;
    case 'upper-report':
    case 'upper-ack':
      return `${label}${d.kindLabel ? `「${text(d.kindLabel)}」` : ''}`;
    case 'peer-transfer':
      return `${label}（${text(d.peerName)}）`;
    case 'peer-report':
      return `${label}「${text(d.kindLabel)}」（${text(d.peerName)}，编号 ${text(d.remoteNumber)}）`;
    default:
      return label;
  }
}

/** Timeline order: by time, then by event id as a number (never as text, where 17 comes after 106). */
export function inTimelineOrder(events: TicketEvent[]): TicketEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Number(a.id) - Number(b.id));
}
