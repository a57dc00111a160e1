import pg from 'pg';
import { beginPending, dropPending, registerPublisher, runAfterCommit, type Publisher } from './notify.ts';
import { LocalListeners } from './local-listeners.ts';
import { preparedName, replanned, schemaChanged } from './prepared.ts';
import { SESSION_SETTINGS } from './session-settings.ts';
import { parseTimestamptz } from './timestamps.ts';

export { pgliteDb } from './pglite.ts';

/**
 * One small interface over the two PostgreSQL engines we run on: a real server through `pg`
 * (production, CI) and PGlite, PostgreSQL compiled to WASM, embedded for `npm start` and tests.
 * Same SQL, same migrations. Results use only types both parse alike (no int8/numeric).
 */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: everything it wrote is committed together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** Receives notifications on a channel: this instance's (db/notify.ts) and, by NOTIFY, any other's. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// Keep timestamps as Date and dates as text the same way on both engines.
pg.types.setTypeParser(1082, (v: string) => v); // date → 'YYYY-MM-DD'
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz); // the common shape read without regular expressions

/** How long a pooled connection may stay idle before it is closed (a quiet night, not a lull). */
const IDLE_CONNECTION_MS = 15 * 60_000;

export function postgresDb(connectionString: string, options: { searchPath?: string; max?: number; prepared?: boolean } = {}): Db {
  const prepared = options.prepared ?? true;
  const searchPath = options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {};
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // a connection is replaced after this many queries, and with it the statements it still keeps
    // prepared under names a schema change has retired (db/prepared.ts)
    maxUses: 50_000,
    // An idle connection stays open: pg-pool closed one after 10 s idle, so a busy hour's pool shrank
    // between bursts and grew again in the next, and each new connection's first statements paid for
    // the backend's start, its catalog caches and every prepared statement's planning (the first
    // search on a fresh connection took 130–460 ms against ~5 ms; bench:load at ×1 opened 14 in 30 s).
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    // …and does not keep a command that has finished from exiting; TCP keepalive keeps a firewall or
    // a NAT from dropping it silently while it waits
    allowExitOnIdle: true,
    keepAlive: true,
    keepAliveInitialDelayMillis: 60_000,
    ...searchPath,
    // every connection's settings (session-settings.ts), run before the pool hands it out: SET, not
    // startup options, which a pooler may refuse and which would override PGOPTIONS and the URL's own.
    // Awaited here (pg-pool's onConnect): sent from a 'connect' listener, it was still running when
    // the first query came, which pg warns about and pg 9 will refuse.
    onConnect: async (client) => {
      await client.query(SESSION_SQL).catch(() => {});
    },
  } as pg.PoolConfig & { onConnect: (client: pg.PoolClient) => Promise<void> });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const local = new LocalListeners();
  const relay = new Relay(pool);
  const publisher: Publisher = {
    publish(channel, payload) {
      local.deliver(channel, payload);
      relay.send(channel, payload);
    },
  };
  const db: Db = {
    kind: 'postgres',
    async query(text, params) {
      const r = await pool.query(statement(text, params, prepared)).catch((error: unknown) => {
        // once more under a new name, the table having changed under the prepared statement
        if (replanned(error)) return pool.query(statement(text, params, prepared));
        throw error;
      });
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: Queryable = {
        async query(text, params) {
          // in a transaction the error has aborted it: it fails, and the statements are renamed for the next
          const r = await client.query(statement(text, params, prepared)).catch((error: unknown) => {
            replanned(error);
            throw error;
          });
          return { rows: r.rows, rowCount: r.rowCount ?? 0 };
        },
      };
      // what it notifies goes out once it has committed (db/notify.ts)
      beginPending(tx, publisher);
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        runAfterCommit(tx);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        dropPending(tx);
        client.release();
      }
    },
    async exec(sql) {
      schemaChanged();
      await pool.query(sql);
    },
    async listen(channel, onPayload) {
      // A connection of its own, outside the pool, stays subscribed.
      const client = new pg.Client({ connectionString, ...searchPath });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel !== channel || !n.payload) return;
        for (const payload of relay.received(n.payload)) onPayload(payload);
      });
      await client.query(`LISTEN ${channel}`);
      const off = local.add(channel, onPayload);
      return async () => {
        off();
        await client.end().catch(() => {});
      };
    },
    async close() {
      await relay.flush();
      await pool.end();
    },
  };
  registerPublisher(db, publisher);
  return db;
}

const SESSION_SQL = SESSION_SETTINGS.map(([k, v]) => `SET ${k} = ${v}`).join('; ');

/** A statement with parameters, named once it repeats (db/prepared.ts); one without is sent as it is. */
function statement(text: string, params: unknown[] | undefined, prepared: boolean): pg.QueryConfig {
  const name = preparedName(text, params, prepared);
  return name ? { name, text, values: params } : { text, values: params };
}

const ENVELOPE = 'o12345:';
/** NOTIFY payloads stay under PostgreSQL's 8,000 bytes. */
const ENVELOPE_BYTES = 7000;

/**
 * What this instance published, for the other instances on the same PostgreSQL: gathered for a few
 * milliseconds and sent in one NOTIFY per channel (`o12345:<origin>:<JSON array>`), committed
 * without waiting for the disk (a notification lost in a crash loses nothing: the data is there).
 * Each instance skips its own, already delivered in the process.
 */
class Relay {
  private readonly origin = Math.random().toString(36).slice(2, 10);
  private queue: Array<[string, string]> = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly pool: pg.Pool) {}

  send(channel: string, payload: string): void {
    this.queue.push([channel, payload]);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, 5);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return this.sending;
    const chunks: Array<[string, string[]]> = [];
    let size = 0;
    for (const [channel, payload] of batch) {
      const last = chunks[chunks.length - 1];
      if (last && last[0] === channel && size + payload.length < ENVELOPE_BYTES) {
        last[1].push(payload);
        size += payload.length + 3;
      } else {
        chunks.push([channel, [payload]]);
        size = payload.length;
      }
    }
    this.sending = this.sending.then(async () => {
      for (const [channel, payloads] of chunks) {
        await this.pool
          .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`, [channel, `${ENVELOPE}${this.origin}:${JSON.stringify(payloads)}`])
          .catch(() => {});
      }
    });
    return this.sending;
  }

  /** The payloads a NOTIFY carries for this instance: none of its own, each of another's. */
  received(raw: string): string[] {
    if (!raw.startsWith(ENVELOPE)) return [raw];
    const rest = raw.slice(ENVELOPE.length);
    const colon = rest.indexOf(':');
    if (rest.slice(0, colon) === this.origin) return [];
    try {
      return JSON.parse(rest.slice(colon + 1)) as string[];
    } catch {
      return [];
    }
  }
}
