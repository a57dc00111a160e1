import { dayOfInstant, formatInstant, startOfDay, type Instant } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import type { Actor } from '../auth/actor.ts';
import { ENTRY_SELECT, UNIT_COLUMNS, presentEntry, presentUnitState, type EntryRow, type PresentedEntry, type UnitRow } from './roster.ts';

/**
 * 值班 now, for the agent desk: for the units a request is about to go to, whether each is at work
 * and who is on duty; every 24-hour unit and every unit with someone on duty now (邵阳 第二十条:
 * 停水、停电、停气 and other urgent matters handled at once, at any hour); and today's leaders at
 * the hotline (邵阳 第八条 领导接听日、部门负责人轮值日, 大足 第八条 领导12345热线值守).
 */
export async function dutyNow(ctx: AppContext, actor: Actor, asked: string[]) {
  const now = ctx.now();
  const at = new Date(now);
  const { rows: units } = await ctx.db.query<UnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM units
      WHERE id = ANY($1::uuid[])
         OR (active AND (own_hours->>'mode' = 'aroundTheClock'
             OR EXISTS (SELECT 1 FROM duty_entries d WHERE d.unit_id = units.id AND d.kind = 'duty' AND d.starts_at <= $2 AND d.ends_at > $2)))
      ORDER BY path`,
    [asked, at],
  );
  const { rows: current } = await ctx.db.query<EntryRow>(
    `${ENTRY_SELECT} WHERE d.unit_id = ANY($1::uuid[]) AND d.starts_at <= $2 AND d.ends_at > $2 ORDER BY d.kind, d.starts_at, d.person_name`,
    [units.map((u) => u.id), at],
  );
  const today = dayOfInstant(now);
  const { rows: leaders } = await ctx.db.query<EntryRow>(
    `${ENTRY_SELECT} WHERE d.kind IN ('leader', 'rota') AND d.starts_at < $2 AND d.ends_at > $1 ORDER BY d.starts_at, u.path`,
    [new Date(startOfDay(today)), new Date(startOfDay(today + 1))],
  );
  const byUnit = new Map<string, PresentedEntry[]>();
  for (const e of current) {
    const list = byUnit.get(e.unit_id) ?? [];
    list.push(presentEntry(actor, e, now));
    byUnit.set(e.unit_id, list);
  }
  // the unit's standing contacts are work numbers, served as the unit tree serves them
  const present = (u: UnitRow) => ({ ...presentUnitState(ctx, u, now), active: u.active, contacts: u.contacts, onDuty: byUnit.get(u.id) ?? [] });
  const found = new Map(units.map((u) => [u.id, u]));
  return {
    at: formatInstant(now),
    asked: asked.flatMap((id) => (found.has(id) ? [present(found.get(id)!)] : [])),
    units: units.filter((u) => u.active && (u.own_hours?.mode === 'aroundTheClock' || current.some((e) => e.unit_id === u.id && e.kind === 'duty'))).map(present),
    today: leaders.map((e) => presentEntry(actor, e, now)),
  };
}

export type DutyNow = Awaited<ReturnType<typeof dutyNow>>;

/** A unit's entries that overlap [from, to). */
export async function rosterOf(ctx: AppContext, actor: Actor, unitId: string, from: Instant, to: Instant): Promise<PresentedEntry[]> {
  const { rows } = await ctx.db.query<EntryRow>(
    `${ENTRY_SELECT} WHERE d.unit_id = $1 AND d.starts_at < $3 AND d.ends_at > $2 ORDER BY d.starts_at, d.kind, d.person_name`,
    [unitId, new Date(from), new Date(to)],
  );
  const now = ctx.now();
  return rows.map((r) => presentEntry(actor, r, now));
}
