import { computeDue, formatBasis, type Policy } from '../../../core/policy/index.ts';
import type { Role } from '../../../core/vocabulary.ts';
import type { AppContext } from '../../app.ts';
import { invalid } from '../../http/errors.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import type { AssignmentRow } from '../store.ts';
import { refuse, type Guard, type GuardInput } from './guards.ts';

/**
 * The share whose start a return window counts from: the share itself, or — where the preset keeps
 * one window for the whole chain (CQ 第十三条（一）, DZ 第六条（一）: 逐级向上提交…累计时间不超过2个
 * 工作日) — the first-level share it was passed down from, so a unit below gets what is left. The
 * rules are the share's unit's preset's (policy/for-unit.ts), unless the caller names them.
 */
export function windowShare(app: AppContext, assignments: readonly AssignmentRow[], a: AssignmentRow, policy: Policy = policyForShare(app, a)): AssignmentRow {
  if (!policy.returns?.cumulativeWindow) return a;
  let top = a;
  for (let guard = 0; top.parent_id !== null && guard < 20; guard++) {
    const up = assignments.find((x) => x.id === top.parent_id);
    if (!up) break;
    top = up;
  }
  return top;
}

/** When the share's return window ends (with or without an on-site check, SY 第十三条), or null when there is none yet. */
export function returnDue(app: AppContext, assignments: readonly AssignmentRow[], a: AssignmentRow, onsite: boolean, policy: Policy = policyForShare(app, a)): number | null {
  const returnRule = policy.clocks.return;
  if (!returnRule) return null;
  const rule = onsite ? (returnRule.variants?.onsite ?? returnRule) : returnRule;
  const from = windowShare(app, assignments, a, policy);
  const start = rule.from === 'signed' ? from.signed_at?.getTime() : from.created_at.getTime();
  return start === undefined ? null : computeDue(app.calendar, rule, start);
}

/** Whether the return window has passed. */
export function returnLate(g: Pick<GuardInput, 'app' | 'assignments' | 'now'>, a: AssignmentRow, onsite: boolean): boolean {
  const due = returnDue(g.app, g.assignments, a, onsite);
  return due !== null && g.now > due;
}

/**
 * The fields a return must fill besides its reason, as the preset says (LS 第十二条（二）: 注明退回理由、
 * 依据，并建议转办单位; SY 第十三条: 附理由和依据, and after an on-site check 提出具体承办单位的意见建议).
 * Throws 422 naming the article before anything is written.
 */
export function requireReturnFields(policy: Policy, input: { basis?: string | undefined; suggestedUnitId?: string | undefined; onsite: boolean }): void {
  const rules = policy.returns?.requiredFields ?? [];
  for (const r of rules) {
    if (r.when === 'onsite' && !input.onsite) continue;
    const basis = formatBasis(policy, r.basis);
    const after = r.when === 'onsite' ? '经现场核实后' : '';
    if (r.field === 'basis' && !input.basis) {
      throw invalid(`${after}退单须注明退回依据（${basis}）`, [{ path: 'basis', message: '请填写退回依据' }]);
    }
    if (r.field === 'suggestedUnit' && !input.suggestedUnitId) {
      throw invalid(`${after}退单须提出建议转办的承办单位（${basis}）`, [{ path: 'suggestedUnitId', message: '请选择建议承办单位' }]);
    }
  }
}

const CENTER_DECIDERS: Role[] = ['dispatcher', 'admin'];
const UNIT_DECIDERS: Role[] = ['handler', 'unit_admin'];

/**
 * Who decides a pending return: the hotline (CQ 第十三条, LS 第十二条（二）, SY 第十三条), or — for a
 * share a unit passed down, where the preset sends returns up the chain (CQ 第十三条（一）, DZ 第六条（一）:
 * 逐级向上提交) — the unit that passed it down, whose share is `parent`. Also what puts the return in
 * the decider's inbox (src/server/inbox), through the guards below.
 */
export function returnDecider(app: AppContext, assignments: readonly AssignmentRow[], a: AssignmentRow): { kind: 'center' } | { kind: 'unit'; parent: AssignmentRow } {
  if (!policyForShare(app, a).returns?.upChain || a.parent_id === null) return { kind: 'center' };
  const parent = assignments.find((x) => x.id === a.parent_id);
  return parent ? { kind: 'unit', parent } : { kind: 'center' };
}

/** The article for the chain's rules, for messages. */
function chainBasis(policy: Policy): string {
  const b = policy.returns?.chainBasis;
  return b ? formatBasis(policy, b) : policy.document.title;
}

/**
 * 同意/驳回退单: the hotline's dispatchers for a first-level share; for a share passed down under an
 * up-chain preset, only the users of the unit that passed it down — the hotline may not skip over it.
 */
export const mayDecideReturn: Guard = ({ app, actor, assignments, assignment }) => {
  const a = assignment!;
  const who = returnDecider(app, assignments, a);
  if (who.kind === 'center') {
    if (actor.isCenter && actor.roles.some((r) => CENTER_DECIDERS.includes(r))) return null;
    return refuse.forbidden('退单由12345热线审核');
  }
  const parentName = who.parent.unit_name;
  if (actor.unit.id !== who.parent.unit_id || !actor.roles.some((r) => UNIT_DECIDERS.includes(r))) {
    return refuse.forbidden(`${a.unit_name}的退单应逐级向上提交，由下派单位${parentName}审核（${chainBasis(policyForShare(app, a))}）`);
  }
  if (who.parent.status === 'returned' || who.parent.status === 'return_requested') {
    return refuse.conflict(`${parentName}的承办任务当前为“${who.parent.status === 'returned' ? '已退回' : '退单待审'}”，不能审核下级单位的退单`, 'wrong_state');
  }
  return null;
};

/** 转报热线: the unit that passed the share down sends the return on, its own share in handling. */
export const mayForwardReturn: Guard = (g) => {
  const a = g.assignment!;
  const who = returnDecider(g.app, g.assignments, a);
  if (who.kind === 'center') return refuse.conflict('该退单由12345热线直接审核，无需转报', 'wrong_state');
  const refused = mayDecideReturn(g);
  if (refused) return refused;
  if (who.parent.status !== 'dispatched' && who.parent.status !== 'handling') {
    return refuse.conflict(`${who.parent.unit_name}的承办任务当前不能退单，不能转报`, 'wrong_state');
  }
  return null;
};
