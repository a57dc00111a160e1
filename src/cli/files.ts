import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { overrideFromIcs, overrideFromJson, type CalendarOverride } from '../core/calendar/index.ts';
import { WorkingHours, workingHoursSchema } from '../core/calendar/working-hours.ts';
import type { CalendarFiles } from '../server/admin/calendar-store.ts';

export class CliError extends Error {
  override name = 'CliError';
}

/** A check that ran and found a problem: its report is already printed; only the exit code is left. */
export class ExitStatus extends Error {
  override name = 'ExitStatus';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`无法读取文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} 不是合法的 JSON：${(error as Error).message}`);
  }
}

/** A calendar override file: `.ics` (iCalendar) or JSON (see src/core/calendar/overrides.ts). */
export function readCalendarOverride(path: string, officialYears: number[] = []): CalendarOverride {
  if (extname(path).toLowerCase() === '.ics') {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliError(`无法读取文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    return overrideFromIcs(text, { name: path, officialYears });
  }
  return overrideFromJson(readJsonFile(path), path);
}

/** The deployment's calendar files: the overrides of CALENDAR_FILES and the office hours of OFFICE_HOURS_FILE. */
export function readCalendarFiles(config: { calendarFiles: string[]; officeHoursFile: string | undefined }): CalendarFiles {
  const overrides = config.calendarFiles.map((f) => readCalendarOverride(f));
  if (!config.officeHoursFile) return { overrides };
  const parsed = workingHoursSchema.safeParse(readJsonFile(config.officeHoursFile));
  if (!parsed.success) throw new CliError(`${config.officeHoursFile} 办公时段有误：${parsed.error.issues[0]!.message}`);
  try {
    new WorkingHours(parsed.data);
  } catch (error) {
    throw new CliError(`${config.officeHoursFile} 办公时段有误：${(error as Error).message}`);
  }
  return { overrides, hours: parsed.data };
}
