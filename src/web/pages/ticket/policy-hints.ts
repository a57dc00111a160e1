/** Rule sentences for the action forms, from the active policy (GET /api/policy), each with its article. */
export interface PolicyHints {
  sign?: string;
  reply?: string;
  return?: string;
  extension?: string;
  supervision?: string;
  supervisionExtension?: string;
  appeal?: string;
  /** 本单位审核: the rule (the checks each approval must tick: unitReviewChecklist). */
  unitReview?: string;
}

/** The checks an in-unit approval must tick (大足 第五条（二）: 政策关、保密关、来源关、文字关), if the preset names any. */
export function unitReviewChecklist(raw: unknown): Array<{ code: string; label: string }> | undefined {
  return (raw as PolicyJson).unitReview?.checklist;
}

/** The hint sentences, and the visit's rules (visitRules) for the forms that need more than a sentence. */
export type FormRules = PolicyHints & { visit?: VisitRules; returnForm?: ReturnForm; unitReviewChecklist?: Array<{ code: string; label: string }> };

export interface VisitRules {
  sms?: string;
  unreachable?: { attempts: number; text: string };
  exemptKinds: Array<{ code: string; label: string; cite: string }>;
  /** The reply must carry measures and a target date when the matter is not solved now. */
  unsolvedPlan?: string;
}

interface Basis {
  file: string;
  article: string;
}
interface Rule {
  amount: number;
  unit: string;
  basis: Basis;
}
interface PolicyJson {
  document: { title: string; file: string };
  clocks: Record<string, Rule & { variants?: Record<string, Rule> }>;
  extension: null | { leadWorkingDays: number; maxCount: number | null; maxWorkingDays: number | null; excludedTypes: string[]; approver: string; basis: Basis };
  returnLapse: null | { effect: string; basis: Basis };
  returnPhotos: null | { objects: string[]; basis: Basis };
  visit: {
    appeal: boolean;
    basis: Basis[];
    sms?: { basis: Basis };
    unreachable?: { attempts: number; basis: Basis };
    exemptKinds?: Array<{ code: string; label: string; basis: Basis }>;
  };
  reply?: { rule: string; basis: Basis; unsolvedPlan?: { basis: Basis } };
  supervisionExtension?: null | { maxCount: number; maxWorkingDays: number; basis: Basis };
  returns?: { upChain: boolean; cumulativeWindow: boolean; chainBasis?: Basis; requiredFields: Array<{ field: 'basis' | 'suggestedUnit'; when: 'always' | 'onsite'; basis: Basis }> };
  unitReview?: { default: boolean; checklist?: Array<{ code: string; label: string }>; basis: Basis };
}

/** What the return form must ask for under the active preset (LS 第十二条（二）, SY 第十三条): when each field is required. */
export interface ReturnForm {
  basis: 'always' | 'onsite' | null;
  suggestedUnit: 'always' | 'onsite' | null;
}

export function returnForm(raw: unknown): ReturnForm {
  const fields = (raw as PolicyJson).returns?.requiredFields ?? [];
  const when = (f: string) => fields.find((x) => x.field === f)?.when ?? null;
  return { basis: when('basis'), suggestedUnit: when('suggestedUnit') };
}

const UNIT: Record<string, string> = { workingDays: '个工作日', workingHours: '个工作小时', hours: '小时' };

export function policyHints(raw: unknown): PolicyHints {
  const p = raw as PolicyJson;
  const cite = (b: Basis) => `${p.document.file === b.file ? p.document.title : b.file}${b.article}`;
  const hints: PolicyHints = {};
  const sign = p.clocks.sign;
  if (sign) hints.sign = `应在派单后 ${sign.amount} ${UNIT[sign.unit]}内签收 — ${cite(sign.basis)}`;
  // From the active preset only: a hint citing another city's regulation misleads (issue 11).
  if (p.reply) hints.reply = `办理答复${p.reply.rule} — ${cite(p.reply.basis)}`;
  const ret = p.clocks.return;
  if (ret) {
    const when = ret.amount === 0 ? '签收当日' : `${ret.amount} ${UNIT[ret.unit]}内`;
    const onsite = ret.variants?.onsite ? `；需现场核实的 ${ret.variants.onsite.amount} ${UNIT[ret.variants.onsite.unit]}内` : '';
    const lapse = p.returnLapse ? `；超过时限${p.returnLapse.effect === 'signed' ? '视为签收' : '退回的视为超期办理件'}` : '';
    const photos = p.returnPhotos ? `；涉及${p.returnPhotos.objects.join('、')}的须附现场图片` : '';
    const r = p.returns;
    const needs = (when: 'always' | 'onsite') => (r?.requiredFields ?? []).filter((f) => f.when === when).map((f) => (f.field === 'basis' ? '依据' : '建议承办单位'));
    const always = needs('always');
    const onsiteNeeds = needs('onsite');
    const what = `写明理由${always.length ? `、${always.join('、')}` : ''}${onsiteNeeds.length ? `（经现场核实的还须提出${onsiteNeeds.join('、')}）` : ''}`;
    const chain = r?.upChain ? `；下派的工单逐级退回下派单位，由其收回或转报${r.cumulativeWindow ? '，各级累计计算时限' : ''}` : '';
    const cites = [...new Set([cite(ret.basis), ...(r?.requiredFields ?? []).map((f) => cite(f.basis)), ...(r?.chainBasis ? [cite(r.chainBasis)] : [])])];
    hints.return = `不属本单位职责的，应在${when}退回并${what}${chain}${onsite}${lapse}${photos} — ${cites.join('、')}`;
  }
  const ext = p.extension;
  if (ext) {
    const parts = [ext.leadWorkingDays > 0 ? `须在到期前 ${ext.leadWorkingDays} 个工作日提出` : '须在时限届满前提出'];
    if (ext.maxCount) parts.push(`最多 ${ext.maxCount} 次`);
    if (ext.maxWorkingDays) parts.push(`一般不超过 ${ext.maxWorkingDays} 个工作日`);
    if (ext.excludedTypes.includes('consultation')) parts.push('咨询类不予延期');
    parts.push(ext.approver === 'center' ? '由热线中心审核' : '经上一级管理单位同意');
    hints.extension = `延期${parts.join('，')} — ${cite(ext.basis)}`;
  }
  const sup = p.clocks.supervision;
  if (sup) hints.supervision = `督办事项应在 ${sup.amount} ${UNIT[sup.unit]}内办结${sup.variants?.other ? `（其他方式督办 ${sup.variants.other.amount} ${UNIT[sup.variants.other.unit]}）` : ''} — ${cite(sup.basis)}`;
  const se = p.supervisionExtension;
  if (se) hints.supervisionExtension = `情况复杂、问题特殊的督办事项可申请延期 ${se.maxCount} 次，不超过 ${se.maxWorkingDays} 个工作日，须在督办时限届满前提出，由热线中心审核 — ${cite(se.basis)}`;
  if (p.unitReview) {
    const list = p.unitReview.checklist;
    hints.unitReview = `答复报出前由本单位审核${list ? `，逐项把好${list.map((c) => c.label).join('、')}` : ''}；退回须写明理由，办理时限照常计算 — ${cite(p.unitReview.basis)}`;
  }
  if (p.visit.appeal) hints.appeal = `对回访不满意有异议的，可提出申诉并提供依据 — ${p.visit.basis.map(cite).join('、')}`;
  return hints;
}

/** 回访 (issue 13 item 7): what the preset allows — SMS visits, 联系不上, exempt kinds, the unsolved plan — with articles. */
export function visitRules(raw: unknown): VisitRules {
  const p = raw as PolicyJson;
  const cite = (b: Basis) => `${p.document.file === b.file ? p.document.title : b.file}${b.article}`;
  return {
    ...(p.visit.sms ? { sms: `办结后可短信回访，来电人回复 1 满意、2 基本满意、3 不满意 — ${cite(p.visit.sms.basis)}` } : {}),
    ...(p.visit.unreachable ? { unreachable: { attempts: p.visit.unreachable.attempts, text: `联系不少于 ${p.visit.unreachable.attempts} 次仍联系不上的，可按联系不上办结，不计入满意率 — ${cite(p.visit.unreachable.basis)}` } } : {}),
    exemptKinds: (p.visit.exemptKinds ?? []).map((k) => ({ code: k.code, label: k.label, cite: cite(k.basis) })),
    ...(p.reply?.unsolvedPlan ? { unsolvedPlan: `暂时无法解决的，须写明解决措施和预计解决日期 — ${cite(p.reply.unsolvedPlan.basis)}` } : {}),
  };
}
