import { ATTEMPT_METHOD_LABELS, ATTEMPT_OUTCOME_LABELS, CONTACT_METHOD_LABELS, REPLY_RESOLUTION_LABELS } from '../visit/labels.ts';
import { CLOCK_LABELS, type ClockName } from '../vocabulary.ts';
import { TICKET_FLAG_LABELS, type TicketFlag } from '../flags/ticket-flags.ts';
import { describeTransfer } from '../telephony/transfers.ts';

/**
 * A ticket's timeline in words: the label of every action the server writes, the title line of an
 * event and what people wrote with it. One source for the ticket page (src/web/pages/ticket) and the
 * archive dossier (src/server/tickets/dossier), so the record printed is the record shown.
 */

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

const ROLE: Record<string, string> = { lead: '主办', assist: '协办', joint: '会签' };
const SATISFACTION: Record<string, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };
const RESOLUTION: Record<string, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' };
const VISIT_METHOD: Record<string, string> = { phone: '电话回访', sms: '短信回访', onsite: '现场回访', web: '网上评价' };
const FAULT: Record<string, string> = { unit: '承办单位原因', objective: '客观原因' };
const SUPERVISE_METHOD: Record<string, string> = { system: '系统督办', other: '电话、现场、发函等' };

/** A clock's name in Chinese: the label the server sent, else the vocabulary's; never the code name. */
/**
 * Events only the center reads: a 问责建议 about a unit (大足 第十条) is the center's report to the
 * bodies that hold the unit to account, not a step of the unit's work.
 */
export const CENTER_ONLY_EVENTS: ReadonlySet<string> = new Set(['accountability']);

export function clockLabel(name: unknown, label?: unknown): string {
  if (typeof label === 'string' && label) return label;
  const n = String(name ?? '');
  if (n.startsWith('reminder:')) return `第${n.split(':')[1]}级催办计时`;
  return CLOCK_LABELS[n as ClockName] ?? '时限';
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
/** 工单标记 named in Chinese: 涉企诉求、国办工单. */
const flagNames = (v: unknown) => (Array.isArray(v) ? v.map((f) => TICKET_FLAG_LABELS[f as TicketFlag] ?? '其他标记').join('、') : '');

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

export interface EventDetail {
  label: string;
  text: string;
}

/**
 * What people wrote with the event — every reason, basis, note, referral, answer and comment — as
 * labelled lines under the title. The server has already left out what this user may not see
 * (the caller's identity for units: src/server/tickets/presenter.ts).
 */
export function eventDetails(e: TicketEvent): EventDetail[] {
  const d = e as Record<string, unknown>;
  const out: EventDetail[] = [];
  const add = (label: string, v: unknown) => {
    const t = text(v);
    if (t) out.push({ label, text: t });
  };
  switch (e.action) {
    case 'register':
      add('工单标记', flagNames(d.flags));
      break;
    case 'flag': {
      const national = d.national as { number?: unknown } | undefined;
      const instruction = d.leaderInstruction as { by?: unknown; text?: unknown; on?: unknown } | undefined;
      add('国办工单编号', national?.number);
      add('批示领导', instruction?.by);
      add('批示日期', instruction?.on);
      add('批示内容', instruction?.text);
      add('说明', d.note);
      break;
    }
    case 'answer':
      add('答复内容', d.answer);
      if (d.kbEntry && typeof d.kbEntry === 'object') add('依据知识条目', (d.kbEntry as Record<string, unknown>).title);
      break;
    case 'reject':
      add('情形', d.groundLabel);
      add('理由', d.reason);
      add('依据', d.basis);
      add('所依据的规定', d.basisDetail);
      add('建议向', d.referral);
      break;
    case 'refer':
      add('说明', d.note);
      break;
    case 'dispatch':
    case 'subdispatch':
      if (d.due) add('另定时限', text(d.due).slice(0, 16).replace('T', ' '));
      add('交办意见', d.note);
      // a unit whose subtree follows a regulation of its own (大足区 under 重庆): its clocks are that one's
      if (d.presetTitle) add('时限依据', `《${text(d.presetTitle)}》`);
      break;
    case 'return':
      add('退回理由', d.reason);
      add('依据', d.basis);
      add('建议转办', d.suggestedUnitName);
      if (d.forwardedFrom) add('转报', `${text((d.forwardedFrom as { unitName?: unknown }).unitName)}的退单`);
      if (d.onsite) add('核实', '经现场核实');
      if (d.late) add('时限', d.countsAsOverdue ? `超过退单时限，视为超期办理件（${text(d.lapseBasis)}）` : '超过退单时限');
      if (Array.isArray(d.photos) && d.photos.length) add('现场图片', `${d.photos.length} 张（见附件）`);
      break;
    case 'approve-return':
    case 'forward-return':
    case 'approve-completion':
    case 'approve-extension':
    case 'reject-extension':
    case 'approve-appeal':
    case 'reject-appeal':
    case 'approve-supervision-extension':
    case 'reject-supervision-extension':
      add('意见', d.note);
      break;
    case 'reject-return':
    case 'reject-completion':
      add('理由', d.reason);
      break;
    case 'coordinate':
      if (Array.isArray(d.participants)) add('参加单位', d.participants.join('、'));
      add('议定事项', d.decisions);
      if (Array.isArray(d.followUps) && d.followUps.length) add('跟进日期', (d.followUps as Array<{ due: string; note: string }>).map((f) => `${f.due} ${f.note}`).join('；'));
      break;
    case 'follow-up-done':
      add('跟进事项', `${text(d.dueOn)} ${text(d.followUp)}`);
      add('跟进情况', d.note);
      break;
    case 'submit-reply':
      add('办理人', d.handlerName);
      if (d.reviewer === 'none') add('提示', '本单位尚无审核人（单位管理员），请联系系统管理员添加');
      break;
    case 'approve-reply':
      add('办理人', d.handlerName);
      if (Array.isArray(d.checks) && d.checks.length) add('已把关', d.checks.join('、'));
      add('意见', d.note);
      break;
    case 'reject-reply':
      add('退回理由', d.reason);
      add('办理人', d.handlerName);
      break;
    case 'reply':
      add('办理过程', d.process);
      add('办理结果', d.result);
      add('联系来电人', d.contacted === true ? '已联系' : d.contacted === false ? '未联系' : '');
      add('联系方式', CONTACT_METHOD_LABELS[String(d.contactMethod)]);
      if (d.contactedAt) add('联系时间', text(d.contactedAt).slice(0, 16).replace('T', ' '));
      add('联系情况', d.contactNote);
      add('解决情况', REPLY_RESOLUTION_LABELS[String(d.resolution)]);
      add('解决措施', d.measures);
      add('预计解决日期', d.targetDate);
      add('办理人', d.handlerName);
      if (d.handledAt) add('办理时间', text(d.handledAt).slice(0, 16).replace('T', ' '));
      if (Array.isArray(d.assistReplies)) for (const r of d.assistReplies as Array<Record<string, unknown>>) add(`协办单位${text(r.unitName)}`, r.result);
      break;
    case 'request-extension':
    case 'request-supervision-extension':
      add('延期理由', d.reason);
      break;
    case 'first-response':
      add('初步响应意见', d.response);
      if (d.onSite) add('现场处置', '已到达现场');
      if (d.late) add('时限', '超过初步响应时限');
      break;
    case 'progress':
      add('办理进度', d.progress);
      break;
    case 'special-report':
    case 'tell-unit':
      add('依据', d.basis);
      break;
    case 'accountability':
      add('问责情形', d.label);
      add('情况', d.reason);
      add('承办单位', d.unitName);
      add('报送', d.to);
      add('意见', d.note);
      add('依据', d.basis);
      break;
    case 'dismiss-proposal':
      add('督办建议', d.label);
      add('不予督办理由', d.note);
      add('依据', d.basis);
      break;
    case 'visit':
      add('回访方式', VISIT_METHOD[String(d.method)]);
      if (d.fault) add('不满意原因', FAULT[String(d.fault)]);
      add('回访记录', d.comment);
      break;
    case 'caller-rating':
      add('评价内容', d.comment);
      break;
    case 'upper-order':
      if (d.deadline) add('上级平台时限', text(d.deadline).slice(0, 16).replace('T', ' '));
      add('交办意见', d.instructions);
      break;
    case 'upper-report':
      add('报送内容', d.text);
      break;
    case 'peer-transfer':
      add('转办说明', d.note);
      break;
    case 'peer-report':
    case 'peer-returned':
      add('报送内容', d.text);
      break;
    case 'upper-ack':
      add('回执', d.receipt);
      if (Number(d.attempts) > 1) add('发送次数', d.attempts);
      break;
    case 'visit-attempt':
    case 'close-unreachable':
    case 'mark-exempt':
      add('说明', d.note);
      if (e.action === 'close-unreachable') add('已联系次数', d.attempts);
      add('依据', d.basis);
      break;
    case 'sms-visit':
      add('依据', d.basis);
      break;
    case 'sms-visit-undelivered':
      // the reason in Chinese, with the gateway's code (core/visit/sms-delivery.ts)
      add('原因', d.reason);
      break;
    case 'redo':
      add('依据', Array.isArray(d.basis) ? d.basis.join('；') : d.basis);
      break;
    case 'appeal':
      add('申诉理由', d.reason);
      add('依据', d.evidence);
      break;
    case 'remind':
    case 'supervise':
      add(e.action === 'remind' ? '催办意见' : '督办意见', d.note);
      add('督办情形', d.trigger);
      if (d.method) add('方式', SUPERVISE_METHOD[String(d.method)]);
      if (d.level && e.action === 'supervise') add('级别', `${text(d.level)} 级`);
      add('依据', d.basis);
      break;
    case 'escalate':
      add('原因', d.reason);
      if (Array.isArray(d.means)) add('措施', d.means.join('、'));
      add('意见', d.note);
      add('依据', d.basis);
      break;
    case 'sign':
      add('说明', d.note);
      add('依据', d.basis);
      break;
    case 'terminate':
      add('书面意见', d.opinion);
      add('依据', d.basis);
      break;
    case 'link-repeat':
    case 'merge':
    case 'merged-in':
    case 'attach':
      add('说明', d.note);
      break;
    case 'call-caller':
      add('说明', d.note);
      // placed by the telephone platform: the call record's id (关联通话)
      add('通话编号', d.callId);
      break;
    case 'transfer':
      add('对方编号', d.reference);
      add('通话编号', d.callId);
      if (d.source === 'telephony') add('来源', '电话平台推送');
      add('说明', d.note);
      break;
    case 'transfer-outcome':
      add('说明', d.note);
      break;
    case 'call-link':
      add('通话编号', d.callId);
      if (d.followUp) add('说明', '跟进来电');
      break;
    case 'reveal-phone':
      add('查看原因', d.reason);
      break;
    case 'archive':
      add('案卷校验值（SHA-256）', d.dossierSha256);
      break;
    case 'clock-overdue':
      if (d.dueAt) add('到期时间', text(d.dueAt).slice(0, 16).replace('T', ' '));
      add('依据', d.basis);
      break;
    case 'clock-due-soon':
      if (d.dueAt) add('到期时间', text(d.dueAt).slice(0, 16).replace('T', ' '));
      break;
  }
  return out;
}

/** Timeline order: by time, then by event id as a number (never as text, where 17 comes after 106). */
export function inTimelineOrder(events: TicketEvent[]): TicketEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Number(a.id) - Number(b.id));
}
