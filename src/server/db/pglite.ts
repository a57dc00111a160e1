import { mkdirSync } from 'node:fs';
import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, Queryable } from './connection.ts';
import { LocalListeners } from './local-listeners.ts';
import { beginPending, dropPending, registerPublisher, runAfterCommit, type Publisher } from './notify.ts';
import { preparedName, replanned, schemaChanged } from './prepared.ts';
import { SESSION_SETTINGS } from './session-settings.ts';

/** What the engine answers (pglite does not export the type by name). */
type Message = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/**
 * A statement prepared in this engine: the types its parameters are sent as, and its row
 * description (its answers carry only data rows).
 */
interface Prepared {
  paramTypes: number[];
  fields: Message | null;
}

/**
 * Repeated statements kept prepared in the embedded engine (issue 16), as on PostgreSQL
 * (db/prepared.ts names them). PGlite's own query() sends every statement unnamed, so each one is
 * parsed, analysed and planned again, and it crosses into the engine six times (Parse, Describe,
 * Bind, Describe, Execute, Sync). A named statement is parsed once; each run afterwards is one
 * crossing: Bind, Execute, Sync. Alone on this machine an insert took 80–103 µs this way against
 * 202–284 µs through query(), a read by key 118–186 against 324–365 µs.
 */
class PreparedStatements {
  private readonly byName = new Map<string, Prepared>();

  constructor(private readonly db: PGlite) {}

  /**
   * Runs a named statement; the caller holds the engine (PGlite's query lock, and outside a
   * transaction its transaction lock too, as query() takes them).
   */
  async run(name: string, text: string, params: unknown[], inTransaction: boolean): Promise<{ rows: never[]; rowCount: number }> {
    const statement = this.byName.get(name) ?? (await this.prepare(name, text));
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = this.db.serializers[statement.paramTypes[i] ?? 0];
      return serialize ? serialize(value) : String(value);
    });
    const messages = await this.send(
      [protocol.serialize.bind({ statement: name, values }), protocol.serialize.execute({}), protocol.serialize.sync()],
      { text, params },
      inTransaction,
    );
    const [result] = parse.parseResults(statement.fields ? [statement.fields, ...messages] : messages, this.db.parsers);
    const rows = (result?.rows ?? []) as never[];
    return { rows, rowCount: result?.affectedRows ?? rows.length };
  }

  /** After DDL: the engine forgets what it kept, and each statement is prepared again under its new name. */
  async forget(): Promise<void> {
    if (!this.byName.size) return;
    this.byName.clear();
    await this.db.exec('DEALLOCATE ALL');
  }

  private async prepare(name: string, text: string): Promise<Prepared> {
    const messages = await this.send(
      [protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()],
      { text, params: [] },
      true,
    );
    const described = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs?: number[] } | undefined;
    const statement: Prepared = {
      paramTypes: described?.dataTypeIDs ?? [],
      fields: messages.find((m) => m.name === 'rowDescription') ?? null,
    };
    this.byName.set(name, statement);
    return statement;
  }

  /** One crossing into the engine; a failure carries its statement as query() reports it. */
  private async send(parts: Uint8Array[], context: { text: string; params: unknown[] }, inTransaction: boolean): Promise<Message[]> {
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    try {
      // outside a transaction the data folder is synced after each statement, as query() does
      return await this.db.execProtocolStream(bytes, { syncToFs: !inTransaction });
    } catch (error) {
      if (error && typeof error === 'object') Object.assign(error, { query: context.text, params: context.params });
      throw error;
    }
  }
}

/**
 * PGlite in `dataDir`, or in memory when dataDir is undefined (tests). A new cluster is made by the
 * engine's initdb, 4.6–6.8 s on this machine with tests running beside it; `from`, a data folder
 * dumped by another engine (pgliteCluster), starts one in 1.7–1.9 s (tests start one per file:
 * test/pglite-template.ts).
 */
export async function pgliteDb(dataDir?: string, options: { prepared?: boolean; from?: Blob } = {}): Promise<Db> {
  const usePrepared = options.prepared ?? true;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // pg_trgm is bundled with PGlite but must be loaded (the knowledge base's fuzzy search needs it).
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(options.from ? { loadDataDir: options.from } : {}), extensions: { pg_trgm } });
  // PGlite's settings (session-settings.ts): it has no JIT
  for (const [k, v] of SESSION_SETTINGS) if (k !== 'jit') await db.query(`SET ${k} = ${v}`);
  // Each new 16 MB WAL segment was filled with zeros by the statement that needed it, inside the
  // engine, while every other request waited: about every 1,250 registrations one took 95–270 ms
  // instead of ~1.3 ms (4,000 in a row, alone). Unfilled, the file grows as it is written; the records
  // are checked by their CRC on recovery either way, and the engine runs with fsync off already.
  await db.query('SET wal_init_zero = off');
  const prepared = new PreparedStatements(db);

  /**
   * A statement on the engine: named once it repeats (db/prepared.ts), else through query(). A
   * transaction's statements run under its query lock; others also wait for any open transaction.
   */
  const run = async (q: Pick<PGlite, 'query'>, inTransaction: boolean, text: string, params: unknown[] | undefined) => {
    const name = preparedName(text, params, usePrepared);
    if (!name) {
      const r = await q.query(text, params as unknown[]);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    }
    const once = () => db.runExclusive(() => prepared.run(name, text, params!, inTransaction));
    if (inTransaction) return once();
    // as query(): a closed engine answers "PGlite is closed" instead of being entered
    await db._checkReady();
    return db._runExclusiveTransaction(once);
  };
  const wrap = (q: Pick<PGlite, 'query'>, inTransaction: boolean): Queryable => ({
    async query(text, params) {
      try {
        return await run(q, inTransaction, text, params);
      } catch (error) {
        // a table changed under a statement kept prepared: outside a transaction, once more under a new name
        if (!replanned(error) || inTransaction) throw error;
        return run(q, inTransaction, text, params);
      }
    },
  });
  // one process holds the embedded database: what it publishes has no other instance to reach
  const local = new LocalListeners();
  const publisher: Publisher = { publish: (channel, payload) => local.deliver(channel, payload) };
  const out: Db = {
    kind: 'pglite',
    ...wrap(db, false),
    // PGlite is one connection: its transaction() holds a lock so other queries wait their turn.
    async transaction(fn) {
      let handle: Queryable | null = null;
      try {
        const result = await db.transaction((tx) => {
          handle = wrap(tx, true);
          beginPending(handle, publisher);
          return fn(handle);
        });
        if (handle) runAfterCommit(handle);
        return result;
      } finally {
        if (handle) dropPending(handle);
      }
    },
    async exec(sql) {
      schemaChanged();
      await prepared.forget();
      await db.exec(sql);
    },
    async listen(channel, onPayload) {
      const unsubscribe = await db.listen(channel, onPayload);
      const off = local.add(channel, onPayload);
      return async () => {
        off();
        await unsubscribe();
      };
    },
    async close() {
      await db.close();
    },
  };
  registerPublisher(out, publisher);
  return out;
}

/** A new, empty cluster as the engine's initdb makes it, dumped: what pgliteDb's `from` starts from. */
export async function pgliteCluster(): Promise<Blob> {
  const db = await PGlite.create({ extensions: { pg_trgm } });
  try {
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}
