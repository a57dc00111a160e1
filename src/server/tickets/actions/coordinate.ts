import { z } from 'zod';
import { dayOfInstant, formatDay, parseDay } from '../../../core/calendar/civil-date.ts';
import { invalid } from '../../http/errors.ts';
import { day } from '../../http/schemas.ts';
import { uuid } from '../schemas.ts';
import { notifyOutbox } from '../store.ts';
import { refuse, type Guard } from './guards.ts';
import { defineAction } from './registry.ts';

/**
 * 综合协调 (大足 第四条（四）; 凉山 第五条（一）跨层级、跨区域的诉求事项).
 * Who records a 专题协调: the hotline center (邵阳 第十九条: 12345热线及时召集相关职能部门研究协调; 凉山
 * 第十一条（三）) or the ticket's lead unit, which coordinates its assisting units (重庆 第十二条（二）2:
 * 明确牵头承办单位和协同承办单位).
 */
const mayCoordinate: Guard = ({ actor, assignments }) => {
  if (actor.isCenter) return null;
  const lead = assignments.some((a) => a.role === 'lead' && a.parent_id === null && a.status !== 'returned' && a.unit_id === actor.unit.id);
  return lead ? null : refuse.forbidden('专题协调由主办单位或12345热线中心记录');
};

/**
 * 专题协调: a meeting on the ticket — the units that took part, the day, what was decided, and the
 * dates to follow up, each of which comes into the recorder's 待我审批 when it is due. On the
 * timeline for everyone who reads the ticket.
 */
export const coordinate = defineAction({
  action: 'coordinate',
  summary: '专题协调纪要：参加单位、协调日期、议定事项、跟进日期（到期进入记录人的待我审批）',
  schema: z.object({
    heldOn: day(),
    participants: z.array(uuid).min(1, '请选择参加协调的单位').max(30, '参加单位最多 30 个'),
    decisions: z.string().trim().min(1, '请填写议定事项').max(5000, '议定事项不能超过 5000 字'),
    followUps: z
      .array(z.object({ due: day(), note: z.string().trim().min(1, '请填写跟进事项').max(500, '跟进事项不能超过 500 字') }).strict())
      .max(10, '跟进日期最多 10 个')
      .default([]),
  }).strict(),
  guard: mayCoordinate,
  async run(ctx, input) {
    const today = dayOfInstant(ctx.now);
    const held = parseDay(input.heldOn);
    if (held > today) throw invalid('协调日期不能晚于今天（记录已召开的协调会）', [{ path: 'heldOn', message: '晚于今天' }]);
    for (const [i, f] of input.followUps.entries()) {
      if (parseDay(f.due) < held) throw invalid('跟进日期不能早于协调日期', [{ path: `followUps.${i}.due`, message: '早于协调日期' }]);
    }
    const ids = [...new Set(input.participants)];
    const { rows: units } = await ctx.tx.query<{ id: string; name: string; kind: string }>('SELECT id, name, kind FROM units WHERE id = ANY($1::uuid[])', [ids]);
    if (units.length !== ids.length) throw invalid('参加单位不存在', [{ path: 'participants', message: '单位不存在' }]);
    const names = ids.map((id) => units.find((u) => u.id === id)!.name);
    const { rows } = await ctx.tx.query<{ id: string }>(
      `INSERT INTO coordinations (ticket_id, held_on, participants, decisions, created_by, created_unit_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [ctx.ticket.id, input.heldOn, ids, input.decisions, ctx.actor.id, ctx.actor.unit.id, new Date(ctx.now)],
    );
    const coordinationId = rows[0]!.id;
    const followUps: Array<{ id: string; due: string; note: string }> = [];
    for (const f of input.followUps) {
      const r = await ctx.tx.query<{ id: string }>(
        'INSERT INTO coordination_follow_ups (coordination_id, ticket_id, due_on, note) VALUES ($1, $2, $3, $4) RETURNING id',
        [coordinationId, ctx.ticket.id, f.due, f.note],
      );
      followUps.push({ id: r.rows[0]!.id, due: f.due, note: f.note });
    }
    await ctx.event('coordinate', { coordinationId, heldOn: input.heldOn, participants: names, decisions: input.decisions, followUps, recorderId: ctx.actor.id }, null);
    for (const u of units.filter((x) => x.kind !== 'center' && x.id !== ctx.actor.unit.id)) {
      await notifyOutbox(ctx.tx, { unitId: u.id, ticketId: ctx.ticket.id, at: ctx.now, body: `【12345】工单 ${ctx.ticket.number} 专题协调（${formatDay(held)}）议定事项：${input.decisions.slice(0, 200)}` });
    }
  },
});
