import { HOUR_MS, type Instant } from '../../../core/calendar/civil-date.ts';
import { watchBursts } from '../../analytics/bursts.ts';
import { acknowledgeAlert, watchSurges } from '../../analytics/warnings.ts';
import { WORDS } from './phrases.ts';
import { centerTime } from './shape.ts';
import type { World } from './world.ts';

/**
 * 监测预警 as the server's job loop runs it (src/cli/commands/serve.ts), at the ticks when requests
 * have come in since the last (no count can have grown otherwise); the supervisor acknowledges each
 * alert some hours later, or has not yet when the history stops.
 */
export function surgeWatch(w: World): (now: Instant) => Promise<void> {
  let registered = -1;
  return async (now) => {
    const n = w.sim.counts.get('register') ?? 0;
    if (n === registered) return;
    registered = n;
    const raised = [...(await watchSurges(w.sim.ctx.db, now)), ...(await watchBursts(w.sim.ctx.db, now))];
    // in a stated order: the database returns groups in no particular one
    raised.sort((a, b) => `${a.kind}${a.category}${a.placeTown}`.localeCompare(`${b.kind}${b.category}${b.placeTown}`));
    for (const alert of raised) {
      w.sim.count('alert');
      w.sim.at(centerTime(w.rng, now + w.rng.between(0.3, 20) * HOUR_MS), () => acknowledge(w, alert.id));
    }
  };
}

/** 确认跟进 with a note, as POST /api/analytics/alerts/:id/acknowledge records it. */
async function acknowledge(w: World, id: string): Promise<void> {
  await acknowledgeAlert(w.sim.ctx.db, id, w.cast.supervisor, w.sim.now, w.rng.pick(WORDS.alertNote));
  w.sim.count('acknowledge-alert');
}
