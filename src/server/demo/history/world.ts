import type { Calendar } from '../../../core/calendar/calendar.ts';
import type { Policy } from '../../../core/policy/schema.ts';
import type { Queryable } from '../../db/connection.ts';
import type { CategoryPredictor } from '../../dispatch/suggestions.ts';
import type { Channel, TicketType } from '../../../core/vocabulary.ts';
import type { Cast } from './cast.ts';
import type { Library } from './knowledge.ts';
import type { Matter } from './matters.ts';
import { GIVEN, SURNAMES, type Spot } from './phrases.ts';
import type { Rng } from '../../../core/random.ts';
import type { Sim } from './sim.ts';
import type { Switchboard } from './switchboard.ts';

/** Everything the steps of a ticket's life share. */
export interface World {
  sim: Sim;
  rng: Rng;
  cast: Cast;
  calendar: Calendar;
  policy: Policy;
  callers: Caller[];
  /**
   * The database for reads of what the history never changes (the unit tree and the routing table,
   * read by dispatch suggestions): asked once, then answered from memory.
   */
  reference: Queryable;
  /** What happens on the line of a phone request (transfers, three-way calls, the number dialled). */
  switchboard?: Switchboard;
  /** The knowledge base the agents search (history/knowledge.ts, kb-use.ts). */
  knowledge?: Library;
}

/**
 * The classifier's reading of a text, remembered for the few texts of the tickets in hand: the
 * model does not change during the history, and registration and each dispatch read the same text.
 */
export function rememberingClassifier(classifier: CategoryPredictor | null | undefined): CategoryPredictor | null {
  if (!classifier) return null;
  const recent = new Map<string, ReturnType<CategoryPredictor['predict']>>();
  return {
    // always asks with the words, whatever the caller asks: the answer kept for a registration's text is the dispatch's too, which shows them
    predict(text) {
      let hit = recent.get(text);
      if (!hit) {
        hit = classifier.predict(text);
        recent.set(text, hit);
        if (recent.size > 256) recent.delete(recent.keys().next().value!);
      }
      return hit;
    },
  };
}

/** Remembers the answers to statements without parameters; everything else goes to the database. */
export function rememberingReads(db: Queryable): Queryable {
  const seen = new Map<string, Promise<{ rows: unknown[]; rowCount: number }>>();
  return {
    query<R>(text: string, params?: unknown[]) {
      if (params?.length) return db.query<R>(text, params);
      let hit = seen.get(text);
      if (!hit) seen.set(text, (hit = db.query(text)));
      return hit as Promise<{ rows: R[]; rowCount: number }>;
    },
  };
}

export interface Caller {
  name: string;
  phone: string;
}

/** The slots of a matter's templates, filled once per request so that its texts agree. */
export interface Slots {
  district: string;
  street: string;
  road: string;
  estate: string;
  n: number;
  b: number;
  days: number;
  shop: string;
}

/** One ticket as the simulation follows it: what it is about, and where its work stands. */
export interface Case {
  id: string;
  number: string;
  matter: Matter;
  /** What the caller said (the ticket's content). */
  content: string;
  type: TicketType;
  channel: Channel;
  caller: Caller;
  slots: Slots;
  /** The unit the routing table gives for the matter as the agent would classify it. */
  right: string | null;
  /** The unit holding the lead share now. */
  unit: string | null;
  /** When the current share was dispatched. */
  dispatchedAt: number;
  /** Replied after its handling limit ran out (visits of late work are rated lower). */
  late: boolean;
  /** The share was sent back once already (a second dispatch goes where the routing table says). */
  returned: boolean;
  /** Reviews refused so far, visits so far. */
  refusedReviews: number;
  visits: number;
}

export function fill(template: string, s: Slots): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in s ? String(s[k as keyof Slots]) : m));
}

export function slotsAt(rng: Rng, spot: Spot, shops: readonly string[], fixed: Partial<Slots> = {}): Slots {
  return {
    district: spot.district,
    street: spot.street,
    road: rng.pick(spot.roads),
    estate: rng.pick(spot.estates),
    n: rng.int(1, 260),
    b: rng.int(1, 18),
    days: rng.int(2, 9),
    shop: rng.pick(shops),
    ...fixed,
  };
}

/** The address a caller gives: a door number on a road, or a building in an estate. */
export function addressOf(m: Matter, s: Slots): string | undefined {
  if (m.place === 'none') return undefined;
  const at = m.place === 'road' ? `${s.road}${s.n}号` : `${s.road}${s.estate}${s.b}栋`;
  return `${s.district}${s.street}${at}`;
}

/** A caller: one in six has rung before (repeat callers), the others are new. */
export function callerFor(w: World): Caller {
  if (w.callers.length > 20 && w.rng.chance(0.16)) {
    const recent = w.callers.slice(-300);
    return w.rng.pick(recent);
  }
  const r = w.rng;
  const surname = r.pick(SURNAMES);
  const name = r.chance(0.6) ? `${surname}${r.chance(0.5) ? '先生' : '女士'}` : `${surname}${r.pick(GIVEN)}`;
  const phone = `1${r.pick(['38', '39', '58', '59', '36', '86', '87', '77', '35', '50'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
  const caller = { name, phone };
  w.callers.push(caller);
  return caller;
}
