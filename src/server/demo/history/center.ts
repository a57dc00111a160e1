import { dayOfInstant, HOUR_MS, MINUTE_MS, startOfDay, weekdayOf, type Instant } from '../../../core/calendar/civil-date.ts';
import type { TicketStatus } from '../../../core/ticket/machine.ts';
import { WORDS } from './phrases.ts';
import { centerTime, unitTime } from './shape.ts';
import { answerAgain, redo } from './unit-work.ts';
import type { Case, World } from './world.ts';

type Satisfaction = 'satisfied' | 'basic' | 'dissatisfied';

/** 审核: the hotline approves the report, or (once in twenty) sends it back to be completed. */
export async function review(w: World, c: Case): Promise<void> {
  const { sim, rng, cast } = w;
  if (c.refusedReviews === 0 && rng.chance(0.05)) {
    if (await sim.act(cast.dispatcher, c.id, 'reject-completion', { reason: rng.pick(WORDS.completionRefused) })) {
      c.refusedReviews += 1;
      answerAgain(w, c);
    }
    return;
  }
  if (await sim.act(cast.dispatcher, c.id, 'approve-completion')) scheduleVisit(w, c, rng.between(3, 50) * HOUR_MS);
}

/** The visitor calls back (09:00–20:00) some hours or days later. */
export function scheduleVisit(w: World, c: Case, after: number): void {
  w.sim.at(centerTime(w.rng, w.sim.now + after, 9, 20), () => visit(w, c));
}

/**
 * 回访: mostly satisfied; late work and second rounds less so. Dissatisfied through the unit's
 * fault is sent back (重办, where the preset says so); through objective causes it closes with a
 * note. A unit may contest a dissatisfied rating where the preset allows appeals (申诉).
 */
async function visit(w: World, c: Case): Promise<void> {
  const { sim, rng, cast, policy } = w;
  const answered = c.unit === null;
  const odds: ReadonlyArray<readonly [Satisfaction, number]> = answered
    ? [['satisfied', 86], ['basic', 11], ['dissatisfied', 3]]
    : c.visits > 0
      ? [['satisfied', 50], ['basic', 35], ['dissatisfied', 15]]
      : c.late
        ? [['satisfied', 52], ['basic', 28], ['dissatisfied', 20]]
        : [['satisfied', 78], ['basic', 14], ['dissatisfied', 8]];
  const satisfaction = rng.weighted(odds);
  const resolution =
    satisfaction === 'satisfied' ? (rng.chance(0.93) ? 'resolved' : 'partly') : satisfaction === 'basic' ? (rng.chance(0.45) ? 'resolved' : 'partly') : rng.chance(0.7) ? 'unresolved' : 'partly';
  const dissatisfied = satisfaction === 'dissatisfied' && !answered;
  // a second dissatisfied round is not sent back again: the caller's wish goes beyond what can be done
  const fault = dissatisfied ? (c.visits === 0 && rng.chance(0.55) ? 'unit' : 'objective') : undefined;
  const method = answered ? rng.weighted([['sms', 6], ['phone', 4]] as const) : rng.weighted([['phone', 17], ['sms', 3]] as const);
  const comment = fault === 'objective' ? WORDS.visit.objective : WORDS.visit[satisfaction];
  const ok = await sim.act(cast.visitor, c.id, 'visit', { satisfaction, resolution, method, comment, ...(fault ? { fault } : {}) });
  if (!ok) return;
  c.visits += 1;
  const { rows } = await sim.ctx.db.query<{ status: TicketStatus }>('SELECT status FROM tickets WHERE id = $1', [c.id]);
  const appealing = dissatisfied && policy.visit.appeal && rng.chance(0.4);
  if (appealing) appeal(w, c);
  if (rows[0]!.status === 'redo') redo(w, c, appealing);
  else scheduleArchive(w, c);
}

/** 申诉 by the unit within hours, decided by the supervisor within a day or so. */
function appeal(w: World, c: Case): void {
  const { sim, rng, calendar, cast } = w;
  sim.at(unitTime(calendar, sim.now, rng.between(0.5, 3)), async () => {
    if (!(await sim.act(cast.worker(c.unit!), c.id, 'appeal', { reason: WORDS.appealReason, evidence: WORDS.appealEvidence }))) return;
    sim.at(centerTime(rng, sim.now + rng.between(4, 20) * HOUR_MS), async () => {
      if (rng.chance(0.5)) await sim.act(cast.supervisor, c.id, 'approve-appeal', { note: '经核实，不满意原因不在承办单位，同意申诉' });
      else await sim.act(cast.supervisor, c.id, 'reject-appeal', { note: WORDS.appealRefused });
    });
  });
}

const ARCHIVABLE: readonly TicketStatus[] = ['closed', 'rejected', 'referred', 'terminated', 'merged'];

/** 归档 in the dispatcher's Friday-afternoon round, once a finished ticket is a week old. */
export function scheduleArchive(w: World, c: Case): void {
  const { sim, rng, cast } = w;
  let day = dayOfInstant(sim.now) + 7;
  while (weekdayOf(day) !== 5) day += 1;
  const at: Instant = startOfDay(day) + 16 * HOUR_MS + rng.between(0, 90) * MINUTE_MS;
  sim.at(at, async () => {
    const { rows } = await sim.ctx.db.query<{ status: TicketStatus }>('SELECT status FROM tickets WHERE id = $1', [c.id]);
    if (ARCHIVABLE.includes(rows[0]!.status)) await sim.act(cast.dispatcher, c.id, 'archive');
  });
}
