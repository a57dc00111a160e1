import type { Calendar } from '../../core/calendar/calendar.ts';
import { unitCalendar, unitHoursSchema, type UnitHours } from '../../core/calendar/unit-hours.ts';
import { WorkingHours } from '../../core/calendar/working-hours.ts';
import type { Queryable } from '../db/connection.ts';
import { invalid, notFound } from '../http/errors.ts';

/**
 * A unit's own hours as stored (units.own_hours) and where they apply: the working-hour clocks of
 * the unit's shares (tickets/clocks.ts) and the "open now" answer of the duty routes.
 */

/**
 * Checks a unit's hours as the calendar reads them (overlapping windows included), with Chinese
 * messages. `{ mode: 'office' }` returns the unit to the deployment's office hours (null).
 */
export function parseUnitHours(input: unknown): UnitHours | null {
  if (input && typeof input === 'object' && (input as { mode?: unknown }).mode === 'office') {
    if (Object.keys(input).length > 1) throw invalid('单位作息有误：按系统办公时段时只需 {"mode":"office"}', [{ path: 'mode', message: '按系统办公时段时不填其他项' }]);
    return null;
  }
  const parsed = unitHoursSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`单位作息有误：${issue.message}`, [{ path: issue.path.join('.'), message: issue.message }]);
  }
  if (parsed.data.mode === 'own') {
    try {
      new WorkingHours(parsed.data.hours);
    } catch (error) {
      throw invalid(`单位作息有误：${(error as Error).message}`, [{ path: 'hours', message: (error as Error).message }]);
    }
  }
  return parsed.data;
}

/**
 * Sets (or with null clears) a unit's own hours. The center keeps the deployment's office hours:
 * those are set under 系统管理 · 办公时段, and the center's clocks run on them.
 */
export async function setUnitHours(tx: Queryable, unitId: string, hours: UnitHours | null, now: number): Promise<void> {
  const { rows } = await tx.query<{ kind: string }>('SELECT kind FROM units WHERE id = $1 FOR UPDATE', [unitId]);
  if (!rows[0]) throw notFound('单位不存在');
  if (rows[0].kind === 'center') throw invalid('热线中心的作息即系统办公时段，请在“系统管理 · 办公时段”中设置', [{ path: 'mode', message: '热线中心不适用' }]);
  await tx.query('UPDATE units SET own_hours = $2, updated_at = $3 WHERE id = $1', [unitId, hours ? JSON.stringify(hours) : null, new Date(now)]);
}

/**
 * The calendar a share's working-hour clock runs on: its unit's own hours, else the deployment's.
 * A unit without own hours gets the base calendar itself, so its clocks are what they always were.
 */
export async function calendarForAssignment(db: Queryable, base: Calendar, assignmentId: string): Promise<Calendar> {
  const { rows } = await db.query<{ own_hours: UnitHours | null }>(
    'SELECT u.own_hours FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.id = $1',
    [assignmentId],
  );
  return unitCalendar(base, rows[0]?.own_hours ?? null);
}
