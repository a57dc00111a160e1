import { dayOfInstant, formatDay, minuteOfDay } from '../calendar/civil-date.ts';
import type { CallOutcome } from './call-record.ts';

/**
 * 话务统计 (issue 14 item 4): 话务量 (offered, answered, abandoned), 接通率, 15 秒接通率, average wait and
 * talk, grouped by Beijing day, month, half-hour, queue, agent or dialled number. Pure.
 *
 * 接通率 = answered ÷ offered (凉山 第十条: at least 95 %); 15 秒接通率 = calls answered within 15 s of
 * being offered ÷ offered (GB/T 33358-2016). A call still ringing counts as offered, neither answered nor
 * abandoned; average wait is over answered calls, average talk over answered calls that have ended.
 */
export const CALL_GROUPINGS = ['day', 'month', 'halfhour', 'queue', 'agent', 'dialled'] as const;
export type CallGrouping = (typeof CALL_GROUPINGS)[number];

export interface CallForStats {
  offeredAt: number;
  outcome: CallOutcome;
  waitSeconds: number | null;
  talkSeconds: number | null;
  queue: string | null;
  agent: string | null;
  dialled: string | null;
}

export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  /** answered ÷ offered; null without calls. */
  answerRate: number | null;
  answeredWithin15: number;
  /** answered within 15 s ÷ offered. */
  answerRate15: number | null;
  avgWaitSeconds: number | null;
  avgTalkSeconds: number | null;
}

export const ANSWER_WITHIN_SECONDS = 15;

export function callFigures(calls: CallForStats[]): CallFigures {
  let answered = 0;
  let abandoned = 0;
  let within = 0;
  let wait = 0;
  let talk = 0;
  let talked = 0;
  for (const c of calls) {
    if (c.outcome === 'answered' || c.outcome === 'talking') {
      answered += 1;
      wait += c.waitSeconds ?? 0;
      if ((c.waitSeconds ?? 0) <= ANSWER_WITHIN_SECONDS) within += 1;
      if (c.outcome === 'answered' && c.talkSeconds !== null) {
        talk += c.talkSeconds;
        talked += 1;
      }
    } else if (c.outcome === 'abandoned') abandoned += 1;
  }
  const offered = calls.length;
  return {
    offered,
    answered,
    abandoned,
    answerRate: offered ? answered / offered : null,
    answeredWithin15: within,
    answerRate15: offered ? within / offered : null,
    avgWaitSeconds: answered ? wait / answered : null,
    avgTalkSeconds: talked ? talk / talked : null,
  };
}

/** The group a call falls in: `2026-12-02`, `09:30` (the half-hour it was offered in, Beijing time), or the queue, agent, number. */
export function groupKey(call: CallForStats, by: CallGrouping): string {
  switch (by) {
    case 'day':
      return formatDay(dayOfInstant(call.offeredAt));
    case 'month':
      return formatDay(dayOfInstant(call.offeredAt)).slice(0, 7);
    case 'halfhour': {
      const m = Math.floor(minuteOfDay(call.offeredAt) / 30) * 30;
      return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    }
    case 'queue':
      return call.queue ?? '';
    case 'agent':
      return call.agent ?? '';
    case 'dialled':
      return call.dialled ?? '';
  }
}

/** Figures for every group, in key order, and for all the calls together. */
export function callStats(calls: CallForStats[], by: CallGrouping): { total: CallFigures; groups: Array<{ key: string } & CallFigures> } {
  const groups = new Map<string, CallForStats[]>();
  for (const c of calls) {
    const k = groupKey(c, by);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  return {
    total: callFigures(calls),
    groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => ({ key, ...callFigures(list) })),
  };
}
