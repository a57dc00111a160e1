import type { ReactNode } from 'react';
import type { AllowedAction, Assignment, Ticket } from '../../types.ts';
import { ATTEMPT_METHOD_LABELS, ATTEMPT_OUTCOME_LABELS, CONTACT_METHOD_LABELS, REPLY_RESOLUTION_LABELS } from '../../../core/visit/labels.ts';
import type { FormRules } from './policy-hints.ts';
import { flagSpec } from './flag-spec.ts';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
type Day = { format: (f: string) => string };
/** A picked date-time as Beijing wall time (the server reads an instant without offset as Beijing time). */
const beijing = (v: unknown) => (v ? (v as Day).format('YYYY-MM-DDTHH:mm:00') : undefined);
const unsolved = (v: Record<string, unknown>) => v.resolution === 'partly' || v.resolution === 'unresolved';

/**
 * How each ticket action is offered: its button, its form and its rule. Which actions are offered,
 * and on which share, is the server's answer (ticket.access.actions, server/tickets/allowed.ts);
 * this only says how to ask for each.
 */
export interface Field {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'switch' | 'select' | 'units' | 'unit' | 'anyUnit' | 'date' | 'datetime' | 'checks' | 'followups';
  required?: boolean;
  /** Shown (and sent) only while the form's values say so, e.g. the measures of an unsolved matter. */
  showWhen?: (v: Record<string, unknown>) => boolean;
  /** Required while the form's values say so (the server refuses the same: 邵阳 第十五条). */
  requiredWhen?: (v: Record<string, unknown>) => boolean;
  /** Fewer characters than this are refused by the server too. */
  min?: number;
  options?: Array<{ value: string; label: string }>;
  extra?: ReactNode;
}

export interface Spec {
  action: string;
  label: string;
  fields?: Field[];
  primary?: boolean;
  danger?: boolean;
  hint?: string;
  /** Asked once more before it is sent (终结办理 ends the handling for good). */
  confirm?: { title: string; content: string };
  /** The form's first values. */
  initial?: Record<string, unknown>;
  /** The body as the API wants it. */
  toBody?: (v: Record<string, unknown>) => Record<string, unknown>;
  /** The share it applies to, and that share's unit (for labels and the sub-unit picker). */
  entry: AllowedAction;
  share: Assignment | null;
}

type Base = Omit<Spec, 'entry' | 'share'>;

const SATISFACTION = [
  { value: 'satisfied', label: '满意' },
  { value: 'basic', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
];

/** What the unit asks for, shown in the decider's form. */
function pendingText(share: Assignment | null, kind: 'extension' | 'return' | 'supervision-extension'): string | undefined {
  if (!share) return undefined;
  if (kind === 'supervision-extension' && share.pendingSupervisionExtension) {
    const p = share.pendingSupervisionExtension;
    const clock = share.clocks.filter((c) => c.name === 'supervision' && c.status === 'running').sort((a, b) => b.dueAt.localeCompare(a.dueAt))[0];
    return `${share.unit.name}申请督办延期 ${String(p.days)} 个工作日：${String(p.reason)}${clock ? `。当前督办时限 ${clock.dueAt.slice(0, 10)}` : ''}`;
  }
  if (kind === 'extension' && share.pendingExtension) {
    const handle = share.clocks.find((c) => (c.name === 'handle' || c.name === 'redo') && c.status === 'running');
    return `${share.unit.name}申请延期 ${String(share.pendingExtension.days)} 个工作日：${String(share.pendingExtension.reason)}${handle ? `。当前办理时限 ${handle.dueAt.slice(0, 10)}` : ''}`;
  }
  if (kind === 'return' && share.pendingReturn) {
    return returnText(share);
  }
  return undefined;
}

/** A pending return as the decider reads it: who asks, why, on what basis, to whom, passed on by whom, late or not. */
export function returnText(share: Assignment): string {
  const p = share.pendingReturn!;
  const from = (p.forwardedFrom as { unitName?: string } | undefined)?.unitName;
  const parts = [
    `${share.unit.name}${from ? `转报${from}的退单` : '申请退单'}：${String(p.reason)}`,
    p.basis ? `依据：${String(p.basis)}` : '',
    p.suggestedUnitName ? `建议转办：${String(p.suggestedUnitName)}` : '',
    p.late ? '超过退单时限' : '',
  ];
  return parts.filter(Boolean).join('；');
}

/** A return field required always, only after an on-site check (SY 第十三条), or never, as the preset says. */
function returnField(field: Omit<Field, 'required' | 'requiredWhen'>, when: 'always' | 'onsite' | null | undefined): Field {
  if (when === 'always') return { ...field, required: true };
  if (when === 'onsite') return { ...field, label: `${field.label}（经现场核实的必填）`, requiredWhen: (v) => !!v.onsite };
  return field;
}

/** The reply the reviewer decides on, as the handler submitted it. */
function reviewText(share: Assignment | null): string {
  const d = share?.replyReview?.draft;
  if (!share?.replyReview || !d) return '';
  return `${share.replyReview.submittedBy.name} ${share.replyReview.submittedAt.slice(0, 16).replace('T', ' ')} 提交：${String(d.result ?? '')}`;
}

function specFor(action: string, t: Ticket, hints: FormRules, share: Assignment | null): Base | null {
  switch (action) {
    case 'dispatch':
      return {
        action,
        label: '派单',
        primary: true,
        hint: '第一个单位为主办，其余为协办；另定时限将取代默认办理时限。',
        fields: [
          { name: 'units', label: '承办单位', kind: 'units', required: true },
          { name: 'joint', label: '会签（各单位分别办理）', kind: 'switch' },
          { name: 'due', label: '另定办理时限（可选）', kind: 'date' },
        ],
        toBody: (v) => ({
          units: (v.units as string[]).map((unitId, i) => ({ unitId, role: v.joint ? 'joint' : i === 0 ? 'lead' : 'assist' })),
          ...(v.due ? { due: (v.due as { format: (f: string) => string }).format('YYYY-MM-DD') } : {}),
        }),
      };
    case 'sign':
      return { action, label: '签收', primary: true, ...(hints.sign ? { hint: hints.sign } : {}) };
    case 'reply':
      return {
        action,
        label: '办理答复',
        primary: true,
        ...(hints.reply ? { hint: hints.reply } : {}),
        fields: [
          { name: 'process', label: '办理过程', kind: 'textarea', required: true },
          { name: 'result', label: '办理结果', kind: 'textarea', required: true },
          { name: 'resolution', label: '解决情况', kind: 'select', options: options(REPLY_RESOLUTION_LABELS) },
          { name: 'measures', label: '解决措施', kind: 'textarea', showWhen: unsolved, requiredWhen: (v) => !!hints.visit?.unsolvedPlan && unsolved(v) },
          { name: 'targetDate', label: '预计解决日期', kind: 'date', showWhen: unsolved, requiredWhen: (v) => !!hints.visit?.unsolvedPlan && unsolved(v) },
          // 联系服务对象情况 (邵阳 第十五条、第十七条): whether, how and when
          { name: 'contacted', label: '已联系来电人', kind: 'switch' },
          { name: 'contactMethod', label: '联系方式', kind: 'select', options: options(CONTACT_METHOD_LABELS), showWhen: (v) => !!v.contacted, requiredWhen: (v) => !!v.contacted },
          { name: 'contactedAt', label: '联系时间', kind: 'datetime', showWhen: (v) => !!v.contacted },
          { name: 'contactNote', label: '联系情况', kind: 'textarea', showWhen: (v) => !!v.contacted },
          { name: 'handlerName', label: '办理人', kind: 'text' },
        ],
        toBody: (v) => {
          const body: Record<string, unknown> = { ...v, contacted: !!v.contacted, contactedAt: beijing(v.contactedAt), targetDate: v.targetDate ? (v.targetDate as Day).format('YYYY-MM-DD') : undefined };
          return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined && x !== null && x !== ''));
        },
      };
    case 'first-response':
      return {
        action,
        label: '反馈初步响应',
        primary: true,
        hint: '特殊事项、特殊紧急事项须在规定时限内反馈初步响应意见；未签收的同时签收。',
        fields: [
          { name: 'response', label: '初步响应意见', kind: 'textarea', required: true },
          { name: 'onSite', label: '已到达现场处置', kind: 'switch' },
        ],
        toBody: (v) => ({ ...v, onSite: !!v.onSite }),
      };
    case 'progress':
      return { action, label: '反馈办理进度', fields: [{ name: 'progress', label: '办理进度', kind: 'textarea', required: true }] };
    case 'approve-reply': {
      const list = hints.unitReviewChecklist;
      return {
        action,
        label: '审核通过答复',
        primary: true,
        hint: `${reviewText(share)}${hints.unitReview ? `\n${hints.unitReview}` : ''}`,
        fields: [
          ...(list ? [{ name: 'checks', label: '逐项把关（须全部勾选）', kind: 'checks' as const, required: true, options: list.map((c) => ({ value: c.code, label: c.label })) }] : []),
          { name: 'note', label: '审核意见（可选）', kind: 'textarea' },
        ],
        toBody: (v) => ({ checks: (v.checks as string[] | undefined) ?? [], ...(v.note ? { note: v.note } : {}) }),
      };
    }
    case 'coordinate':
      return {
        action,
        label: '专题协调',
        hint: '记录已召开的专题协调：参加单位、协调日期、议定事项；跟进日期到期时进入您的“待我审批”。',
        fields: [
          { name: 'decisions', label: '议定事项', kind: 'textarea', required: true },
          { name: 'heldOn', label: '协调日期', kind: 'date', required: true },
          { name: 'participants', label: '参加单位', kind: 'units', required: true },
          { name: 'followUps', label: '跟进日期（可选）', kind: 'followups' },
        ],
        toBody: (v) => ({
          heldOn: (v.heldOn as { format: (f: string) => string }).format('YYYY-MM-DD'),
          participants: v.participants as string[],
          decisions: v.decisions,
          followUps: ((v.followUps as Array<{ due?: { format: (f: string) => string }; note?: string }> | undefined) ?? [])
            .filter((f) => f.due && f.note?.trim())
            .map((f) => ({ due: f.due!.format('YYYY-MM-DD'), note: f.note!.trim() })),
        }),
      };
    case 'reject-reply':
      return { action, label: '退回答复', danger: true, hint: `${reviewText(share)}\n退回后由承办人修改后重新提交，办理时限照常计算。`, fields: [{ name: 'reason', label: '退回理由（承办人可见）', kind: 'textarea', required: true }] };
    case 'subdispatch':
      return {
        action,
        label: '下派',
        hint: '下派时限不能晚于本单位的办理时限。',
        fields: [{ name: 'note', label: '交办意见', kind: 'textarea' }, { name: 'unitId', label: '下级单位', kind: 'unit', required: true }],
        toBody: (v) => ({ ...v, unitId: (v.unitId as string[])[0] }),
      };
    case 'request-extension':
      return {
        action,
        label: '申请延期',
        ...(hints.extension ? { hint: hints.extension } : {}),
        fields: [{ name: 'days', label: '延期工作日数', kind: 'number', required: true }, { name: 'reason', label: '延期理由', kind: 'textarea', required: true }],
      };
    case 'return':
      return {
        action,
        label: '退单',
        danger: true,
        ...(hints.return ? { hint: hints.return } : {}),
        fields: [
          { name: 'reason', label: '退回理由', kind: 'textarea', required: true },
          { name: 'onsite', label: '经现场核实', kind: 'switch' },
          returnField({ name: 'basis', label: '退回依据（三定方案、法规条款等）', kind: 'text' }, hints.returnForm?.basis),
          returnField({ name: 'suggestedUnitId', label: '建议转办单位', kind: 'anyUnit' }, hints.returnForm?.suggestedUnit),
        ],
        toBody: (v) => {
          const unit = v.suggestedUnitId as string[] | undefined;
          return { reason: v.reason, onsite: !!v.onsite, ...(v.basis ? { basis: v.basis } : {}), ...(unit?.[0] ? { suggestedUnitId: unit[0] } : {}) };
        },
      };
    case 'approve-extension':
      return { action, label: '同意延期', primary: true, hint: pendingText(share, 'extension') ?? '', fields: [{ name: 'note', label: '审批意见（可选）', kind: 'textarea' }] };
    case 'reject-extension':
      return { action, label: '驳回延期', danger: true, hint: pendingText(share, 'extension') ?? '', fields: [{ name: 'note', label: '驳回理由', kind: 'textarea', required: true }] };
    case 'request-supervision-extension':
      return {
        action,
        label: '申请督办延期',
        ...(hints.supervisionExtension ? { hint: hints.supervisionExtension } : {}),
        fields: [{ name: 'days', label: '延期工作日数', kind: 'number', required: true }, { name: 'reason', label: '情况复杂、问题特殊的理由', kind: 'textarea', required: true }],
      };
    case 'approve-supervision-extension':
      return { action, label: '同意督办延期', primary: true, hint: pendingText(share, 'supervision-extension') ?? '', fields: [{ name: 'note', label: '审批意见（可选）', kind: 'textarea' }] };
    case 'reject-supervision-extension':
      return { action, label: '驳回督办延期', danger: true, hint: pendingText(share, 'supervision-extension') ?? '', fields: [{ name: 'note', label: '驳回理由', kind: 'textarea', required: true }] };
    case 'approve-return':
      // a sub-unit's return before the unit that passed the share down (CQ 第十三条（一）: 逐级向上提交)
      if (share?.parentId) return { action, label: '同意退单', hint: `${pendingText(share, 'return') ?? ''}。同意后下级单位的承办任务结束，由本单位继续办理（可另行下派）。`, fields: [{ name: 'note', label: '意见（可选）', kind: 'textarea' }] };
      return { action, label: '同意退单', hint: pendingText(share, 'return') ?? '', fields: [{ name: 'note', label: '审核意见（可选）', kind: 'textarea' }] };
    case 'forward-return': {
      const parent = share ? t.assignments.find((a) => a.id === share.parentId) : undefined;
      const to = parent?.parentId ? '上级单位' : '热线';
      return {
        action,
        label: `转报${to}`,
        danger: true,
        hint: `${pendingText(share, 'return') ?? ''}。转报后下级单位的承办任务结束，本单位的承办任务以该理由申请退回${to}，由${to}审核。`,
        fields: [{ name: 'note', label: '转报意见（可选）', kind: 'textarea' }],
      };
    }
    case 'reject-return':
      return { action, label: '驳回退单', danger: true, hint: pendingText(share, 'return') ?? '', fields: [{ name: 'reason', label: '驳回理由', kind: 'textarea', required: true }] };
    case 'approve-completion':
      return { action, label: '审核通过', primary: true };
    case 'reject-completion':
      return { action, label: '审核退回', danger: true, fields: [{ name: 'reason', label: '退回理由', kind: 'textarea', required: true }] };
    case 'visit':
      return {
        action,
        label: '记录回访',
        primary: true,
        hint: `${t.smsVisit?.repliedAt ? `来电人短信回复：“${t.smsVisit.reply ?? ''}”。` : ''}不满意时请判断原因：承办单位原因发回重办，客观原因备注办结。`,
        initial: { method: t.smsVisit?.repliedAt ? 'sms' : 'phone', ...(t.smsVisit?.parsed ? { satisfaction: t.smsVisit.parsed } : {}) },
        fields: [
          { name: 'method', label: '回访方式', kind: 'select', required: true, options: [{ value: 'phone', label: '电话' }, { value: 'sms', label: '短信' }, { value: 'onsite', label: '上门' }] },
          { name: 'satisfaction', label: '满意度', kind: 'select', required: true, options: SATISFACTION },
          { name: 'resolution', label: '解决情况', kind: 'select', required: true, options: [{ value: 'resolved', label: '已解决' }, { value: 'partly', label: '部分解决' }, { value: 'unresolved', label: '未解决' }] },
          { name: 'fault', label: '不满意原因', kind: 'select', options: [{ value: 'unit', label: '承办单位原因（发回重办）' }, { value: 'objective', label: '客观原因（备注办结）' }] },
          { name: 'comment', label: '回访记录', kind: 'textarea' },
        ],
      };
    case 'visit-attempt':
      return {
        action,
        label: '记录联系未成功',
        hint: `已记录 ${t.visitAttempts ?? 0} 次。${hints.visit?.unreachable?.text ?? ''}`,
        fields: [
          { name: 'method', label: '联系方式', kind: 'select', required: true, options: options(ATTEMPT_METHOD_LABELS) },
          { name: 'outcome', label: '联系结果', kind: 'select', required: true, options: options(ATTEMPT_OUTCOME_LABELS) },
          { name: 'note', label: '说明', kind: 'textarea' },
        ],
        initial: { method: 'phone' },
      };
    case 'sms-visit':
      return {
        action,
        label: t.smsVisit ? '重新发送回访短信' : '短信回访',
        ...(hints.visit?.sms ? { hint: hints.visit.sms } : {}),
        confirm: { title: '向来电人发送回访短信？', content: '短信请来电人回复 1 满意、2 基本满意、3 不满意；回复将自动记录，不能识别或不满意的由您电话回访后决定。' },
      };
    case 'close-unreachable':
      return {
        action,
        label: '联系不上办结',
        danger: true,
        hint: `已联系 ${t.visitAttempts ?? 0} 次未成功。${hints.visit?.unreachable?.text ?? ''}`,
        fields: [{ name: 'note', label: '说明', kind: 'textarea' }],
      };
    case 'mark-exempt': {
      const kinds = hints.visit?.exemptKinds ?? [];
      return {
        action,
        label: t.exemptKind ? '更改满意度豁免' : '标记满意度豁免',
        hint: `行政调解类、执法办案类事项依法依规处置，不片面追求满意率：标记后回访照常进行，但不计入满意率 — ${[...new Set(kinds.map((k) => k.cite))].join('、')}`,
        fields: [
          { name: 'kind', label: '事项类别', kind: 'select', required: true, options: [...kinds.filter((k) => k.code !== t.exemptKind).map((k) => ({ value: k.code, label: k.label })), ...(t.exemptKind ? [{ value: 'none', label: '取消标记（计入满意率）' }] : [])] },
          { name: 'note', label: '说明', kind: 'textarea' },
        ],
        toBody: (v) => ({ ...v, kind: v.kind === 'none' ? null : v.kind }),
      };
    }
    case 'appeal':
      return {
        action,
        label: '申诉',
        ...(hints.appeal ? { hint: hints.appeal } : {}),
        fields: [
          { name: 'reason', label: '申诉理由', kind: 'textarea', required: true },
          { name: 'evidence', label: '依据（含与来电人沟通联系的证明）', kind: 'textarea', required: true },
        ],
      };
    case 'approve-appeal':
      return { action, label: '同意申诉', primary: true, hint: '审核通过的，在考核中不计入回访不满意评价。', fields: [{ name: 'note', label: '审核意见', kind: 'textarea', required: true }] };
    case 'reject-appeal':
      return { action, label: '驳回申诉', danger: true, fields: [{ name: 'note', label: '驳回理由', kind: 'textarea', required: true }] };
    case 'remind':
      return { action, label: '催办', fields: [{ name: 'note', label: '催办意见', kind: 'textarea' }] };
    case 'supervise':
      return {
        action,
        label: '督办',
        danger: true,
        ...(hints.supervision ? { hint: hints.supervision } : {}),
        fields: [{ name: 'note', label: '督办意见', kind: 'textarea', required: true }, { name: 'method', label: '方式', kind: 'select', options: [{ value: 'system', label: '系统督办' }, { value: 'other', label: '电话、现场、发函等' }] }],
      };
    case 'terminate':
      return {
        action,
        label: '终结办理',
        danger: true,
        hint: '同一诉求人就同一事项多次反映，诉求不符合法律法规政策规定或已依法依规办理的，可在事实认定清楚的基础上认定终结办理，须提出详细书面意见，办结后不再重复办理，并向诉求人做好解释（凉山州办法第十三条（四））。',
        fields: [
          { name: 'opinion', label: '书面意见', kind: 'textarea', required: true, min: 10 },
          { name: 'basis', label: '认定终结的法律、政策依据', kind: 'text', required: true },
        ],
        confirm: { title: `确认终结办理工单 ${t.number}？`, content: '终结后该工单不再重复办理，所有时限停止，且不能撤销。' },
      };
    case 'archive':
      // a dossier is frozen for good (src/server/tickets/dossier): asked once more
      return { action, label: '归档', confirm: { title: '归档该工单？', content: '归档时生成不可更改的案卷（工单、承办、时限、办理过程、回访和附件校验值），之后可下载 PDF 和 zip。' } };
    case 'flag':
      return flagSpec(t);
    default:
      // answer, reject, refer, merge and link-repeat are taken on the agent desk and the repeats card
      return null;
  }
}

/** Decisions on a request a unit made: always named with that unit. */
const DECISIONS = new Set(['approve-reply', 'reject-reply', 'approve-extension', 'reject-extension', 'approve-return', 'reject-return', 'forward-return', 'approve-supervision-extension', 'reject-supervision-extension']);

/**
 * The buttons for the actions the server allows now, each on its share. `hints` may depend on the
 * share: a share under a subtree with a preset of its own (大足区 under 重庆) follows that one's rules.
 */
export function specsFor(t: Ticket, entries: readonly AllowedAction[], hints: FormRules | ((share: Assignment | null) => FormRules), myUnitId: string): Spec[] {
  const out: Spec[] = [];
  for (const entry of entries) {
    const share = entry.assignmentId ? (t.assignments.find((a) => a.id === entry.assignmentId) ?? null) : null;
    const base = specFor(entry.action, t, typeof hints === 'function' ? hints(share) : hints, share);
    if (!base) continue;
    const several = entries.filter((e) => e.action === entry.action).length > 1;
    const named = entry.unitName && (several || entry.onBehalf || DECISIONS.has(entry.action) || (share && share.unit.id !== myUnitId));
    out.push({ ...base, label: named ? `${base.label}（${entry.unitName}）` : base.label, entry, share });
  }
  return out;
}
