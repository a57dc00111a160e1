import type { DayNumber } from '../../../core/calendar/civil-date.ts';
import type { Actor } from '../../auth/actor.ts';
import { assist } from '../../kb/assist.ts';
import { searchLogged, type SearchHit } from '../../kb/search.ts';
import { recordFeedback, recordSearch, type KbChannel } from '../../kb/usage.ts';
import { MATTER_LOOKUPS, TOPICS, type Lookup, type Topic } from '../knowledge/queries.ts';
import type { Library } from './knowledge.ts';
import { arrivalsOn } from './shape.ts';
import type { Case, World } from './world.ts';

/**
 * The knowledge base in use during the history (重庆 第十九条: 使用情况统计; 知识缺口): the desk's 知识库 tab
 * reads along as the agent types a request (GET /api/kb/assist), the agent searches for the matter at
 * intake and answers from the entry found (直接答复, counted as a use), marks it useful or not; between
 * tickets agents look up what callers ask on the line, and citizens search the portal's 政策问答. Each
 * search is logged as its route logs it, at its moment, so the usage, the gaps (searches that found
 * nothing good) and the feedback reports read the history's own traffic.
 */

/*
 * Volumes scaled down as the requests are (10 a working day, README): a search costs ~10 ms on PGlite and
 * the desk's assist ~20 ms (the similar tickets too), so these ~300 searches add about 4 s to the first start.
 */
/** Searches on the line without a ticket, and on the portal, on an ordinary working day. */
const LOOKUPS_PER_WORKING_DAY = 1.4;
const PORTAL_PER_WORKING_DAY = 0.7;
/** Share of the agent's registrations during which the desk's 知识库 tab was read (the request text searched). */
const DESK_ASSIST = 0.03;

/** GET /api/kb/search and GET /api/public/kb as their routes run them: published entries in force, the search logged. */
async function search(w: World, q: string, actor: Actor | null): Promise<{ searchId: number; hits: SearchHit[] }> {
  const { db } = w.sim.ctx;
  const now = w.sim.now;
  const channel: KbChannel = actor ? 'agent' : 'public';
  const { hits, searchId } = await searchLogged(db, q, { states: ['published'], asOf: now, ...(actor ? {} : { publicOnly: true }) }, 10, { channel, actorId: actor?.id ?? null, at: now });
  w.sim.count(`kb-search:${channel}`);
  return { searchId, hits };
}

/** POST …/feedback as its route records it. */
async function mark(w: World, entryId: string, searchId: number, helpful: boolean, actor: Actor | null): Promise<void> {
  await recordFeedback(w.sim.ctx.db, entryId, { helpful, searchId, channel: actor ? 'agent' : 'public', actorId: actor?.id ?? null, at: w.sim.now, publicOnly: !actor });
  w.sim.count(helpful ? 'kb-helpful' : 'kb-unhelpful');
}

/**
 * The entry among the results that answers it, as the person reading the list picks it: the first
 * that does, or — knowing the caller's words — the one whose title says most of them.
 */
function answering(lib: Library, look: Lookup, hits: readonly SearchHit[], words?: string): SearchHit | undefined {
  const answers = hits.filter((h) => look.entries.includes(lib.keys.get(h.id) ?? ''));
  if (!words) return answers[0];
  return answers.reduce<SearchHit | undefined>((best, h) => (!best || shared(h.title, words) > shared(best.title, words) ? h : best), undefined);
}

/** Character pairs of `a` found in `b`: how much of a title a caller's words repeat. */
function shared(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i + 1 < a.length; i += 1) if (b.includes(a.slice(i, i + 2))) n += 1;
  return n;
}

/** The desk's 知识库 tab, read while the agent types the request (GET /api/kb/assist). */
export async function readAlong(w: World, lib: Library, text: string): Promise<void> {
  if (!lib.rng.chance(DESK_ASSIST)) return;
  const { db } = w.sim.ctx;
  const result = await assist(db, w.cast.agent, text, w.sim.now);
  await recordSearch(db, text, result.entries, 'assist', w.cast.agent.id, w.sim.now);
  w.sim.count('kb-search:assist');
}

/**
 * At intake the agent searches the knowledge base for the matter — for about half the questions answered on
 * the line (the answer then cites the entry found: a use), a few of those dispatched (what to tell the
 * caller), nearly always when asked when road works end (the entry says little: mostly marked not
 * useful). Returns the entry a direct answer is built on.
 */
export async function consult(w: World, lib: Library, c: Case): Promise<string | undefined> {
  const look = MATTER_LOOKUPS[c.matter.key];
  if (!look) return undefined;
  const m = c.matter;
  const roadworks = m.key === 'roadworks';
  const p = m.answer ? 0.45 : roadworks ? 0.9 : m.outcome ? 0.5 : 0.03;
  const rng = lib.rng;
  if (!rng.chance(p)) return undefined;
  const agent = w.cast.agent;
  // the agent types a few words: those closest to what the caller said, or her own
  const closest = [...look.queries].sort((a, b) => shared(b, c.content) - shared(a, c.content))[0]!;
  const { searchId, hits } = await search(w, rng.chance(0.5) ? closest : rng.pick(look.queries), agent);
  const fit = answering(lib, look, hits, c.content);
  if (roadworks && fit) {
    if (rng.chance(0.65)) await mark(w, fit.id, searchId, false, agent);
    return undefined;
  }
  if (fit && rng.chance(m.answer ? 0.35 : 0.1)) await mark(w, fit.id, searchId, true, agent);
  return m.answer ? fit?.id : undefined;
}

/** Agents' look-ups between tickets and citizens' searches on the portal, day by day (rush hours as the calls'). */
export function planLookups(w: World, lib: Library, firstDay: DayNumber, lastDay: DayNumber): void {
  const rng = lib.rng;
  for (let day = firstDay; day <= lastDay; day += 1) {
    const share = (day - firstDay) / (lastDay - firstDay + 1);
    const asked = TOPICS.filter((t) => (t.since ?? 0) <= share);
    const onLine = asked.map((t) => [t, t.weight] as const);
    const portal = asked.filter((t) => t.portal).map((t) => [t, t.weight] as const);
    for (const t of arrivalsOn(w.calendar, day, rng, LOOKUPS_PER_WORKING_DAY)) w.sim.at(t, () => lookUp(w, lib, rng.weighted(onLine), w.cast.agent));
    for (const t of arrivalsOn(w.calendar, day, rng, PORTAL_PER_WORKING_DAY)) w.sim.at(t, () => lookUp(w, lib, rng.weighted(portal), null));
  }
}

/**
 * One search: the answer found is often marked useful; when it is not among the results, the entry
 * that looked like it (`near`) is opened and marked not useful — how a search that found entries, none
 * of them the answer, becomes a 知识缺口 with the closest entry's unit to answer for it — and the agent
 * often tries the caller's question in other words.
 */
async function lookUp(w: World, lib: Library, topic: Topic, actor: Actor | null, tried?: string): Promise<void> {
  const rng = lib.rng;
  const words = topic.queries.filter((q) => q !== tried);
  const q = rng.pick(words);
  const { searchId, hits } = await search(w, q, actor);
  const fit = answering(lib, topic, hits);
  if (fit) {
    if (rng.chance(actor ? 0.3 : 0.25)) await mark(w, fit.id, searchId, true, actor);
    return;
  }
  const opened = topic.near && hits.find((h) => topic.near!.includes(lib.keys.get(h.id) ?? ''));
  if (opened && rng.chance(actor ? 0.6 : 0.3)) await mark(w, opened.id, searchId, false, actor);
  if (actor && !tried && words.length > 1 && rng.chance(0.6)) await lookUp(w, lib, topic, actor, q);
}
