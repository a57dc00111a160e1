import type { z } from 'zod';
import { ACTION_RULES, checkAction, checkAssignmentState, deriveStatus, type TicketAction, type TicketStatus } from '../../../core/ticket/machine.ts';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../app.ts';
import type { Queryable } from '../../db/connection.ts';
import { shareEnded } from '../../../core/access/index.ts';
import { announce } from '../../live/bus.ts';
import { conflict, forbidden, invalid } from '../../http/errors.ts';
import type { ClockRow } from '../clocks.ts';
import { appendEvent, loadAssignments, lockTicket, updateTicket, updateTicketForDetail, type AssignmentRow, type TicketRow } from '../store.ts';
import type { DetailRow } from '../rows-json.ts';
import { heldByPeer, refusalError, type Guard } from './guards.ts';
import { syncUpperOrder } from '../../integration/exchange/report.ts';

/** What an action's body of code gets: the locked ticket, its shares, the actor and the time. */
export interface ActionContext {
  tx: Queryable;
  app: AppContext;
  actor: Actor;
  ticket: TicketRow;
  assignments: AssignmentRow[];
  /** The share this action works on, for actions of one unit. */
  assignment: AssignmentRow | null;
  /** The ticket's clocks as they were when it was locked. */
  clocks: ClockRow[];
  now: number;
  event(action: string, data?: Record<string, unknown>, assignmentId?: string | null): Promise<void>;
}

export interface ActionDef<S extends z.ZodObject = z.ZodObject> {
  action: TicketAction;
  summary: string;
  /** Body fields; `version` is added for every action. */
  schema: S;
  /**
   * 'own': the actor's unit's share (or one of its sub-units' shares named by assignmentId);
   * 'any': a share named by assignmentId, or the only one in the right state (center review).
   */
  assignment?: 'own' | 'any';
  /** Narrows the shares an 'any' action may pick by itself (e.g. those with a pending request). */
  candidate?: (a: AssignmentRow) => boolean;
  /**
   * The action's precondition beyond role, state and body (guards.ts): run here before the action,
   * and on every read of the ticket to list the actions allowed now (allowed.ts).
   */
  guard?: Guard;
  /** Returns the ticket fields to change; status is re-derived from the shares unless given. */
  run(ctx: ActionContext, input: z.infer<S>): Promise<Partial<Record<keyof TicketRow, unknown>> | void>;
}

export function defineAction<S extends z.ZodObject>(def: ActionDef<S>): ActionDef {
  return def as unknown as ActionDef;
}

/**
 * The pipeline every action goes through, in one transaction: lock the ticket → role (403) →
 * state (409) → version (409) → the unit's share → the action's guard → the action → derived
 * status, version + 1. allowed.ts runs the same checks (but the version) to list allowed actions.
 */
export async function runAction(
  app: AppContext,
  def: ActionDef,
  actor: Actor,
  ticketId: string,
  body: { version?: number; assignmentId?: string } & Record<string, unknown>,
  /** `answer: false` where no one reads the ticket's page afterwards (the demo history's thousands of steps). */
  opts: { answer?: boolean } = {},
): Promise<{ assignments: AssignmentRow[]; detail: DetailRow | undefined }> {
  return app.db.transaction(async (tx) => {
    const { ticket, assignments, clocks } = await lockTicket(tx, ticketId, actor);
    const refusal = checkAction(def.action, ticket.status, actor.roles);
    if (refusal?.kind === 'role') throw forbidden(refusal.message);
    if (refusal) throw conflict(refusal.message, 'wrong_state');
    const held = heldByPeer(ticket, def.action);
    if (held) throw refusalError(held);
    if (body.version !== undefined && body.version !== ticket.version) {
      throw conflict(`工单已被他人更新（当前版本 ${ticket.version}，您提交的是 ${body.version}），请刷新后重试`, 'stale_version');
    }
    const assignment = def.assignment ? pickAssignment(def, actor, assignments, body.assignmentId) : null;
    if (assignment) {
      const bad = checkAssignmentState(def.action, assignment.status);
      if (bad) throw conflict(bad.message, 'wrong_state');
    }
    const now = app.now();
    const blocked = def.guard?.({ app, actor, ticket, assignments, assignment, clocks, now });
    if (blocked) throw refusalError(blocked);
    const ctx: ActionContext = {
      tx,
      app,
      actor,
      ticket,
      assignments,
      assignment,
      clocks,
      now,
      event: (action, data, assignmentId) =>
        appendEvent(tx, { ticketId, assignmentId: assignmentId === undefined ? (assignment?.id ?? null) : assignmentId, action, actor, at: now, data }),
    };
    // The route has validated the body against def.schema (with defaults applied).
    const { version: _v, assignmentId: _a, ...input } = body;
    const changes = (await def.run(ctx, input)) ?? {};
    const fresh = await loadAssignments(tx, ticketId);
    if (!('status' in changes)) {
      const status = deriveStatus(ticket.status, fresh.map((a) => ({ status: a.status, parentId: a.parent_id })));
      if (status !== ticket.status) changes.status = status;
    }
    // an upper platform's order: its reports back and its deadline follow the step (凉山 第五条（三）),
    // after the update, whose page the answer then reads afresh
    const upper = ticket.channel === 'upper_platform' && !!app.exchange;
    let detail: DetailRow | undefined;
    if (upper || opts.answer === false) {
      await updateTicket(tx, ticketId, changes as Record<string, unknown>, now);
      if (upper) await syncUpperOrder(tx, app.exchange!, ticketId, now);
    } else {
      detail = await updateTicketForDetail(tx, ticketId, changes as Record<string, unknown>, now);
    }
    // Only units still holding a share hear of the change (a returned share has ended: core/access).
    const status = (changes.status as TicketStatus | undefined) ?? ticket.status;
    await announce(tx, { ticketId, status, units: fresh.filter((a) => !shareEnded(a, status)).map((a) => a.unit_path) });
    // the shares and the page as the action left them: the answer shows them without reading them again (issue 16)
    return { assignments: fresh, detail };
  });
}

/**
 * The shares an actor may name for an action of one share: for 'own', those of its unit or a unit
 * below it; for 'any', every share of the ticket (the guard then decides who may act on which).
 */
export function namedShares(def: ActionDef, actor: Actor, all: readonly AssignmentRow[]): AssignmentRow[] {
  return def.assignment === 'own' ? all.filter((a) => a.unit_path.startsWith(actor.unit.path)) : [...all];
}

function pickAssignment(def: ActionDef, actor: Actor, all: AssignmentRow[], requested?: string): AssignmentRow {
  const allowed = (ACTION_RULES[def.action] as { assignmentFrom?: string[] }).assignmentFrom;
  if (requested) {
    const a = all.find((x) => x.id === requested);
    if (!a) throw invalid('承办任务不存在', [{ path: 'assignmentId', message: '不属于该工单' }]);
    if (!namedShares(def, actor, [a]).length) throw forbidden('只能处理本单位的承办任务');
    return a;
  }
  if (def.assignment === 'own') {
    const mine = all.filter((a) => a.unit_id === actor.unit.id && a.status !== 'returned');
    const inState = mine.filter((a) => !allowed || allowed.includes(a.status));
    const pick = inState[0] ?? mine[0];
    if (!pick) throw forbidden('该工单未交办给本单位');
    return pick;
  }
  const candidates = all.filter((a) => (!allowed || allowed.includes(a.status)) && (!def.candidate || def.candidate(a)));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw conflict('没有处于可操作状态的承办任务', 'wrong_state');
  throw invalid('该工单有多个承办任务，请用 assignmentId 指明', [{ path: 'assignmentId', message: '必填' }]);
}

/** A status change an action decides itself (not derived from the shares). */
export function to(status: TicketStatus, extra: Partial<Record<keyof TicketRow, unknown>> = {}) {
  return { status, ...extra };
}
