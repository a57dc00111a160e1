import { Calendar } from '../../core/calendar/calendar.ts';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { CalendarOverride } from '../../core/calendar/overrides.ts';
import { DEFAULT_WORKING_HOURS, type WorkingHoursConfig } from '../../core/calendar/working-hours.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { notifyAfterCommit } from '../db/notify.ts';

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

/** Every instance's calendar is rebuilt when an administrator changes it on any of them. */
export const CALENDAR_CHANNEL = 'o12345_calendar';

/** Tells every instance (this one included) to rebuild its calendar; once committed, as notifications are. */
export async function announceCalendar(q: Queryable): Promise<void> {
  await notifyAfterCommit(q, CALENDAR_CHANNEL, 'changed');
}

/**
 * Keeps `target.calendar` the one in force while this instance runs: an upload or new office hours
 * on another instance (several behind one address, or `serve` with WORKERS) reach this one's next
 * clock too, not only the instance that took the request. Returns how to stop following.
 */
export function followCalendar(db: Db, files: CalendarFiles, target: { calendar: Calendar }, onError: (error: unknown) => void): Promise<() => Promise<void>> {
  // rebuilds one at a time, the last change always read: a burst of changes ends in the newest
  let rebuilding: Promise<void> = Promise.resolve();
  return db.listen(CALENDAR_CHANNEL, () => {
    rebuilding = rebuilding.then(async () => {
      target.calendar = await serverCalendar(db, files);
    }).catch(onError);
  });
}
