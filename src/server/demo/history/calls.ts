import type { Calendar } from '../../../core/calendar/calendar.ts';
import { dayOfInstant, formatDay, minuteOfDay, weekdayOf, type DayNumber, type Instant } from '../../../core/calendar/civil-date.ts';
import { simulateDay } from '../../../core/telephony/simulated-day.ts';
import type { Db } from '../../db/connection.ts';
import type { Vault } from '../../privacy/vault.ts';
import { dayFactor } from './shape.ts';
import { Rng } from '../../../core/random.ts';

/**
 * The demo city's switchboard (issue 14 item 8): each day of the history played through the same
 * model as `open12345 telephony simulate` (core/telephony/simulated-day.ts), with the hotline's
 * shifts at the phones, written as call records and agents' after-call states in bulk (one INSERT
 * per table and chunk, no HTTP: the first start stays quick). Each phone ticket of the history gets
 * the call it came in on, linked, ending when the ticket was registered.
 */

/** 话务坐席 shifts (minutes from midnight; the night shift runs into the next morning). roster.ts puts them on the 值班表. */
export const HOTLINE_SHIFTS = [
  { name: '早班', from: 8 * 60, to: 16 * 60, people: 3 },
  { name: '中班', from: 12 * 60, to: 20 * 60, people: 2 },
  { name: '夜班', from: 20 * 60, to: 32 * 60, people: 1 },
] as const;
/** Calls on an ordinary working day (weekends and holidays fewer, as the tickets: shape.ts). */
export const DEMO_CALLS_PER_WORKING_DAY = 220;

/**
 * People at the phones at t: the shifts, a unit head's turn at the hotline on working afternoons
 * (14:30–17:30) and the leader's answering morning on working Wednesdays (09:00–11:30) — as the
 * demo 值班表 has them (roster.ts).
 */
export function agentsAt(calendar: Calendar, t: Instant): number {
  const m = minuteOfDay(t);
  const day = dayOfInstant(t);
  let n = 0;
  for (const s of HOTLINE_SHIFTS) if ((m >= s.from && m < s.to) || m + 24 * 60 < s.to) n += s.people;
  if (calendar.isWorkingDay(day)) {
    if (m >= 14 * 60 + 30 && m < 17 * 60 + 30) n += 1;
    if (weekdayOf(day) === 3 && m >= 9 * 60 && m < 11 * 60 + 30) n += 1;
  }
  return n;
}

const CHUNK = 2000;

export async function generateDemoCalls(db: Db, vault: Vault, calendar: Calendar, o: { firstDay: DayNumber; lastDay: DayNumber; end: Instant; seed: number; perWorkingDay?: number }): Promise<{ calls: number; linked: number }> {
  const perDay = o.perWorkingDay ?? DEMO_CALLS_PER_WORKING_DAY;
  const rng = new Rng(o.seed);
  const calls: unknown[][] = [];
  const states: unknown[][] = [];
  const ext = (agent: number) => String(8001 + agent);
  // 双号并行 (四川 附件 二): where the directory has 12333, some of the calls at 12345's seats came in on it —
  // chosen by sequence, not drawn, so the rest of the switchboard's day stays as it was
  const parallel = (await db.query<{ number: string }>(`SELECT number FROM hotlines WHERE kind = 'parallel' AND active ORDER BY number LIMIT 1`)).rows[0]?.number ?? null;
  for (let day = o.firstDay; day <= o.lastDay; day++) {
    const n = Math.max(0, Math.round(perDay * dayFactor(calendar, day) * (1 + 0.08 * rng.gaussian())));
    const played = simulateDay({ day, calls: n, agents: (t) => agentsAt(calendar, t), seed: o.seed + day });
    for (const c of played) {
      // only what had happened by the history's end
      if ((c.readyAt ?? c.endedAt) > o.end) continue;
      const phone = `13${Math.floor(rng.between(0, 10))}${String(Math.floor(rng.next() * 1e8)).padStart(8, '0')}`;
      const id = `demo-${formatDay(day)}-${c.seq}`;
      const answered = c.answeredAt !== null;
      calls.push([
        id,
        vault.seal(phone),
        vault.phoneIndex(phone),
        rng.next() < 0.12 ? 'enterprise' : 'general',
        c.agent === null ? null : ext(c.agent),
        new Date(c.offeredAt),
        answered ? new Date(c.answeredAt!) : null,
        new Date(c.endedAt),
        answered ? 'answered' : 'abandoned',
        ((answered ? c.answeredAt! : c.endedAt) - c.offeredAt) / 1000,
        answered ? (c.endedAt - c.answeredAt!) / 1000 : null,
        answered ? `rec/${formatDay(day)}/${id}.wav` : null,
        null,
        parallel && c.seq % 17 === 5 ? parallel : '12345',
      ]);
      if (answered) {
        states.push([ext(c.agent!), 'after_call', new Date(c.endedAt)]);
        states.push([ext(c.agent!), 'ready', new Date(c.readyAt!)]);
      }
    }
  }
  // the phone tickets' own calls: answered at once, talked through, registered as they ended (those with
  // a transfer or on another number have theirs already: history/switchboard.ts)
  const { rows: tickets } = await db.query<{ id: string; created_at: Date; caller_phone: string | null; caller_phone_idx: string | null }>(
    `SELECT id, created_at, caller_phone, caller_phone_idx FROM tickets t WHERE channel = 'phone' AND created_at <= $1
        AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.ticket_id = t.id) ORDER BY created_at`,
    [new Date(o.end)],
  );
  for (const [i, t] of tickets.entries()) {
    const ended = t.created_at.getTime();
    const talk = Math.round(rng.between(150, 420));
    const answeredAt = ended - talk * 1000;
    const wait = Math.round(rng.between(3, 14));
    calls.push([
      `demo-t-${i + 1}`, t.caller_phone, t.caller_phone_idx, 'general', ext(Math.floor(rng.next() * 3)), new Date(answeredAt - wait * 1000), new Date(answeredAt), new Date(ended), 'answered', wait, talk, `rec/ticket/${t.id}.wav`, t.id, '12345',
    ]);
  }
  for (let i = 0; i < calls.length; i += CHUNK) {
    const cols = transpose(calls.slice(i, i + CHUNK), 14);
    await db.query(
      `INSERT INTO calls (call_id, caller_phone, caller_phone_idx, queue, extension, offered_at, answered_at, ended_at, outcome, wait_seconds, talk_seconds, recording, ticket_id, linked_at, dialled, updated_at)
       SELECT c.id, c.phone, c.idx, c.queue, c.ext, c.offered, c.answered, c.ended, c.outcome, c.wait, c.talk, c.rec, c.ticket, CASE WHEN c.ticket IS NULL THEN NULL ELSE c.ended END, c.dialled, c.ended
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::real[], $11::real[], $12::text[], $13::uuid[], $14::text[])
           AS c(id, phone, idx, queue, ext, offered, answered, ended, outcome, wait, talk, rec, ticket, dialled)
       ON CONFLICT (call_id) DO NOTHING`,
      cols,
    );
  }
  // a ticket registered during its call keeps the number dialled (telephony/link.ts does so for a live call)
  await db.query(`UPDATE tickets t SET dialled = c.dialled FROM calls c WHERE c.ticket_id = t.id AND t.dialled IS NULL AND c.call_id LIKE 'demo-t-%'`);
  for (let i = 0; i < states.length; i += CHUNK) {
    const [extension, state, at] = transpose(states.slice(i, i + CHUNK), 3);
    await db.query(
      `INSERT INTO agent_states (extension, state, at, received_at) SELECT s.e, s.s, s.a, s.a FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS s(e, s, a) ON CONFLICT DO NOTHING`,
      [extension, state, at],
    );
  }
  return { calls: calls.length, linked: tickets.length };
}

function transpose(rows: unknown[][], width: number): unknown[][] {
  const cols: unknown[][] = Array.from({ length: width }, () => []);
  for (const r of rows) for (let j = 0; j < width; j++) cols[j]!.push(r[j]);
  return cols;
}

