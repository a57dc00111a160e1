import { Calendar } from '../../core/calendar/calendar.ts';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { CalendarOverride } from '../../core/calendar/overrides.ts';
import { DEFAULT_WORKING_HOURS, type WorkingHoursConfig } from '../../core/calendar/working-hours.ts';
import type { Queryable } from '../db/connection.ts';

/** What the deployment brings in files: CALENDAR_FILES and OFFICE_HOURS_FILE. */
export interface CalendarFiles {
  overrides: CalendarOverride[];
  hours?: WorkingHoursConfig | undefined;
}

/** Calendar overrides uploaded by admins, read at start and after every upload. */
export async function storedOverrides(db: Queryable): Promise<CalendarOverride[]> {
  const { rows } = await db.query<{ name: string; content: { officialYears: number[]; days: Array<{ day: number; work: boolean; name: string }> } }>(
    'SELECT name, content FROM calendar_overrides ORDER BY created_at',
  );
  return rows.map((r) => ({ name: r.name, officialYears: r.content.officialYears, days: r.content.days }));
}

export type OfficeHoursSource = 'admin' | 'file' | 'default';

/** The office hours in force: as an administrator set them, else the deployment's file, else the built-in ones. */
export async function officeHours(db: Queryable, fileHours: WorkingHoursConfig | undefined): Promise<{ config: WorkingHoursConfig; source: OfficeHoursSource; updatedAt: string | null }> {
  const { rows } = await db.query<{ config: WorkingHoursConfig; updated_at: Date }>('SELECT config, updated_at FROM office_hours');
  if (rows[0]) return { config: rows[0].config, source: 'admin', updatedAt: formatInstant(rows[0].updated_at.getTime()) };
  return fileHours ? { config: fileHours, source: 'file', updatedAt: null } : { config: DEFAULT_WORKING_HOURS, source: 'default', updatedAt: null };
}

/**
 * The server's calendar: the official days with the deployment's and the administrators' overrides,
 * and the office hours in force. Built at start and again after every change to either, so later
 * clocks use it at once (running clocks keep the due dates they were given).
 */
export async function serverCalendar(db: Queryable, files: CalendarFiles): Promise<Calendar> {
  const [overrides, hours] = await Promise.all([storedOverrides(db), officeHours(db, files.hours)]);
  return new Calendar({ overrides: [...files.overrides, ...overrides], workingHours: hours.config });
}
