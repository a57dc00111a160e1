import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { audit } from '../audit/record.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import { notifyUnit } from '../kb/store.ts';
import { announce } from '../live/bus.ts';
import { issueReminder, issueSupervision, open } from '../tickets/actions/supervision.ts';
import { appendEvent, lockTicket, notifyOutbox, updateTicket } from '../tickets/store.ts';
import { writeEscalation } from './escalation.ts';
import { policyForShare } from '../policy/for-unit.ts';

/**
 * 督办建议: what a supervision rule proposes where the text leaves the judgment to the center —
 * 凉山 第二十二条（二） "事实清楚、政策法规依据明确，应解决而未解决", 重庆 第十五条 重点督查 with the
 * 督查 departments, 大足 第七条 专项督查 by the district offices. It waits in the supervisors'
 * 待我审批 until one of them takes the step (督办, 催办 or 升级) or dismisses it with a reason; a
 * proposal about a ticket that is no longer being handled is no longer shown.
 */

const ACTIVE = ['dispatched', 'handling', 'redo', 'reviewing'];
const DECIDERS = ['supervisor', 'admin'];
const ACTION_LABELS = { supervise: '督办', remind: '催办', escalate: '升级督办', accountability: '提出问责建议' } as const;

export const mayDecideProposals = (actor: Actor) => actor.isCenter && actor.roles.some((r) => DECIDERS.includes(r));

interface ProposalRow {
  id: string;
  rule: string;
  ticket_id: string | null;
  kb_entry_id: string | null;
  unit_id: string | null;
  unit_name: string | null;
  action: keyof typeof ACTION_LABELS;
  label: string;
  reason: string;
  basis: string;
  means: string[];
  status: string;
  fired_at: Date;
  number: string | null;
  title: string | null;
  excerpt: string | null;
  ticket_status: string | null;
  kb_title: string | null;
}

const SELECT = `SELECT p.*, u.name AS unit_name, t.number, t.title, left(t.content, 120) AS excerpt, t.status AS ticket_status, k.title AS kb_title
  FROM supervision_triggers p
  LEFT JOIN units u ON u.id = p.unit_id
  LEFT JOIN tickets t ON t.id = p.ticket_id
  LEFT JOIN kb_entries k ON k.id = p.kb_entry_id`;

/** The pending proposals a supervisor may decide now, oldest first (the inbox lists them beside the decisions). */
export async function proposalsFor(ctx: AppContext, actor: Actor): Promise<ProposalRow[]> {
  if (!mayDecideProposals(actor)) return [];
  const { rows } = await ctx.db.query<ProposalRow>(
    `${SELECT}
      WHERE p.status = 'pending'
        AND (p.ticket_id IS NULL OR (t.status = ANY($1::text[])
             AND EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.status NOT IN ('returned', 'replied', 'completed'))))
        AND (p.kb_entry_id IS NULL OR k.state = 'expired')
      ORDER BY p.fired_at, p.id`,
    [ACTIVE],
  );
  return rows;
}

/** A proposal as the inbox lists it: the same outline as a decision (kind, ticket, unit, request, when). */
export function presentProposal(r: ProposalRow, now: number) {
  return {
    kind: 'proposal' as const,
    kindLabel: '督办建议',
    proposalId: r.id,
    ticketId: r.ticket_id,
    number: r.number,
    title: r.title ?? r.kb_title,
    excerpt: r.excerpt ?? (r.kb_title ? `知识条目：${r.kb_title}` : ''),
    assignmentId: null,
    unitName: r.unit_name,
    request: { label: r.label, reason: r.reason, basis: r.basis, action: r.action, actionLabel: ACTION_LABELS[r.action], means: r.means },
    requestedAt: formatInstant(r.fired_at.getTime()),
    /** How long the proposal has waited (大足 第七条: how long since the second round). */
    waitingHours: Math.floor((now - r.fired_at.getTime()) / 3_600_000),
    due: null,
  };
}

const acceptBody = z.object({ note: z.string().trim().max(2000).optional(), method: z.enum(['system', 'other']).default('system') }).strict();
const dismissBody = z.object({ note: z.string().trim().min(1, '请填写不予督办的理由').max(2000) }).strict();

async function decide(ctx: AppContext, actor: Actor, id: string, decision: 'accepted' | 'dismissed', body: { note?: string | undefined; method?: 'system' | 'other' }) {
  if (!mayDecideProposals(actor)) throw forbidden('督办建议由12345热线中心的督办员决定');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // the ticket first, then the proposal, in the order actions and the watchers lock
    const peek = await tx.query<{ ticket_id: string | null }>('SELECT ticket_id FROM supervision_triggers WHERE id = $1', [id]);
    if (!peek.rows[0]) throw notFound('督办建议不存在');
    const locked = peek.rows[0].ticket_id ? await lockTicket(tx, peek.rows[0].ticket_id, actor) : null;
    const { rows } = await tx.query<ProposalRow>(`${SELECT} WHERE p.id = $1 FOR UPDATE OF p`, [id]);
    const p = rows[0]!;
    if (p.status !== 'pending') throw conflict('该督办建议已处理', 'wrong_state');
    const note = body.note ?? null;
    if (locked) {
      const { ticket, assignments } = locked;
      if (!ACTIVE.includes(ticket.status) || !assignments.some(open)) throw conflict('工单已不在办理中，该督办建议已失效', 'wrong_state');
      const target = { tx, app: ctx, ticket, assignments, actor, at: now };
      if (decision === 'dismissed') {
        await appendEvent(tx, { ticketId: ticket.id, action: 'dismiss-proposal', actor, at: now, data: { label: p.label, basis: p.basis, note } });
      } else if (p.action === 'supervise') {
        await issueSupervision(target, { note: note ?? p.label, level: 1, method: body.method ?? 'system', basis: p.basis, trigger: p.label });
      } else if (p.action === 'remind') {
        await issueReminder(target, { note: note ?? p.label, basis: p.basis, trigger: p.label });
      } else if (p.action === 'accountability') {
        // 大足 第十条: the center, with the district government's office, proposes accountability to the
        // bodies the preset names; the unit concerned does not see it on the timeline (CENTER_ONLY_EVENTS)
        // the rule may be a subtree's own preset's (大足 第十条 for a unit under 大足区 in a 重庆 deployment)
        const to = ctx.presets.inUse().flatMap((x) => x.supervisionTriggers ?? []).find((t) => `trigger:${t.code}` === p.rule)?.to ?? '有关部门';
        await appendEvent(tx, { ticketId: ticket.id, action: 'accountability', actor, at: now, data: { label: p.label, reason: p.reason, unitName: p.unit_name, to, basis: p.basis, note } });
        await notifyOutbox(tx, {
          channel: 'alert',
          ticketId: ticket.id,
          at: now,
          body: `【12345问责建议】致${to}：工单 ${ticket.number}，${p.unit_name ?? '承办单位'}${p.reason}（${p.label}；${p.basis}）${note ? `。意见：${note}` : ''}`,
        });
      } else {
        const level = Number(p.rule.split(':')[1]);
        // the preset of the share the proposal names (大足 第七条 for a unit under 大足区), else the default
        const share = assignments.find((a) => a.unit_id === p.unit_id && open(a));
        const policy = share ? policyForShare(ctx, share) : ctx.policy;
        const rule = policy.reminders.find((r) => r.action === 'escalate' && r.level === level);
        if (!rule) throw conflict('当前预设已没有这一级升级督办', 'wrong_state');
        await writeEscalation(target, policy, rule, p.reason, { note, decidedOn: p.label });
      }
      await updateTicket(tx, ticket.id, {}, now);
      await announce(tx, { ticketId: ticket.id, status: ticket.status, units: assignments.map((a) => a.unit_path) });
    } else {
      if (decision === 'accepted' && p.unit_id) await notifyUnit(tx, p.unit_id, `【12345${ACTION_LABELS[p.action]}】${p.reason}（${p.basis}）${note ? `：${note}` : ''}`, now);
      await audit(tx, { action: `supervision.proposal.${decision}`, at: now, actor, objectType: 'supervision_trigger', objectId: p.id, detail: { label: p.label, note } });
    }
    await tx.query('UPDATE supervision_triggers SET status = $2, decided_by = $3, decided_at = $4, note = $5 WHERE id = $1', [p.id, decision, actor.id, new Date(now), note]);
    return { id: p.id, status: decision, ticketId: p.ticket_id };
  });
}

export function proposalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string().uuid('督办建议编号无效') });
  r.post('/api/supervision/proposals/:id/accept', { schema: { tags: ['督办'], summary: '采纳督办建议（督办、催办或升级督办）', params, body: acceptBody } }, async (request) =>
    decide(ctx, request.actor!, request.params.id, 'accepted', request.body),
  );
  r.post('/api/supervision/proposals/:id/dismiss', { schema: { tags: ['督办'], summary: '不予督办（须写明理由）', params, body: dismissBody } }, async (request) =>
    decide(ctx, request.actor!, request.params.id, 'dismissed', request.body),
  );
}
