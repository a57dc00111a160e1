import { z } from 'zod';
import { MINUTE_MS, type Instant } from '../../../core/calendar/civil-date.ts';
import type { TicketAction } from '../../../core/ticket/machine.ts';
import type { AppContext } from '../../app.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../http/errors.ts';
import { uuid } from '../../http/schemas.ts';
import { watchClocks } from '../../jobs/clock-watcher.ts';
import { ACTIONS } from '../../tickets/actions/index.ts';
import { runAction, type ActionDef } from '../../tickets/actions/registry.ts';
import { allowedActionsFor } from '../../tickets/allowed.ts';
import { clocksOf } from '../../tickets/clocks.ts';
import { loadAssignments, type TicketRow } from '../../tickets/store.ts';
import { accessTo } from '../../access/ticket-access.ts';

interface Item {
  at: Instant;
  seq: number;
  run: () => Promise<void>;
}

/**
 * The demo's history as a discrete-event simulation on an application clock that only moves
 * forward: each step (a call coming in, a unit signing, a visit …) is queued at the moment it
 * happens and runs with the clock set to that moment, through the same action pipeline as the
 * HTTP API (runAction: lock, role, state, guard, events, clocks, outbox, audit, live notice). The
 * clock watcher runs every hour of simulated time, as the server's job loop does every 10 s,
 * so overdue and due-soon clocks are marked when they run out.
 */
export class Sim {
  now: Instant;
  readonly ctx: AppContext;
  private readonly heap: Item[] = [];
  private seq = 0;
  private nextTick: Instant;
  /** Actions taken, by name; steps that fell after the end (the work still open at the end). */
  readonly counts = new Map<string, number>();
  /** Actions the engine refused: none are planned, so any is a mistake in the plan. */
  readonly failures: string[] = [];
  private readonly bodies = new Map<string, { def: ActionDef; schema: z.ZodType }>();
  private readonly jobs: Array<(now: Instant) => Promise<void>> = [];

  constructor(
    base: Omit<AppContext, 'now'>,
    readonly start: Instant,
    readonly end: Instant,
    private readonly tickMs = 60 * MINUTE_MS,
  ) {
    this.now = start;
    this.nextTick = start + tickMs;
    this.ctx = { ...base, now: () => this.now };
    for (const def of ACTIONS) {
      // validated and defaulted as the route validates the body (src/server/tickets/routes.ts)
      const schema = def.schema.extend(def.assignment ? { assignmentId: uuid.optional() } : {}).strict();
      this.bodies.set(def.action, { def, schema });
    }
  }

  /** Queues a step at `t` (never before now); steps after the end never happen: that work is still open. */
  at(t: Instant, run: () => Promise<void>): void {
    if (t > this.end) {
      this.count('open-at-end');
      return;
    }
    // whole seconds, as people's actions are read on a timeline
    this.push({ at: Math.max(Math.floor(t / 1000) * 1000, this.now), seq: (this.seq += 1), run });
  }

  count(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  /**
   * Takes an action on a ticket as `actor`; false when the engine refuses it — noted in failures,
   * unless the step is one a person may find refused (`mayBeRefused`: a return past its window).
   */
  async act(actor: Actor, ticketId: string, action: TicketAction, body: Record<string, unknown> = {}, mayBeRefused = false): Promise<boolean> {
    const entry = this.bodies.get(action);
    if (!entry) throw new Error(`未知的工单操作：${action}`);
    const input = entry.schema.parse(body) as Record<string, unknown>;
    try {
      await runAction(this.ctx, entry.def, actor, ticketId, input, { answer: false });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (mayBeRefused) {
        this.count(`refused:${action}`);
        return false;
      }
      this.failures.push(`${action}（${actor.username}）：${error.message}`);
      return false;
    }
    this.count(action);
    return true;
  }

  /**
   * Whether the ticket's page offers `actor` this action now: the same checks as the action itself
   * (src/server/tickets/allowed.ts). For a step a preset may have overtaken — a share deemed signed
   * once its window passed (邵阳 第十三条) — the person goes on instead.
   */
  async offers(actor: Actor, ticketId: string, action: TicketAction): Promise<boolean> {
    const db = this.ctx.db;
    const { rows } = await db.query<TicketRow>('SELECT * FROM tickets WHERE id = $1', [ticketId]);
    const [assignments, clocks] = [await loadAssignments(db, ticketId), await clocksOf(db, ticketId)];
    const { relation } = accessTo(actor, rows[0]!, null, assignments);
    return allowedActionsFor(this.ctx, actor, relation, rows[0]!, assignments, clocks, this.now).some((a) => a.action === action);
  }

  /** Runs every queued step in time order; `onStep` hears the clock after each. */
  async run(onStep?: (now: Instant) => void): Promise<void> {
    for (;;) {
      const item = this.pop();
      if (!item) break;
      for (; this.nextTick <= item.at; this.nextTick += this.tickMs) await this.tick(this.nextTick);
      this.now = item.at;
      await item.run();
      onStep?.(this.now);
    }
    // the job loop kept running until now: clocks that ran out meanwhile are marked
    for (; this.nextTick <= this.end; this.nextTick += this.tickMs) await this.tick(this.nextTick);
    await this.tick(this.end);
  }

  /** One round of the job loop: the clock watcher (after one cheap look for clocks that ran out or turned amber), then the others. */
  private async tick(t: Instant): Promise<void> {
    this.now = t;
    const { rows } = await this.ctx.db.query<{ due: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM clocks WHERE status = 'running' AND NOT overdue AND due_at <= $1)
           OR EXISTS (SELECT 1 FROM clocks WHERE status = 'running' AND NOT soon_notified AND soon_at <= $1 AND due_at > $1) AS due`,
      [new Date(t)],
    );
    if (rows[0]?.due) await watchClocks(this.ctx, t);
    for (const job of this.jobs) await job(t);
  }

  /** Another job of the server's loop, run at every tick after the clock watcher. */
  addJob(job: (now: Instant) => Promise<void>): void {
    this.jobs.push(job);
  }

  private push(item: Item): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Item | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!h.length || !last) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }
}

const before = (a: Item, b: Item) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
