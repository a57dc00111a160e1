import type { DayNumber } from './civil-date.ts';

/** What a civil day is for working-time purposes. */
export type DayKind =
  /** Monday–Friday with nothing special. */
  | 'workday'
  /** Saturday or Sunday with nothing special. */
  | 'weekend'
  /** A day off by the holiday arrangement (statutory holiday, 调休 or 补假) or a local day off. */
  | 'holiday'
  /** 调休上班日: a Saturday or Sunday that is a working day. */
  | 'makeup';

export interface SpecialDay {
  day: DayNumber;
  /** true: the day is worked (make-up workday or a local extra workday); false: a day off. */
  work: boolean;
  /** Festival or reason in Chinese, e.g. 春节. */
  name: string;
}

/** The holiday arrangement of one year, and whether it is the official one. */
export interface YearArrangement {
  year: number;
  status: 'official' | 'provisional';
  /** Where the arrangement comes from, in words a clerk can check. */
  source: string;
  days: SpecialDay[];
}
