import { dayOfInstant, HOUR_MS, MINUTE_MS, startOfDay, type Instant } from '../../../core/calendar/civil-date.ts';
import type { Actor } from '../../auth/actor.ts';
import { review } from './center.ts';
import { dispatch } from './intake.ts';
import { WORDS } from './phrases.ts';
import { centerTime, onWorkingDay, unitTime } from './shape.ts';
import { fill, type Case, type World } from './world.ts';

/**
 * A unit's share: signed within a couple of office hours (now and then a day later), sent back
 * when it is not the unit's (the hotline approves) or when the unit tries its luck (refused),
 * passed down to a community now and then, more time asked for when the matter is slow, and the
 * handling report — mostly well inside the limit, some late.
 */
export function afterDispatch(w: World, c: Case): void {
  const { sim, rng, calendar } = w;
  const worker = w.cast.worker(c.unit!);
  const wrong = c.right !== null && c.unit !== c.right && !c.returned;
  const signAt = unitTime(calendar, sim.now, rng.chance(0.1) ? rng.between(7, 20) : 0.1 + rng.exp(1.5));
  if (wrong && rng.chance(0.5)) {
    sim.at(signAt, () => sendBack(w, c, true));
    return;
  }
  sim.at(signAt, async () => {
    if (!(await signIfOpen(w, worker, c))) return;
    if (wrong) sim.at(unitTime(calendar, sim.now, rng.between(0.3, 3)), () => sendBack(w, c, true));
    else if (!c.returned && rng.chance(0.03)) sim.at(unitTime(calendar, sim.now, rng.between(1, 4)), () => sendBack(w, c, false));
    else await planWork(w, c);
  });
}

/** 签收, unless the preset has already taken the unit to have signed (邵阳 第十三条: 视为签收). */
async function signIfOpen(w: World, worker: Actor, c: Case): Promise<boolean> {
  if (w.policy.returnLapse?.effect === 'signed' && !(await w.sim.offers(worker, c.id, 'sign'))) return true;
  return w.sim.act(worker, c.id, 'sign');
}

/**
 * 退单, and the hotline's review of it: approved and dispatched again where it belongs, or refused.
 * Once the preset's return window has closed the unit handles it after all.
 */
async function sendBack(w: World, c: Case, wrong: boolean): Promise<void> {
  const { sim, rng, cast } = w;
  const right = c.right ? cast.units.get(c.right) : undefined;
  const reason = wrong && right ? rng.pick(WORDS.returnWrong).replace('{right}', right.name) : rng.pick(WORDS.returnTry);
  const body = { reason, basis: WORDS.returnBasis, ...(wrong && right ? { suggestedUnitId: right.id } : {}) };
  // past the return window (邵阳 第十三条: 签收当日) the server refuses it, and the unit carries on
  if (!(await sim.act(cast.worker(c.unit!), c.id, 'return', body, true))) {
    await planWork(w, c);
    return;
  }
  sim.at(centerTime(rng, sim.now + rng.between(0.5, 8) * HOUR_MS), async () => {
    if (wrong) {
      if (!(await sim.act(cast.dispatcher, c.id, 'approve-return', { note: WORDS.returnApproved }))) return;
      c.returned = true;
      sim.at(sim.now + rng.between(5, 40) * MINUTE_MS, () => dispatch(w, c, cast.dispatcher, true));
    } else if (await sim.act(cast.dispatcher, c.id, 'reject-return', { reason: rng.pick(WORDS.returnRefused) })) {
      await planWork(w, c);
    }
  });
}

/** The running handling limit of the ticket's lead share (moved by an extension). */
async function handleDue(w: World, c: Case): Promise<Instant | null> {
  const { rows } = await w.sim.ctx.db.query<{ due_at: Date }>(
    `SELECT c.due_at FROM clocks c JOIN assignments a ON a.id = c.assignment_id
      WHERE c.ticket_id = $1 AND a.unit_id = $2 AND a.parent_id IS NULL AND a.status <> 'returned'
        AND c.name IN ('handle', 'redo') AND c.status = 'running'
      ORDER BY c.due_at DESC LIMIT 1`,
    [c.id, c.unit],
  );
  return rows[0]?.due_at.getTime() ?? null;
}

/** When the report comes, in working days from now: most early, one in sixteen after the limit. */
async function planWork(w: World, c: Case): Promise<void> {
  const { sim, rng, calendar, policy } = w;
  const due = (await handleDue(w, c)) ?? calendar.dueAfterWorkingDays(sim.now, 5);
  const left = calendar.workingDaysBetween(dayOfInstant(sim.now), dayOfInstant(due));
  const rule = policy.extension;
  const r = rng.next();
  if (rule && !rule.excludedTypes.includes(c.type) && c.type !== 'consultation' && left >= 3 && r < 0.07) {
    askForTime(w, c, left);
    return;
  }
  const days = r < 0.135 ? left + rng.int(1, 4) : Math.min(left, Math.floor(rng.exp(Math.max(1, left * 0.3))) + (left > 5 ? 1 : 0));
  schedule(w, c, due, onWorkingDay(calendar, rng, sim.now, days));
}

/**
 * 申请延期 before the limit, once the unit sees it will need longer; the unit above (or the hotline, as the preset says:
 * 重庆 第十三条（三）) decides within a working day or so. Granted: the report comes within the new limit.
 */
function askForTime(w: World, c: Case, left: number): void {
  const { sim, rng, calendar, policy, cast } = w;
  const rule = policy.extension!;
  const days = Math.min(rng.int(5, 10), rule.maxWorkingDays ?? 10);
  const askAt = onWorkingDay(calendar, rng, sim.now, rng.int(Math.min(2, left - 1), left - 1));
  const unit = cast.units.get(c.unit!)!;
  const parent = unit.parentId ? cast.units.get(unit.parentId) : undefined;
  const byCenter = rule.approver === 'center' || !parent || parent.kind === 'center';
  const approver: Actor = byCenter ? cast.dispatcher : cast.worker(parent.id);
  sim.at(askAt, async () => {
    if (!(await sim.act(cast.worker(c.unit!), c.id, 'request-extension', { days, reason: rng.pick(WORDS.extension) }))) return;
    const decideAt = byCenter ? centerTime(rng, sim.now + rng.between(1, 10) * HOUR_MS) : unitTime(calendar, sim.now, rng.between(1, 10));
    sim.at(decideAt, async () => {
      const grant = rng.chance(0.85);
      const ok = grant
        ? await sim.act(approver, c.id, 'approve-extension', { note: '情况属实，同意延期' })
        : await sim.act(approver, c.id, 'reject-extension', { note: WORDS.extensionRefused });
      if (!ok) return;
      const due = (await handleDue(w, c))!;
      const remaining = calendar.workingDaysBetween(dayOfInstant(sim.now), dayOfInstant(due));
      const late = rng.chance(grant ? 0.05 : 0.5);
      const n = late ? remaining + rng.int(1, 3) : rng.int(Math.max(0, remaining - (grant ? days : 2)), remaining);
      schedule(w, c, due, onWorkingDay(calendar, rng, sim.now, n));
    });
  });
}

/**
 * The report at `replyAt`; before it, what the supervisor does about the clock (a reminder on the
 * last day, 督办 the day after it ran out) and, at street offices, work passed down to a community.
 */
function schedule(w: World, c: Case, due: Instant, replyAt: Instant): void {
  const { sim, rng, calendar, cast } = w;
  c.late = replyAt > due;
  const remindAt = unitTime(calendar, startOfDay(dayOfInstant(due)), rng.between(0.3, 3));
  if (remindAt > sim.now && remindAt < replyAt && rng.chance(0.35)) {
    sim.at(remindAt, () => sim.act(cast.supervisor, c.id, 'remind', { note: rng.pick(WORDS.remind) }).then(() => {}));
  }
  if (c.late) {
    const superviseAt = onWorkingDay(calendar, rng, due, 1);
    if (superviseAt < replyAt && rng.chance(0.7)) {
      sim.at(superviseAt, () => sim.act(cast.supervisor, c.id, 'supervise', { note: rng.pick(WORDS.supervise) }).then(() => {}));
    }
  }
  const unit = cast.units.get(c.unit!)!;
  const span = calendar.workingMinutesBetween(sim.now, replyAt);
  if (unit.kind === 'street' && unit.children.length && span >= 180 && rng.chance(0.25)) passDown(w, c, rng.pick(unit.children), replyAt, span);
  sim.at(replyAt, () => reply(w, c, false));
}

/** 下派: the street office passes the work to a community, which signs and reports back before it. */
function passDown(w: World, c: Case, child: string, replyAt: Instant, span: number): void {
  const { sim, rng, calendar, cast } = w;
  const downAt = unitTime(calendar, sim.now, (span / 60) * rng.between(0.05, 0.15));
  const signAt = unitTime(calendar, downAt, (span / 60) * rng.between(0.05, 0.15));
  const doneAt = unitTime(calendar, signAt, (span / 60) * rng.between(0.2, 0.5));
  const worker = cast.worker(child);
  sim.at(downAt, () => sim.act(cast.worker(c.unit!), c.id, 'subdispatch', { unitId: child, note: WORDS.subdispatch }).then(() => {}));
  sim.at(signAt, () => signIfOpen(w, worker, c).then(() => {}));
  sim.at(doneAt, () => sim.act(worker, c.id, 'reply', { process: WORDS.childProcess, result: WORDS.childResult, contacted: false }).then(() => {}));
}

/** 办理答复: usually after talking to the caller; then the hotline reviews it. */
export async function reply(w: World, c: Case, redo: boolean): Promise<void> {
  const { sim, rng, cast } = w;
  const contacted = rng.chance(0.9);
  const process = redo ? WORDS.redoReply : fill(rng.pick(c.matter.process), c.slots);
  const body = {
    process,
    result: fill(rng.pick(c.matter.result), c.slots),
    contacted,
    ...(contacted ? {} : { contactNote: rng.pick(WORDS.notContacted) }),
  };
  if (!(await sim.act(cast.worker(c.unit!), c.id, 'reply', body))) return;
  // 本单位审核: where the unit reviews its replies, its reviewer lets this one leave within the hour
  const reviewer = cast.reviewer(c.unit!);
  if (reviewer && (await sim.offers(reviewer, c.id, 'approve-reply'))) {
    const checks = (w.policy.unitReview?.checklist ?? []).map((x) => x.code);
    sim.at(sim.now + (0.2 + rng.exp(0.5)) * HOUR_MS, async () => {
      if (await sim.act(reviewer, c.id, 'approve-reply', { checks })) sim.at(centerTime(rng, sim.now + (0.2 + rng.exp(2.5)) * HOUR_MS), () => review(w, c));
    });
    return;
  }
  // the review queue is read through the day; a third of the reports wait until the next
  const wait = rng.chance(0.3) ? rng.between(12, 40) : 0.2 + rng.exp(2.5);
  sim.at(centerTime(rng, sim.now + wait * HOUR_MS), () => review(w, c));
}

/** 重办 after a dissatisfied visit: the unit goes back and reports again within a few working days. */
export function redo(w: World, c: Case, appealing: boolean): void {
  const { sim, rng, calendar } = w;
  sim.at(onWorkingDay(calendar, rng, sim.now, rng.int(appealing ? 3 : 1, 5)), () => reply(w, c, true));
}

/** A report the hotline refused: the unit adds to it within two working days. */
export function answerAgain(w: World, c: Case): void {
  w.sim.at(onWorkingDay(w.calendar, w.rng, w.sim.now, w.rng.int(0, 2)), () => reply(w, c, false));
}
