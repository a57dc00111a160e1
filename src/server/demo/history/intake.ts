import { dayOfInstant, HOUR_MS, minuteOfDay, MINUTE_MS } from '../../../core/calendar/civil-date.ts';
import type { TicketStatus } from '../../../core/ticket/machine.ts';
import type { Channel } from '../../../core/vocabulary.ts';
import type { Actor } from '../../auth/actor.ts';
import { keepSnapshot, suggestFor } from '../../dispatch/suggestions.ts';
import { createTicket } from '../../tickets/create.ts';
import { createTicketSchema } from '../../tickets/schemas.ts';
import { scheduleArchive, scheduleVisit } from './center.ts';
import type { Matter } from './matters.ts';
import { WORDS } from './phrases.ts';
import { centerTime, momentIn } from './shape.ts';
import { afterDispatch } from './unit-work.ts';
import { addressOf, callerFor, fill, type Caller, type Case, type Slots, type World } from './world.ts';
import { DEMO_DEPUTY, demoFlags } from './flags.ts';
import { onTheLine } from './switchboard.ts';
import { consult, readAlong } from './kb-use.ts';

/** How requests reach the hotline: mostly by phone; the portal (web) without an agent in between. */
const CHANNELS: ReadonlyArray<readonly [Channel, number]> = [['phone', 68], ['web', 12], ['wechat', 12], ['app', 5], ['mailbox', 3]];
/** What a new request may still be merged into (src/server/tickets/actions/merge.ts). */
const OPEN: readonly TicketStatus[] = ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo'];

export interface Request {
  matter: Matter;
  slots: Slots;
  /** A text of its own (a surge's call, a caller ringing again) instead of the matter's templates. */
  content?: string;
  channel?: Channel;
  caller?: Caller;
  /** The earlier ticket of the same matter, once it exists: the new one is merged into it or linked. */
  original?: () => Case | undefined;
  /** Hears the new ticket (a surge's first call becomes the others' original). */
  onCreated?: (c: Case) => void;
  /** Left for the dispatcher, who has not got to it yet. */
  queued?: boolean;
}

/** A request comes in: registered by the agent (or submitted on the portal), then dealt with at intake. */
export async function arrive(w: World, req: Request): Promise<void> {
  const { sim, rng, cast } = w;
  const m = req.matter;
  const type = rng.weighted(m.types);
  const channel = req.channel ?? rng.weighted(CHANNELS);
  // a few phone requests carry a flag, or come from the register's deputy (history/flags.ts)
  const demo = demoFlags(sim.counts.get('register') ?? 0, new Date(sim.now).toISOString().slice(0, 4));
  const flagged = channel === 'phone' && !req.caller && !req.original;
  const drawn = req.caller ?? callerFor(w);
  const caller = flagged && demo.deputyCalls ? { name: DEMO_DEPUTY.name, phone: DEMO_DEPUTY.phone } : drawn;
  const content = req.content ?? fill(rng.pick(m.contents), req.slots);
  const address = addressOf(m, req.slots);
  const web = channel === 'web';
  const title = fill(m.title, req.slots);
  // the portal's form has no title or category: the dispatcher and the classifier read the text
  const input = createTicketSchema.parse({
    channel,
    caller,
    content,
    type,
    ...(web ? {} : { title, category: m.category }),
    ...(address ? { address } : {}),
    ...(type === 'report' && rng.chance(0.3) ? { confidential: true } : {}),
    ...(flagged ? demo.flags : {}),
  });
  const created = await createTicket(sim.ctx, web ? null : cast.agent, input);
  sim.count('register');
  if (created.replayed) return;
  const c: Case = {
    id: created.id,
    number: created.ticket.number,
    matter: m,
    content,
    type,
    channel,
    caller,
    slots: req.slots,
    right: null,
    unit: null,
    dispatchedAt: 0,
    late: false,
    returned: false,
    refusedReviews: 0,
    visits: 0,
  };
  req.onCreated?.(c);
  await onTheLine(w, c);
  // the desk's 知识库 tab searched the request as the agent typed it
  if (!web && w.knowledge) await readAlong(w, w.knowledge, content);
  if (!m.answer && !m.outcome && !req.original && !web && rng.chance(0.04)) ringAgain(w, c, content);
  const at = web ? centerTime(rng, sim.now + rng.between(10, 120) * MINUTE_MS) : sim.now + rng.between(2, 8) * MINUTE_MS;
  if (req.queued && !m.answer && !m.outcome) return;
  sim.at(at, () => intake(w, c, req.original?.() ?? null, web));
}

/** The same caller rings again some days later: the matter is not settled for them yet. */
function ringAgain(w: World, c: Case, content: string): void {
  const day = dayOfInstant(w.sim.now) + w.rng.int(2, 8);
  const at = momentIn(w.rng, day, w.rng.pick([9, 10, 10, 11, 14, 15, 16, 17]));
  const text = `${w.rng.pick(WORDS.followUp)}${content}`;
  w.sim.at(at, () => arrive(w, { matter: c.matter, slots: c.slots, content: text, channel: 'phone', caller: c.caller, original: () => c }));
}

/**
 * At intake the agent merges a repeat into a matter still open (or links it to a finished one and
 * dispatches it again), refuses what the hotline does not take, sends emergencies to their line,
 * answers what it knows, and dispatches the rest — often at once with the suggested unit, else the
 * dispatcher does from the queue.
 */
async function intake(w: World, c: Case, original: Case | null, web: boolean): Promise<void> {
  const { sim, rng, cast } = w;
  const m = c.matter;
  if (original) {
    const { rows } = await sim.ctx.db.query<{ status: TicketStatus }>('SELECT status FROM tickets WHERE id = $1', [original.id]);
    if (OPEN.includes(rows[0]!.status)) {
      if (await sim.act(cast.agent, c.id, 'merge', { originalId: original.id, note: '同一事项，合并办理' })) scheduleArchive(w, c);
      return;
    }
    if (!(await sim.act(cast.agent, c.id, 'link-repeat', { originalId: original.id, note: '同一事项再次反映' }))) return;
  }
  const kbEntryId = w.knowledge ? await consult(w, w.knowledge, c) : undefined;
  if (m.outcome) {
    const ok = 'reject' in m.outcome
      ? await sim.act(cast.agent, c.id, 'reject', m.outcome.reject)
      : await sim.act(cast.agent, c.id, 'refer', { hotline: m.outcome.refer, note: '已三方转接，来电人已与对方通话' });
    if (ok) scheduleArchive(w, c);
    return;
  }
  if (m.answer) {
    if (await sim.act(cast.agent, c.id, 'answer', { answer: m.answer, ...(kbEntryId ? { kbEntryId } : {}) })) scheduleVisit(w, c, rng.between(12, 60) * HOUR_MS);
    return;
  }
  const hour = minuteOfDay(sim.now) / 60;
  if (!web && hour >= 8 && hour < 22 && rng.chance(0.45)) {
    await dispatch(w, c, cast.agent, false);
    return;
  }
  // most are dispatched within the hour; some wait for the dispatcher to check something first
  const wait = rng.chance(0.2) ? rng.between(2, 20) * HOUR_MS : (10 + rng.exp(50)) * MINUTE_MS;
  sim.at(centerTime(rng, sim.now + wait), () => dispatch(w, c, cast.dispatcher, true));
}

/**
 * 派单 to the unit the routing table suggests; now and then the second suggestion by mistake (the
 * unit sends it back). A ticket sent back goes where the routing table says. The dispatcher opens
 * the ticket and its suggestions (kept for dispatch accuracy); the agent chose from the form.
 */
export async function dispatch(w: World, c: Case, actor: Actor, fromQueue: boolean): Promise<void> {
  const { sim, rng } = w;
  const { rows } = await sim.ctx.db.query<{ status: TicketStatus; title: string | null; content: string; address: string | null; category: string | null }>(
    'SELECT status, title, content, address, category FROM tickets WHERE id = $1',
    [c.id],
  );
  const t = rows[0]!;
  if (t.status !== 'registered') return;
  const s = await suggestFor(sim.ctx, t, w.reference);
  if (fromQueue && s.suggestions.length) await keepSnapshot(sim.ctx, c.id, s);
  // where the routing table sends the matter as the agent classifies it (the portal's form has no category)
  c.right ??= (t.category ? s : await suggestFor(sim.ctx, { ...t, category: c.matter.category }, w.reference)).suggestions[0]?.unitId ?? streetOffice(w, c);
  let unit = c.returned ? c.right : (s.suggestions[0]?.unitId ?? c.right);
  if (!c.returned && s.suggestions[1] && rng.chance(0.04)) unit = s.suggestions[1].unitId;
  unit ??= streetOffice(w, c);
  if (!(await sim.act(actor, c.id, 'dispatch', { units: [{ unitId: unit, role: 'lead' }] }))) return;
  c.unit = unit;
  c.dispatchedAt = sim.now;
  afterDispatch(w, c);
}

/** The street office of the place: the unit of last resort (属地). */
function streetOffice(w: World, c: Case): string {
  const unit = w.cast.unitByName(`${c.slots.street}办事处`) ?? [...w.cast.units.values()].find((u) => u.kind === 'street');
  if (!unit) throw new Error('演示城市没有街道办事处，无法派单');
  return unit.id;
}
