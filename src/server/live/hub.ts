import type { Actor } from '../auth/actor.ts';
import type { CallPop, LiveBus, TicketChange } from './bus.ts';
import type { SessionChecks } from './session-checks.ts';

/** A change as it goes out: who may hear it, and its text, serialised once for every stream. */
type Outgoing = { kind: 'ticket'; change: TicketChange; text: string } | { kind: 'call'; pop: CallPop; text: string };

/** Streams written between two turns of the event loop (flushLeft). */
const FLUSH_SLICE = 200;

/** One browser's live stream. */
export interface LiveStream {
  readonly sid: string;
  write(text: string): void;
  /** The session has ended: a last word for the page, and the stream closes. */
  end(): void;
}

interface Entry {
  stream: LiveStream;
  pending: Outgoing[];
  flushing: boolean;
}

/**
 * The live streams of this server instance, fed together (issue 16: 2,000 browsers). A change is
 * serialised once and queued on every stream; every `flushMs` each stream with something queued
 * gets it in one write, after its session check (session-checks.ts: one query for all the streams
 * due, none within `recheckMs`). One write per stream per flush instead of one per change: at five
 * times Beijing's busy hour, with the default 250 ms, that is at most 8,000 writes a second for
 * 2,000 browsers instead of 120,000, for at most `flushMs` more before a change is on screen.
 *
 * Changes reach a stream in the order they happened; a stream whose session has ended (signed
 * out, disabled, revoked) gets nothing more and is closed, and a user moved to another unit hears
 * that unit's changes from the next check on.
 */
export class LiveHub {
  private readonly entries = new Map<LiveStream, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private readonly ping: NodeJS.Timeout;

  constructor(
    bus: LiveBus,
    private readonly checks: SessionChecks,
    private readonly flushMs: number,
    pingMs: number,
  ) {
    bus.on('change', (change) => this.enqueue({ kind: 'ticket', change, text: `event: ticket\ndata: ${JSON.stringify({ ticketId: change.ticketId, status: change.status })}\n\n` }));
    // a screen pop waits for nothing: the agent is answering that call now (issue 14)
    bus.on('call', (pop) => this.enqueue({ kind: 'call', pop, text: `event: call\ndata: ${JSON.stringify({ callId: pop.callId })}\n\n` }, 0));
    // comment lines keep proxies from closing an idle stream, and check every session (forced)
    this.ping = setInterval(() => void this.pingAll(), pingMs);
    this.ping.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  add(stream: LiveStream): void {
    this.entries.set(stream, { stream, pending: [], flushing: false });
  }

  remove(stream: LiveStream): void {
    this.entries.delete(stream);
  }

  close(): void {
    clearInterval(this.ping);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(out: Outgoing, delay = this.flushMs): void {
    if (!this.entries.size) return;
    for (const e of this.entries.values()) e.pending.push(out);
    if (delay === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.timer ??= setTimeout(() => this.flushLeft(), delay);
  }

  private async flush(e: Entry): Promise<void> {
    e.flushing = true;
    try {
      const actor = await this.checks.actor(e.stream.sid);
      if (!this.entries.has(e.stream)) return;
      if (!actor) return this.endStream(e);
      const batch = e.pending;
      e.pending = [];
      let text = '';
      for (const out of batch) if (visible(actor, out)) text += out.text;
      if (text) e.stream.write(text);
    } finally {
      e.flushing = false;
    }
    // what arrived while the check was out goes with the next flush
    if (e.pending.length) this.timer ??= setTimeout(() => this.flushLeft(), this.flushMs);
  }

  /**
   * Every stream with something queued, a slice at a time: a write costs tens of microseconds
   * (on loopback the receiver's side too), so 2,000 at once would hold the event loop for 50 ms.
   */
  private flushLeft(): void {
    this.timer = null;
    const due = [...this.entries.values()].filter((e) => e.pending.length && !e.flushing);
    const slice = (from: number) => {
      for (const e of due.slice(from, from + FLUSH_SLICE)) if (this.entries.has(e.stream) && !e.flushing) void this.flush(e);
      if (from + FLUSH_SLICE < due.length) setImmediate(() => slice(from + FLUSH_SLICE));
    };
    slice(0);
  }

  private async pingAll(): Promise<void> {
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        const actor = await this.checks.actor(e.stream.sid, true);
        if (!this.entries.has(e.stream)) return;
        if (!actor) this.endStream(e);
        else e.stream.write(': ping\n\n');
      }),
    );
  }

  private endStream(e: Entry): void {
    this.entries.delete(e.stream);
    e.stream.end();
  }
}

/** A unit hears of tickets with a share in its subtree; a screen pop goes to its own user only. */
function visible(actor: Actor, out: Outgoing): boolean {
  if (out.kind === 'call') return actor.id === out.pop.userId;
  return actor.isCenter || out.change.units.some((u) => u.startsWith(actor.unit.path));
}
