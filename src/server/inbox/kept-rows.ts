import type { FastifyInstance } from 'fastify';
import type { LiveBus, TicketChange } from '../live/bus.ts';
import { readInboxRows, type InboxRows, type InboxRowsSource } from './rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Entry {
  /** When the rows were last read whole. */
  fullAt: number;
  rows: Promise<InboxRows>;
  /** Tickets announced as changed since: read again before the rows are next given out. */
  dirty: Set<string>;
}

/**
 * The inbox's rows kept between changes, per scope and kinds (issue 16). A busy center has 700 tickets
 * waiting for 办结审核, and every change anywhere had the next reader read them all again, with their
 * shares and running clocks: at three times Beijing's busy hour that was three statements of 11–14 ms
 * each, several times a second. Now a change re-reads only the ticket it names (the live bus announces
 * every committed change to a ticket: this instance's own before its action answers, another
 * instance's a few milliseconds after its commit, by NOTIFY), and the whole is read again at least
 * every `fullEveryMs`, as the shared reads before it were (a change no one announces: a unit moved in
 * the tree; the text a page shows is read with the reader's scope then, decisions.ts decisionTexts).
 * What is kept is rows only: the guards run on each read, with the reader's roles and the moment's clock.
 */
export class KeptInboxRows {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly read: typeof readInboxRows = readInboxRows,
    private readonly fullEveryMs = 1000,
    /** Beyond this many changed tickets, one read of the whole costs less than reading each. */
    private readonly maxDirty = 50,
    private readonly maxEntries = 500,
  ) {}

  /** Rows kept (for tests). */
  get size(): number {
    return this.entries.size;
  }

  /** A committed change to a ticket: every scope reads it again before giving out its rows. */
  changed(ticketId: string): void {
    const now = performance.now();
    for (const [key, e] of this.entries) {
      // rows due to be read whole anyway are dropped, not marked: a scope read once would otherwise
      // collect the id of every ticket the center changes
      if (now - e.fullAt >= this.fullEveryMs || e.dirty.size >= this.maxDirty) this.entries.delete(key);
      else e.dirty.add(ticketId);
    }
  }

  follow(app: FastifyInstance, bus: LiveBus): this {
    // the id goes into a uuid[] parameter: anything else on the channel would fail each scope's next read
    const mark = (change: TicketChange) => {
      if (typeof change.ticketId === 'string' && UUID.test(change.ticketId)) this.changed(change.ticketId);
    };
    bus.on('change', mark);
    app.addHook('onClose', async () => {
      bus.off('change', mark);
    });
    return this;
  }

  readonly source: InboxRowsSource = (ctx, actor, wanted) => {
    const key = `${actor.isCenter ? '(center)' : actor.unit.path}|${wanted.join(',')}`;
    const now = performance.now();
    const kept = this.entries.get(key);
    // (a scope with maxDirty changes marked has been dropped by changed(): read whole here)
    if (!kept || now - kept.fullAt >= this.fullEveryMs) {
      if (!kept && this.entries.size >= this.maxEntries) this.entries.clear();
      return this.keep(key, { fullAt: now, rows: this.read(ctx, actor, wanted), dirty: new Set() });
    }
    if (!kept.dirty.size) return kept.rows;
    // changes announced while these are read are marked again, and read with the next
    const ids = [...kept.dirty];
    kept.dirty = new Set();
    kept.rows = kept.rows
      .then(async (base) => withChanged(base, await this.read(ctx, actor, wanted, ids), ids))
      // a failed re-read is not built on: the whole is read instead
      .catch(() => {
        kept.fullAt = performance.now();
        return this.read(ctx, actor, wanted);
      });
    return this.keep(key, kept);
  };

  private keep(key: string, entry: Entry): Promise<InboxRows> {
    this.entries.set(key, entry);
    const rows = entry.rows;
    // a failed read is not built on: the next reader reads the whole again
    rows.catch(() => {
      if (this.entries.get(key) === entry && entry.rows === rows) this.entries.delete(key);
    });
    return rows;
  }
}

/** The kept rows with the changed tickets' replaced by what was read of them now (none, if they wait for nothing any more). */
export function withChanged(base: InboxRows, fresh: InboxRows, ids: readonly string[]): InboxRows {
  const changed = new Set(ids);
  const sharesOf = new Map(base.sharesOf);
  const clocksOf = new Map(base.clocksOf);
  const appealOf = new Map(base.appealOf);
  for (const id of changed) {
    sharesOf.delete(id);
    clocksOf.delete(id);
    appealOf.delete(id);
  }
  for (const [id, v] of fresh.sharesOf) sharesOf.set(id, v);
  for (const [id, v] of fresh.clocksOf) clocksOf.set(id, v);
  for (const [id, v] of fresh.appealOf) appealOf.set(id, v);
  return { tickets: [...base.tickets.filter((t) => !changed.has(t.id)), ...fresh.tickets], sharesOf, clocksOf, appealOf };
}
