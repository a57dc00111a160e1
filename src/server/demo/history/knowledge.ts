import { dayOfInstant, formatDay, HOUR_MS, MINUTE_MS, startOfDay, type DayNumber, type Instant } from '../../../core/calendar/civil-date.ts';
import type { Rng } from '../../../core/random.ts';
import type { Actor } from '../../auth/actor.ts';
import { ACTOR_COLUMNS, actorFromRow, type ActorRow } from '../../auth/sessions.ts';
import { AppError } from '../../http/errors.ts';
import { createEntry, transitionEntry, updateEntry } from '../../kb/commands.ts';
import { EXPIRY_NOTICE_DAYS, watchKnowledgeBase } from '../../kb/expiry.ts';
import { markReviewed } from '../../kb/review.ts';
import { entryInputSchema, type EntryInput } from '../../kb/schemas.ts';
import { ALL_ENTRIES, BASE_ENTRIES } from '../knowledge/entries.ts';
import type { DemoEntry } from '../knowledge/entry.ts';
import { TOPICS } from '../knowledge/queries.ts';
import { REVISIONS } from '../knowledge/revisions.ts';
import { onWorkingDay } from './shape.ts';
import type { World } from './world.ts';

/**
 * The demo city's knowledge base (知识库) as its people kept it during the history (重庆 第十八条: 经审核后
 * 录入; 谁提供、谁维护、谁更新): the center's 知识采编 吴婷 (kbeditor) enters the units' answers in the first
 * working days, each submitted and published by the 知识审核 林晓 (kbreviewer) within a working day; later
 * she writes what agents kept searching for in vain, two notices for the history's own events (the estate
 * without water, the night works on 民族路) that expire, second versions when a unit's rules change, and
 * one entry the reviewer sends back first. At the end two wait for review and one is still a draft. Every
 * step goes through the commands of the editor's page (kb/commands.ts: indexed for search as they are
 * saved), and the knowledge base's part of the job loop (kb/expiry.ts) runs daily: the notice expires,
 * owner units are reminded of what is about to.
 */
export interface Library {
  /** The history's own source for the knowledge base's choices: the tickets' draws stay as they were. */
  rng: Rng;
  editor: Actor;
  reviewer: Actor;
  /** Entry ids by key (../knowledge/queries.ts names entries by key), once created, and keys by id. */
  ids: Map<string, string>;
  keys: Map<string, string>;
}

/** Base entries entered per working day, in half-hour slots of the office day. */
const SLOTS = [9, 9.5, 10, 10.5, 11, 11.5, 14, 14.5, 15, 15.5, 16, 16.5, 17];
const APPROVALS = ['内容准确，同意发布。', '已核对依据，同意发布。', '口径清楚，同意发布。', '同意。', '与承办单位确认无误，同意发布。'];
const RETURN_COMMENT = '请补充办理地点、所需材料，以及不符合国家标准的旧车怎么办，再提交审核。';

/** When an entry's validity runs out, counted from the history's last day (none: 长期有效). */
const EXPIRES_AFTER_END: Readonly<Record<string, number>> = { 'flu-vaccine': 20, 'social-fee-payment': 26, 'resident-medical': 120, 'school-enrol': 210 };

/** The later entries and versions, at this share of the span (a working day at or after it). */
const LATER: ReadonlyArray<{ at: number; key: string; kind: 'new' | 'revise' | 'returned' }> = [
  { at: 0.22, key: 'garbage', kind: 'revise' },
  { at: 0.4, key: 'newborn-medical', kind: 'new' },
  { at: 0.46, key: 'remote-medical', kind: 'revise' },
  { at: 0.55, key: 'ebike-plate', kind: 'returned' },
  { at: 0.72, key: 'fund-rent', kind: 'revise' },
  { at: 0.76, key: 'residence-permit', kind: 'new' },
];

export async function planKnowledge(w: World, rng: Rng, span: { firstDay: DayNumber; lastDay: DayNumber; surges: ReadonlyMap<string, DayNumber> }): Promise<Library | undefined> {
  const { rows } = await w.sim.ctx.db.query<ActorRow>(
    `SELECT ${ACTOR_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username IN ('kbeditor', 'kbreviewer') AND u.active ORDER BY u.username`,
  );
  const [editor, reviewer] = rows.map((r) => actorFromRow(r, true));
  // a city whose administrator renamed or removed them: its knowledge base stays as it is
  if (editor?.username !== 'kbeditor' || reviewer?.username !== 'kbreviewer') return undefined;
  const lib: Library = { rng, editor, reviewer, ids: new Map(), keys: new Map() };
  const { firstDay, lastDay } = span;
  const days = lastDay - firstDay + 1;
  const cal = w.calendar;
  const workingDay = (day: DayNumber) => cal.addWorkingDays(day, 0);

  // the base, in the first working days
  const first = workingDay(firstDay);
  for (const [i, e] of BASE_ENTRIES.entries()) {
    const day = cal.addWorkingDays(first, Math.floor(i / SLOTS.length));
    const at = startOfDay(day) + SLOTS[i % SLOTS.length]! * HOUR_MS + rng.int(0, 20) * MINUTE_MS;
    publish(w, lib, e, at, { lastDay });
  }
  // the later ones, and the revisions
  for (const step of LATER) {
    const at = startOfDay(workingDay(firstDay + Math.round(days * step.at))) + rng.between(9, 16.5) * HOUR_MS;
    if (step.kind === 'revise') revise(w, lib, step.key, at);
    else if (step.kind === 'new') publish(w, lib, entry(step.key), at, { lastDay }, () => clearNearMisses(w, lib, step.key));
    else sendBackFirst(w, lib, step.key, at, () => clearNearMisses(w, lib, step.key));
  }
  // the notices for the history's events, the day after each began: the water works' valid for a third
  // of the span (expired by the end), the night works' until ten days after it (expiring)
  for (const [surge, key, until] of [['outage', 'water-works-notice', null], ['night-works', 'night-works-notice', lastDay + 10]] as const) {
    const started = span.surges.get(surge);
    if (started === undefined) continue;
    const day = workingDay(started + 1);
    const expires = until ?? day + Math.max(2, Math.floor(days / 3));
    publish(w, lib, entry(key), startOfDay(day) + rng.between(10, 16) * HOUR_MS, { lastDay, effective: day, expires });
  }
  // waiting at the end: two for review (written for gaps agents kept meeting), one draft
  const before = (n: number) => Math.max(first, cal.addWorkingDays(lastDay, -n));
  draft(w, lib, entry('elderly-card'), startOfDay(before(3)) + rng.between(9, 16) * HOUR_MS, true);
  draft(w, lib, entry('gas-account'), startOfDay(before(1)) + rng.between(9, 12) * HOUR_MS, true);
  draft(w, lib, entry('dog-registration'), startOfDay(before(1)) + rng.between(14, 17) * HOUR_MS, false);

  // the knowledge base's part of the server's job loop (kb/expiry.ts), once a day at the first tick,
  // on the days it has an entry to take off or to remind of (one cheap look, as Sim.tick's for clocks)
  let watched = -1;
  w.sim.addJob(async (now) => {
    const day = dayOfInstant(now);
    if (day === watched) return;
    watched = day;
    const { rows } = await w.sim.ctx.db.query<{ due: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM kb_entries WHERE state = 'published' AND expires_on <= $2::date
                         AND (expires_on < $1::date OR expiry_reminded_for IS DISTINCT FROM expires_on)) AS due`,
      [formatDay(day), formatDay(day + EXPIRY_NOTICE_DAYS)],
    );
    if (!rows[0]?.due) return;
    await watchKnowledgeBase(w.sim.ctx, now);
  });
  return lib;
}

function entry(key: string): DemoEntry {
  const e = ALL_ENTRIES.find((x) => x.key === key);
  if (!e) throw new Error(`演示知识条目不存在：${key}`);
  return e;
}

/** The entry as the editor's form sends it (validated as the route validates it). */
function inputOf(w: World, e: DemoEntry, dates: { lastDay: DayNumber; effective?: DayNumber; expires?: DayNumber }, created: DayNumber, answer = e.answer, questions = e.questions): EntryInput {
  const owner = w.cast.unitByName(e.owner);
  if (!owner) throw new Error(`演示城市没有单位：${e.owner}`);
  const after = EXPIRES_AFTER_END[e.key];
  const expires = dates.expires ?? (after === undefined ? undefined : dates.lastDay + after);
  return entryInputSchema.parse({
    title: e.title,
    questions,
    answer,
    category: e.category,
    ownerUnitId: owner.id,
    ...(e.basis ? { basis: { text: e.basis } } : {}),
    // a dated entry says from when: the day it was written, or the event's
    ...(expires !== undefined ? { effectiveFrom: formatDay(dates.effective ?? created), expiresOn: formatDay(expires) } : {}),
    visibility: e.visibility,
  });
}

/** Created and submitted by the editor, published by the reviewer the same or the next working day. */
function publish(w: World, lib: Library, e: DemoEntry, at: Instant, dates: { lastDay: DayNumber; effective?: DayNumber; expires?: DayNumber }, published?: () => void): void {
  const { sim } = w;
  sim.at(at, async () => {
    if (!(await create(w, lib, e.key, inputOf(w, e, dates, dayOfInstant(sim.now))))) return;
    sim.at(sim.now + lib.rng.int(2, 15) * MINUTE_MS, async () => {
      if (await submit(w, lib, e.key)) approveLater(w, lib, e.key, undefined, published);
    });
  });
}

/**
 * Once the entry for a gap is out, the editor confirms on 待更新 that the entries its askers had opened
 * in vain (queries.ts `near`) are still right (确认已核对, kb/review.ts): their not-useful marks were
 * the other question's.
 */
function clearNearMisses(w: World, lib: Library, key: string): void {
  const near = [...new Set(TOPICS.filter((t) => t.entries.includes(key)).flatMap((t) => t.near ?? []))];
  w.sim.at(onWorkingDay(w.calendar, lib.rng, w.sim.now, lib.rng.int(0, 2)), async () => {
    for (const k of near) {
      const id = lib.ids.get(k);
      if (id && (await attempt(w, `核对“${entry(k).title}”`, () => markReviewed(w.sim.ctx.db, lib.editor, id, w.sim.now)))) w.sim.count('kb-reviewed');
    }
  });
}

/** Written and (when `submitted`) submitted, not yet reviewed when the history ends. */
function draft(w: World, lib: Library, e: DemoEntry, at: Instant, submitted: boolean): void {
  w.sim.at(at, async () => {
    if (!(await create(w, lib, e.key, inputOf(w, e, { lastDay: dayOfInstant(w.sim.end) }, dayOfInstant(w.sim.now))))) return;
    if (submitted) w.sim.at(w.sim.now + lib.rng.int(20, 90) * MINUTE_MS, async () => void (await submit(w, lib, e.key)));
  });
}

/**
 * A second version: the published entry goes back to draft (off the shelves) until it is approved
 * again. An entry not yet published (a short history) is not revised.
 */
function revise(w: World, lib: Library, key: string, at: Instant): void {
  const r = REVISIONS.find((x) => x.key === key);
  const e = entry(key);
  w.sim.at(at, async () => {
    const id = lib.ids.get(key);
    if (!id || !r) return;
    const { rows } = await w.sim.ctx.db.query<{ state: string }>('SELECT state FROM kb_entries WHERE id = $1', [id]);
    if (rows[0]?.state !== 'published') return;
    const input = inputOf(w, e, { lastDay: dayOfInstant(w.sim.end) }, dayOfInstant(w.sim.now), r.answer, [...e.questions, ...(r.questions ?? [])]);
    if (!(await attempt(w, `修改“${e.title}”`, () => updateEntry(w.sim.ctx, lib.editor, id, input)))) return;
    w.sim.count('kb-revise');
    if (await submit(w, lib, key)) approveLater(w, lib, key, `${r.note}，同意发布。`);
  });
}

/** The first draft is sent back with the reviewer's comments; the editor completes it and it is published. */
function sendBackFirst(w: World, lib: Library, key: string, at: Instant, published?: () => void): void {
  const { sim } = w;
  const e = entry(key);
  const first = REVISIONS.find((x) => x.key === key);
  const lastDay = () => dayOfInstant(sim.end);
  sim.at(at, async () => {
    if (!(await create(w, lib, key, inputOf(w, e, { lastDay: lastDay() }, dayOfInstant(sim.now), first?.answer ?? e.answer)))) return;
    if (!(await submit(w, lib, key))) return;
    sim.at(onWorkingDay(w.calendar, lib.rng, sim.now, 1), async () => {
      if (!(await attempt(w, `退回“${e.title}”`, () => transitionEntry(sim.ctx, lib.reviewer, lib.ids.get(key)!, 'return', { comment: RETURN_COMMENT })))) return;
      sim.count('kb-return');
      sim.at(onWorkingDay(w.calendar, lib.rng, sim.now, 1), async () => {
        const input = inputOf(w, e, { lastDay: lastDay() }, dayOfInstant(sim.now));
        if (!(await attempt(w, `修改“${e.title}”`, () => updateEntry(sim.ctx, lib.editor, lib.ids.get(key)!, input)))) return;
        if (await submit(w, lib, key)) approveLater(w, lib, key, '已补充，同意发布。', published);
      });
    });
  });
}

async function create(w: World, lib: Library, key: string, input: EntryInput): Promise<boolean> {
  return attempt(w, `新建“${input.title}”`, async () => {
    const id = await createEntry(w.sim.ctx, lib.editor, input);
    lib.ids.set(key, id);
    lib.keys.set(id, key);
    w.sim.count('kb-create');
  });
}

function submit(w: World, lib: Library, key: string): Promise<boolean> {
  return attempt(w, `提交“${entry(key).title}”`, () => transitionEntry(w.sim.ctx, lib.editor, lib.ids.get(key)!, 'submit', {}));
}

function approveLater(w: World, lib: Library, key: string, comment?: string, published?: () => void): void {
  const { sim } = w;
  const at = onWorkingDay(w.calendar, lib.rng, sim.now, lib.rng.chance(0.6) ? 0 : 1);
  sim.at(at, async () => {
    const approve = () => transitionEntry(sim.ctx, lib.reviewer, lib.ids.get(key)!, 'approve', { comment: comment ?? lib.rng.pick(APPROVALS) });
    if (!(await attempt(w, `发布“${entry(key).title}”`, approve))) return;
    sim.count('kb-publish');
    published?.();
  });
}

/** A step of the plan the commands refuse (none is planned) is noted, as the engine's refusals of ticket actions are. */
async function attempt(w: World, what: string, run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    w.sim.failures.push(`知识库${what}：${error.message}`);
    return false;
  }
}
