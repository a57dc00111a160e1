/**
 * A call record (话单, CDR) folded from the telephone platform's events. Events may come twice or out
 * of order (a retry, two senders): the record depends only on the set of events, never on the order
 * of arrival, so any arrival order gives the same record. Pure: no I/O, no clock.
 */
export const CALL_EVENT_KINDS = ['ringing', 'answered', 'transferred', 'conference', 'ended', 'abandoned'] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];
/** Kinds that may happen more than once in a call (told apart by their time). */
export const REPEATABLE_KINDS: readonly CallEventKind[] = ['transferred', 'conference'];

export interface CallEvent {
  kind: CallEventKind;
  /** When it happened at the telephone platform (ms since the epoch). */
  at: number;
  dialled?: string | null;
  queue?: string | null;
  extension?: string | null;
  recording?: string | null;
  /** For a transfer or conference: where to (an extension, 12366, 110 …). */
  target?: string | null;
}

export type CallOutcome = 'ringing' | 'talking' | 'answered' | 'abandoned';

export interface CallRecord {
  offeredAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome;
  /** Seconds from offered to answered, or to hanging up for an abandoned call. */
  waitSeconds: number | null;
  /** Seconds from answered to ended. */
  talkSeconds: number | null;
  dialled: string | null;
  queue: string | null;
  /** The extension that answered, else the one it rang at. */
  extension: string | null;
  recording: string | null;
  transfers: Array<{ at: number; target: string | null; kind: 'transferred' | 'conference' }>;
  conference: boolean;
}

const KIND_ORDER: Record<CallEventKind, number> = { ringing: 0, answered: 1, transferred: 2, conference: 3, abandoned: 4, ended: 5 };

/** The first value of a field over the events in their platform order (ties: by kind). */
function first(events: CallEvent[], key: 'dialled' | 'queue' | 'extension' | 'recording'): string | null {
  for (const e of events) if (e[key]) return e[key];
  return null;
}

const seconds = (from: number | null, to: number | null) => (from === null || to === null ? null : Math.max(0, (to - from) / 1000));

export function foldCall(input: CallEvent[]): CallRecord {
  const events = [...input].sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const one = (kind: CallEventKind) => events.find((e) => e.kind === kind) ?? null;
  const ringing = one('ringing');
  const answered = one('answered');
  const ended = one('ended');
  const abandoned = one('abandoned');
  // offered when it first rang; a platform that sends no ringing: at its first event
  const offeredAt = ringing?.at ?? events[0]?.at ?? null;
  const answeredAt = answered?.at ?? null;
  const endedAt = ended?.at ?? abandoned?.at ?? null;
  // a caller who hung up before anyone answered abandoned the call, whether the platform said so or only "ended"
  const outcome: CallOutcome = answered ? (endedAt !== null ? 'answered' : 'talking') : endedAt !== null ? 'abandoned' : 'ringing';
  const transfers = events
    .filter((e): e is CallEvent & { kind: 'transferred' | 'conference' } => e.kind === 'transferred' || e.kind === 'conference')
    .map((e) => ({ at: e.at, target: e.target ?? null, kind: e.kind }));
  return {
    offeredAt,
    answeredAt,
    endedAt,
    outcome,
    waitSeconds: answered ? seconds(offeredAt, answeredAt) : seconds(offeredAt, endedAt),
    talkSeconds: answered ? seconds(answeredAt, endedAt) : null,
    dialled: first(events, 'dialled'),
    queue: first(events, 'queue'),
    extension: answered?.extension ?? ringing?.extension ?? first(events, 'extension'),
    // the recording is known at the end; any event that names one will do
    recording: ended?.recording ?? first(events, 'recording'),
    transfers,
    conference: transfers.some((t) => t.kind === 'conference'),
  };
}
