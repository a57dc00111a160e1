import { z } from 'zod';
import { dayOfInstant, parseInstant } from '../../../core/calendar/civil-date.ts';
import { formatBasis, tellsUnits } from '../../../core/policy/index.ts';
import { URGENCY_LABELS } from '../../../core/vocabulary.ts';
import { conflict, forbidden, invalid } from '../../http/errors.ts';
import { CALENDAR_YEARS, instant } from '../../http/schemas.ts';
import { describeRule } from '../../../core/policy/index.ts';
import { insertClocks, planClock, planStartClocks, stopClocks, type NewClock } from '../clocks.ts';
import { unitCalendar, type UnitHours } from '../../../core/calendar/unit-hours.ts';
import { uuid } from '../schemas.ts';
import type { Policy } from '../../../core/policy/schema.ts';
import type { Calendar } from '../../../core/calendar/calendar.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { notifyOutbox } from '../store.ts';
import { refuse } from './guards.ts';
import { defineAction, to, type ActionContext } from './registry.ts';
import { returnDue } from './return-rules.ts';

// A limit set by hand must lie in the years the working-time calendar covers (2004–2099).
const dueSchema = instant(CALENDAR_YEARS);

/** A due date typed as a day means the end of that day (民法典 第二百零三条). */
function explicitDue(ctx: ActionContext, text: string | undefined): number | undefined {
  if (!text) return undefined;
  const at = parseInstant(text);
  const due = text.length === 10 ? ctx.app.calendar.endOf(dayOfInstant(at)) : at;
  if (due <= ctx.now) throw invalid('另定的时限不能早于现在', [{ path: 'due', message: '应晚于现在' }]);
  return due;
}

/**
 * 派单: to one or more units as lead (主办), assist (协办) or joint (会签) (CQ 第十二条（二）,
 * LS 第十一条（三）, SY 第十二条（二）). Each share gets its own clocks from its unit's preset (大足区
 * under 重庆: 大足 第六条's, policy/for-unit.ts); a limit set at dispatch overrides the handling default
 * (every regulation: 交办时另有具体时限要求的，按要求). Telling the unit by phone at once is the hotline's
 * own duty (凉山 第十二条（四）), by the default preset.
 */
export const dispatch = defineAction({
  action: 'dispatch',
  summary: '派单（主办/协办/会签，可另定时限）',
  schema: z.object({
    units: z
      .array(z.object({ unitId: uuid, role: z.enum(['lead', 'assist', 'joint']) }).strict())
      .min(1, '请至少选择一个承办单位')
      .max(20, '一次最多派给 20 个单位'),
    due: dueSchema.optional(),
    note: z.string().trim().max(1000).optional(),
  }).strict(),
  async run(ctx, input) {
    const ids = input.units.map((u) => u.unitId);
    if (new Set(ids).size !== ids.length) throw invalid('同一单位不能重复派单', [{ path: 'units', message: '单位重复' }]);
    const leads = input.units.filter((u) => u.role === 'lead').length;
    const joints = input.units.filter((u) => u.role === 'joint').length;
    if (leads > 1) throw invalid('只能有一个主办单位', [{ path: 'units', message: '主办单位多于一个' }]);
    if (leads === 0 && joints === 0) throw invalid('请指定主办单位（或全部为会签单位）', [{ path: 'units', message: '缺少主办单位' }]);
    if (leads === 1 && joints > 0) throw invalid('会签工单各单位分别办理，不能同时设主办单位', [{ path: 'units', message: '主办与会签不能混用' }]);
    const { rows: units } = await ctx.tx.query<{ id: string; name: string; kind: string; active: boolean; path: string; own_hours: UnitHours | null }>(
      'SELECT id, name, kind, active, path, own_hours FROM units WHERE id = ANY($1::uuid[])',
      [ids],
    );
    for (const u of input.units) {
      const unit = units.find((x) => x.id === u.unitId);
      if (!unit) throw invalid('承办单位不存在', [{ path: 'units', message: `单位 ${u.unitId} 不存在` }]);
      if (unit.kind === 'center') throw invalid('不能派给热线中心自身', [{ path: 'units', message: unit.name }]);
      if (!unit.active) throw invalid(`「${unit.name}」已停用，不能再派单`, [{ path: 'units', message: `${unit.name} 已停用` }]);
    }
    const due = explicitDue(ctx, input.due);
    const t = ctx.ticket;
    await stopClocks(ctx.tx, { ticketId: t.id, assignmentId: null }, ['dispatch', 'answer'], ctx.now);
    // every share's clocks go in one statement at the end (clocks.ts insertClocks)
    const clocks: NewClock[] = [];
    for (const u of input.units) {
      const { rows } = await ctx.tx.query<{ id: string }>(
        `INSERT INTO assignments (ticket_id, unit_id, role, status, created_at) VALUES ($1, $2, $3, 'dispatched', $4) RETURNING id`,
        [t.id, u.unitId, u.role, new Date(ctx.now)],
      );
      const assignmentId = rows[0]!.id;
      const unit = units.find((x) => x.id === u.unitId)!;
      const policy = policyForShare(ctx.app, { unit_path: unit.path });
      const shareCalendar = unitCalendar(ctx.app.calendar, unit.own_hours);
      clocks.push(...(await planStartClocks(ctx.tx, policy, ctx.app.calendar, 'dispatched', t, ctx.now, { assignmentId, explicitHandleDue: due, shareCalendar })));
      // A handling limit that starts at signing (邵阳 第十四条) is replaced by the explicit one, from now.
      if (due !== undefined && policy.clocks.handle?.byType[t.type]?.from === 'signed') {
        const rule = policy.clocks.handle.byType[t.type]!;
        clocks.push(await planClock(ctx.tx, policy, ctx.app.calendar, { ticketId: t.id, assignmentId, name: 'handle', rule, from: ctx.now, due, explicit: true }));
      }
      clocks.push(...(await reminderTimers(ctx, policy, assignmentId, shareCalendar)));
      // the share's own regulation, where its subtree follows one other than the default (for the timeline)
      const own = policy.id !== ctx.app.policy.id ? { preset: policy.id, presetTitle: policy.document.title } : {};
      await ctx.event('dispatch', { unitId: u.unitId, unitName: unit.name, role: u.role, due: input.due ?? null, note: input.note ?? null, ...own }, assignmentId);
      await notifyOutbox(ctx.tx, { unitId: u.unitId, ticketId: t.id, at: ctx.now, body: `【12345】新工单 ${t.number} 已派至贵单位，请及时签收办理。` });
      const tell = tellsUnits(ctx.app.policy, t.urgency);
      if (tell) {
        // 电话告知相关承办部门 (凉山 第十二条（四）): besides the order, the unit's duty line is called —
        // the gateway's 'call' channel; the clerk sees the matter and its first-response limit at once
        await notifyOutbox(ctx.tx, {
          channel: 'call',
          unitId: u.unitId,
          ticketId: t.id,
          at: ctx.now,
          body: `【12345${URGENCY_LABELS[t.urgency]}】工单 ${t.number}：${(t.title ?? t.content).slice(0, 60)}。请立即签收并反馈初步响应意见（${formatBasis(ctx.app.policy, tell.basis)}）。`,
        });
        await ctx.event('tell-unit', { unitName: unit.name, basis: formatBasis(ctx.app.policy, tell.basis) }, assignmentId);
      }
    }
    await insertClocks(ctx.tx, clocks);
    return to('dispatched');
  },
});

/**
 * The preset's "not signed within n working days" reminder levels (大足 第七条) run as timers on
 * the share; the clock watcher acts on them only if the unit still has not signed.
 */
async function reminderTimers(ctx: ActionContext, policy: Policy, assignmentId: string, shareCalendar: Calendar): Promise<NewClock[]> {
  const timers: NewClock[] = [];
  for (const r of policy.reminders) {
    if (r.trigger.event !== 'notSigned') continue;
    const rule = { amount: r.trigger.workingDays, unit: 'workingDays' as const, from: 'dispatched' as const, basis: r.basis };
    const label = `派单后${r.trigger.workingDays}个工作日未签收即${r.action === 'remind' ? '催办' : '督办'}`;
    timers.push(await planClock(ctx.tx, policy, ctx.app.calendar, { ticketId: ctx.ticket.id, assignmentId, name: `reminder:${r.level}`, rule, from: ctx.now, label }, shareCalendar));
  }
  return timers;
}

/**
 * 下派: a unit passes its share down to one of its sub-units, with a limit inside its own — the 具体承办单位
 * it names and answers for (重庆 第六条; 邵阳 第六条（四）指导、协调和监督下级单位).
 */
export const subdispatch = defineAction({
  action: 'subdispatch',
  summary: '下派至下级单位',
  assignment: 'own',
  schema: z.object({ unitId: uuid, due: dueSchema.optional(), note: z.string().trim().max(1000).optional() }).strict(),
  guard: ({ assignment }) => (assignment!.unit_has_children ? null : refuse.invalid(`${assignment!.unit_name}没有下级单位，不能下派`)),
  async run(ctx, input) {
    const parent = ctx.assignment!;
    const { rows } = await ctx.tx.query<{ id: string; name: string; path: string; active: boolean }>('SELECT id, name, path, active FROM units WHERE id = $1', [input.unitId]);
    const unit = rows[0];
    if (!unit) throw invalid('下级单位不存在', [{ path: 'unitId', message: '单位不存在' }]);
    if (!unit.active) throw invalid(`「${unit.name}」已停用，不能再下派`, [{ path: 'unitId', message: `${unit.name} 已停用` }]);
    if (unit.id === parent.unit_id || !unit.path.startsWith(parent.unit_path)) throw forbidden('只能下派给本单位的下级单位');
    if (ctx.assignments.some((a) => a.parent_id === parent.id && a.unit_id === unit.id && a.status !== 'returned')) {
      throw conflict('已下派给该单位');
    }
    const parentHandle = await ctx.tx.query<{ due_at: Date }>(
      `SELECT due_at FROM clocks WHERE assignment_id = $1 AND name IN ('handle', 'redo') AND status = 'running' ORDER BY due_at DESC LIMIT 1`,
      [parent.id],
    );
    const parentDue = parentHandle.rows[0]?.due_at.getTime();
    const due = explicitDue(ctx, input.due) ?? parentDue;
    if (due !== undefined && parentDue !== undefined && due > parentDue) {
      throw invalid('下派时限不能晚于本单位的办理时限', [{ path: 'due', message: '晚于本单位时限' }]);
    }
    const ins = await ctx.tx.query<{ id: string }>(
      `INSERT INTO assignments (ticket_id, unit_id, parent_id, role, status, created_at) VALUES ($1, $2, $3, 'lead', 'dispatched', $4) RETURNING id`,
      [ctx.ticket.id, unit.id, parent.id, new Date(ctx.now)],
    );
    const id = ins.rows[0]!.id;
    // the sub-unit's own preset: its subtree's, which is its parent's unless it names another
    const policy = policyForShare(ctx.app, { unit_path: unit.path });
    const clocks: NewClock[] = [];
    const plan = async (input: Parameters<typeof planClock>[3]) => clocks.push(await planClock(ctx.tx, policy, ctx.app.calendar, input));
    const signRule = policy.clocks.sign ?? policy.clocks.transfer;
    if (signRule) await plan({ ticketId: ctx.ticket.id, assignmentId: id, name: 'sign', rule: signRule, from: ctx.now });
    // 累计时间不超过2个工作日 (CQ 第十三条（一）, DZ 第六条（一）): the unit below is left what remains of
    // the chain's one return window, counted from the first-level share; none once it has lapsed.
    const returnRule = policy.clocks.return;
    const chainDue = policy.returns?.cumulativeWindow ? returnDue(ctx.app, ctx.assignments, parent, false, policy) : null;
    if (returnRule && chainDue !== null && chainDue > ctx.now) {
      await plan({ ticketId: ctx.ticket.id, assignmentId: id, name: 'return', rule: returnRule, from: ctx.now, due: chainDue, label: `${describeRule(returnRule)}，自首次交办起算` });
    }
    const handleRule = policy.clocks.handle?.byType[ctx.ticket.type];
    if (handleRule && due !== undefined) {
      await plan({ ticketId: ctx.ticket.id, assignmentId: id, name: 'handle', rule: handleRule, from: ctx.now, due, explicit: true, label: '下派时限（不晚于上级单位时限）' });
    }
    await insertClocks(ctx.tx, clocks);
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: parent.id }, ['transfer'], ctx.now);
    const own = policy.id !== ctx.app.policy.id ? { preset: policy.id, presetTitle: policy.document.title } : {};
    await ctx.event('subdispatch', { unitId: unit.id, unitName: unit.name, parentAssignmentId: parent.id, note: input.note ?? null, ...own }, id);
    await notifyOutbox(ctx.tx, { unitId: unit.id, ticketId: ctx.ticket.id, at: ctx.now, body: `【12345】工单 ${ctx.ticket.number} 已下派至贵单位，请及时签收办理。` });
  },
});
