import type { Actor } from '../auth/actor.ts';
import { actorsForSessions } from '../auth/sessions.ts';
import type { Queryable } from '../db/connection.ts';

/**
 * The live streams' session checks, together (issue 16: 2,000 browsers on the live stream).
 *
 * A stream outlives the request that opened it, so before an event goes out its session is read
 * again (at most once per `recheckMs`): a user signed out or disabled gets nothing more. Asked one
 * stream at a time, that is one query per stream per second while events flow — 2,000 queries a
 * second for 2,000 browsers, more than everything else the server does. Here the checks that fall
 * due together are answered by one query (`actorsForSessions`), and streams of one session share its
 * answer, with the same promise: nobody's answer is older than `recheckMs`.
 */
export class SessionChecks {
  private readonly known = new Map<string, { actor: Actor | null; at: number; streams: number }>();
  private batch: { sids: Set<string>; done: Promise<void> } | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
    private readonly demoMode: boolean,
    private readonly recheckMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A stream opens for this session, whose actor was just checked by the request itself. */
  open(sid: string, actor: Actor): void {
    const k = this.known.get(sid);
    if (k) k.streams += 1;
    else this.known.set(sid, { actor, at: Date.now(), streams: 1 });
  }

  close(sid: string): void {
    const k = this.known.get(sid);
    if (k && --k.streams <= 0) this.known.delete(sid);
  }

  /** The session's actor, no older than `recheckMs` (read now when `force`); null once it has ended. */
  async actor(sid: string, force = false): Promise<Actor | null> {
    const k = this.known.get(sid);
    if (k && !force && Date.now() - k.at < this.recheckMs) return k.actor;
    await this.check(sid);
    return this.known.get(sid)?.actor ?? null;
  }

  private check(sid: string): Promise<void> {
    if (!this.batch) {
      const sids = new Set<string>();
      // the checks asked for in this turn of the event loop join one query
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.batch = null;
        const list = [...sids];
        const actors = await actorsForSessions(this.db, list, this.now(), this.demoMode).catch((error: unknown) => {
          this.onError(error);
          return new Map<string, Actor>();
        });
        const at = Date.now();
        for (const s of list) {
          const k = this.known.get(s);
          if (k) {
            k.actor = actors.get(s) ?? null;
            k.at = at;
          }
        }
      });
      this.batch = { sids, done };
    }
    this.batch.sids.add(sid);
    return this.batch.done;
  }
}
