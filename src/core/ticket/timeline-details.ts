import { CONTACT_METHOD_LABELS, REPLY_RESOLUTION_LABELS } from '../visit/labels.ts';
import type { TicketEvent } from './timeline.ts';
import { FAULT, SUPERVISE_METHOD, VISIT_METHOD, flagNames, text } from './timeline-words.ts';

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
