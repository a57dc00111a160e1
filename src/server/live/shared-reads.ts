import type { FastifyInstance } from 'fastify';
import type { LiveBus } from './bus.ts';

/**
 * Reads shared by the pages that ask for the same thing at once (issue 16). A change at the center
 * reaches every dispatcher's page, and each refreshes its views 150 ms later (src/web/live-gate.ts):
 * a hundred pages asking for the same queue and the same 待我审批 rows within a few milliseconds.
 * One read serves everyone asking under the same key until the next committed change (`follow`: the
 * live bus, delivered in this process before the action that made it answers) or for `maxAgeMs` at
 * most (a change no one announces). Keys must hold everything the read depends on.
 */
export class SharedReads<T> {
  private readonly entries = new Map<string, { startedAt: number; value: Promise<T> }>();

  /**
   * `maxEntries`: what is kept between two changes is bounded. On a quiet night no change clears it,
   * and a client asking for ever new lists would otherwise have each answer held.
   */
  constructor(
    private readonly maxAgeMs = 1000,
    private readonly maxEntries = 500,
  ) {}

  /** How many reads are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }

  /** A change has committed: whoever asks next reads again. */
  invalidate(): void {
    this.entries.clear();
  }

  read(key: string, load: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const seen = this.entries.get(key);
    if (seen && now - seen.startedAt < this.maxAgeMs) return seen.value;
    if (this.entries.size >= this.maxEntries) {
      for (const [k, e] of this.entries) if (now - e.startedAt >= this.maxAgeMs) this.entries.delete(k);
      if (this.entries.size >= this.maxEntries) this.entries.clear();
    }
    const entry = { startedAt: now, value: load() };
    this.entries.set(key, entry);
    // a failed read is not kept for the next to share
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /** Forgets what was read whenever a ticket changes, for as long as the server runs. */
  follow(app: FastifyInstance, bus: LiveBus): this {
    const invalidate = () => this.invalidate();
    bus.on('change', invalidate);
    app.addHook('onClose', async () => {
      bus.off('change', invalidate);
    });
    return this;
  }
}
