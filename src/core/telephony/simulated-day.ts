import { HOUR_MS, startOfDay, type DayNumber, type Instant } from '../calendar/civil-date.ts';
import { Rng } from '../random.ts';

/**
 * A day at the hotline's switchboard, simulated (issue 14 item 8): calls arrive as a Poisson process
 * shaped by the hour of a 12345 day, wait in one queue (first come, first answered) for the first
 * free agent, give up when their patience runs out before that, talk for a lognormal time, and leave
 * the agent some after-call work before the next call. Seeded: the same seed gives the same day.
 * Pure: no I/O, no clock. Used by `open12345 telephony simulate` (events over HTTP) and by the demo
 * history (call records in bulk).
 */

/**
 * Share of a day's calls in each hour (Beijing time): few at night, a climb from 08:00, peaks at
 * 09:00–11:00 and 14:00–17:00, a dip at lunch, a long evening tail (12345 centers' published day
 * curves have this shape).
 */
export const HOUR_SHAPE = [0.5, 0.3, 0.2, 0.15, 0.15, 0.25, 0.6, 1.8, 4.4, 7.6, 8.2, 7.4, 4.2, 3.8, 6.6, 7.3, 7.1, 6.2, 4, 3.3, 2.9, 2.2, 1.5, 0.9];

export interface DayModel {
  /** Median talk time, seconds (lognormal: the mean is about 1.2 × the median). */
  talkMedianSeconds: number;
  /** Spread of ln(talk time). */
  talkSigma: number;
  /** After-call work after each answered call: uniform in [min, max] seconds. */
  afterCallSeconds: [number, number];
  /** Mean patience of a waiting caller, seconds (exponential: many hang up early, a few wait long). */
  patienceMeanSeconds: number;
  /** Seconds a free agent's phone rings before the agent picks up. */
  pickupSeconds: [number, number];
}

export const DEFAULT_DAY_MODEL: DayModel = { talkMedianSeconds: 150, talkSigma: 0.6, afterCallSeconds: [15, 60], patienceMeanSeconds: 90, pickupSeconds: [2, 8] };

export interface SimulatedCall {
  /** 1-based, in order of arrival. */
  seq: number;
  offeredAt: Instant;
  /** Agent index (0-based) that answered, or null for an abandoned call. */
  agent: number | null;
  /** The agent whose phone rang at once (a free agent), or null: the call queued. */
  rangAt: number | null;
  answeredAt: Instant | null;
  /** Hang-up: the end of the talk, or the moment an unanswered caller gave up. */
  endedAt: Instant;
  /** The agent is ready again (after-call work done); answered calls only. */
  readyAt: Instant | null;
}

/**
 * The arrival moments of `calls` calls on `day`, sorted: given their number, the arrivals of a
 * Poisson process with an hour-shaped rate are independent draws from that shape.
 */
export function arrivals(day: DayNumber, calls: number, rng: Rng, shape: readonly number[] = HOUR_SHAPE): Instant[] {
  const total = shape.reduce((s, w) => s + w, 0);
  const out: Instant[] = [];
  for (let i = 0; i < calls; i++) {
    let x = rng.next() * total;
    let hour = 0;
    while (hour < 23 && x >= shape[hour]!) x -= shape[hour++]!;
    out.push(startOfDay(day) + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS / 1000) * 1000);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Plays the day through: `agents(t)` says how many agents are at their desks at an instant (a
 * number for all day, or a shift pattern). An agent leaving at a shift's end finishes the call in
 * hand. Calls are returned in order of arrival.
 */
export function simulateDay(options: { day: DayNumber; calls: number; agents: number | ((t: Instant) => number); seed: number; model?: Partial<DayModel> }): SimulatedCall[] {
  const model = { ...DEFAULT_DAY_MODEL, ...options.model };
  const rng = new Rng(options.seed);
  const times = arrivals(options.day, options.calls, rng);
  const staffed = typeof options.agents === 'number' ? () => options.agents as number : options.agents;
  const most = typeof options.agents === 'number' ? options.agents : 200;
  // when each agent is next free (ready again); an agent index ≥ staffed(t) is not at a desk at t
  const freeAt: Instant[] = Array.from({ length: most }, () => 0);
  const calls: Array<SimulatedCall & { talk: number; acw: number; pickup: number; patience: number }> = times.map((offeredAt, i) => {
    const patience = rng.exp(model.patienceMeanSeconds) * 1000;
    const talk = Math.exp(Math.log(model.talkMedianSeconds) + model.talkSigma * rng.gaussian()) * 1000;
    const acw = rng.between(...model.afterCallSeconds) * 1000;
    const pickup = rng.between(...model.pickupSeconds) * 1000;
    return { seq: i + 1, offeredAt, agent: null, rangAt: null, answeredAt: null, endedAt: offeredAt + patience, readyAt: null, talk, acw, pickup, patience };
  });
  // first come, first answered: each call in turn takes the agent free soonest among those at work
  for (const c of calls) {
    let best = -1;
    let bestAt = Infinity;
    for (let a = 0; a < most; a++) {
      // the agent must be at work when the call would be answered
      const at = Math.max(freeAt[a]!, c.offeredAt);
      if (a >= staffed(at)) continue;
      if (at < bestAt) {
        best = a;
        bestAt = at;
      }
    }
    // patience is for the queue: a caller put through to a free agent's ringing phone waits for the pickup
    if (best < 0 || bestAt - c.offeredAt > c.patience) continue; // hung up while waiting
    const answerAt = bestAt + c.pickup;
    c.agent = best;
    c.rangAt = freeAt[best]! <= c.offeredAt ? best : null;
    c.answeredAt = Math.round(answerAt);
    c.endedAt = Math.round(answerAt + c.talk);
    c.readyAt = Math.round(answerAt + c.talk + c.acw);
    freeAt[best] = c.readyAt;
  }
  return calls.map(({ seq, offeredAt, agent, rangAt, answeredAt, endedAt, readyAt }) => ({ seq, offeredAt, agent, rangAt, answeredAt, endedAt: Math.round(endedAt), readyAt }));
}
