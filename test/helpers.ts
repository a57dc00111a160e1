import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { Calendar } from '../src/core/calendar/calendar.ts';
import { parseInstant } from '../src/core/calendar/civil-date.ts';
import { getPreset } from '../src/core/policy/presets.ts';
import type { Policy } from '../src/core/policy/schema.ts';
import type { Role } from '../src/core/vocabulary.ts';
import { buildApp, type AppContext, type AppDeps } from '../src/server/app.ts';
import { memoryStorage, type Storage } from '../src/server/attachments/storage.ts';
import type { CategoryPredictor } from '../src/server/dispatch/suggestions.ts';
import { DEMO_PASSWORD } from '../src/server/auth/passwords.ts';
import { pgliteDb, type Db } from '../src/server/db/connection.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/seed.ts';
import { createUser } from '../src/server/units/store.ts';
import { ringFromFile } from '../src/server/privacy/keys.ts';
import { Vault } from '../src/server/privacy/vault.ts';

/** Fixed keys for tests (never used anywhere else): one AES-256-GCM data key and an index key. */
export const TEST_KEY_FILE = {
  active: 'test1',
  keys: [{ id: 'test1', algorithm: 'aes-256-gcm' as const, key: Buffer.alloc(32, 7).toString('base64'), created: '2026-11-01T00:00:00Z' }],
  index: { hash: 'sha256' as const, key: Buffer.alloc(32, 9).toString('base64') },
};

export function testVault(): Vault {
  return new Vault(ringFromFile(TEST_KEY_FILE, 'test'), true);
}

/**
 * A fresh database for one test file: PostgreSQL in a schema of its own when TEST_DATABASE_URL is
 * set (CI), else embedded PGlite in memory.
 */
export async function testDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) return scratchDatabase(process.env.TEST_DATABASE_URL, 't', 10);
  const db = await pgliteDb(undefined, { from: cluster() });
  return { db, drop: () => db.close() };
}

let dumped: Blob | undefined;
/** The empty cluster the run's global setup dumped (test/pglite-template.ts), read once a file; none outside vitest's main config. */
function cluster(): Blob | undefined {
  const file = inject('pgliteCluster');
  if (file && !dumped) dumped = new Blob([readFileSync(file)]);
  return dumped;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  ctx: AppContext;
  /** Moves the application clock. */
  setNow(iso: string): void;
  login(username: string, password?: string): Promise<string>;
  as(username: string): Client;
  unitId(name: string): Promise<string>;
  addUser(username: string, unitName: string, roles: Role[]): Promise<void>;
  close(): Promise<void>;
}

export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  /** POST /api/tickets/:id/actions/:action, asserting nothing. */
  act(id: string, action: string, body?: Record<string, unknown>): Promise<LightMyRequestResponse>;
}

/** What a test may set on the server besides the clock and policy: logs, proxies, portal limits. */
type ServerOptions = Pick<AppDeps, 'logger' | 'trustProxy' | 'portalLimits' | 'portalPerMinute' | 'dialer' | 'webDir' | 'compression' | 'ssr' | 'smsInboundSecret' | 'telephonyEventsSecret' | 'misuseMarkDays' | 'exchangePlatforms' | 'exchangePeers'>;

export async function buildTestApp(options: { policy?: string | Policy; now?: string; classifier?: CategoryPredictor; server?: ServerOptions; vault?: Vault; demoMode?: boolean; storage?: Storage; database?: { db: Db; drop: () => Promise<void> } } = {}): Promise<TestApp> {
  // a database of the caller's (a CLI test's data folder), else a fresh one for this file
  const { db, drop } = options.database ?? (await testDb());
  const vault = options.vault ?? testVault();
  await migrate(db);
  await seedDemo(db);
  let now = parseInstant(options.now ?? '2026-11-23T09:30:00+08:00');
  // a preset's id, or a deployment's own policy (POLICY=path: core/policy/custom.ts)
  const policy = typeof options.policy === 'object' ? options.policy : getPreset(options.policy ?? 'chongqing-2021');
  const calendar = new Calendar();
  const storage = options.storage ?? memoryStorage();
  const classifier = options.classifier ?? null;
  const app = await buildApp({ db, policy, calendar, storage, now: () => now, classifier, vault, demoMode: options.demoMode ?? true, ...options.server });
  // the subtrees' presets as the server holds them (policy/for-unit.ts), so jobs run here see an admin's change
  const ctx: AppContext = { db, policy, presets: app.appContext.presets, calendar, storage, now: () => now, classifier, vault };
  const cookies = new Map<string, string>();

  const login = async (username: string, password = DEMO_PASSWORD) => {
    // From an address of its own: a test's wrong guesses from the default address (127.0.0.1) do
    // not slow the sign-ins of the clients it uses.
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: '10.12.34.5' });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'o12345_sid')!;
    return `${cookie.name}=${cookie.value}`;
  };

  const as = (username: string): Client => {
    const cookie = async () => {
      if (!cookies.has(username)) cookies.set(username, await login(username));
      return cookies.get(username)!;
    };
    const client: Client = {
      get: async (url) => app.inject({ method: 'GET', url, headers: { cookie: await cookie() } }),
      post: async (url, body, headers = {}) =>
        app.inject({ method: 'POST', url, headers: { cookie: await cookie(), ...headers }, ...(body === undefined ? {} : { payload: body as object }) }),
      put: async (url, body) => app.inject({ method: 'PUT', url, headers: { cookie: await cookie() }, ...(body === undefined ? {} : { payload: body as object }) }),
      delete: async (url) => app.inject({ method: 'DELETE', url, headers: { cookie: await cookie() } }),
      act: (id, action, body = {}) => client.post(`/api/tickets/${id}/actions/${action}`, body),
    };
    return client;
  };

  return {
    app,
    db,
    ctx,
    setNow: (iso) => {
      now = parseInstant(iso);
      // Sessions expire by the app's clock (12 hours): after a move, each client signs in afresh.
      cookies.clear();
    },
    login,
    as,
    unitId: async (name) => {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM units WHERE name = $1', [name]);
      if (!rows[0]) throw new Error(`no unit ${name}`);
      return rows[0].id;
    },
    addUser: async (username, unitName, roles) => {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM units WHERE name = $1', [unitName]);
      await createUser(db, { username, displayName: username, unitId: rows[0]!.id, roles, password: DEMO_PASSWORD });
    },
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

/** Bodies of the notifications queued for this phone, oldest first (recipients are stored sealed). */
export async function outboxTo(t: TestApp, phone: string): Promise<string[]> {
  const { rows } = await t.db.query<{ recipient: string | null; body: string }>('SELECT recipient, body FROM outbox ORDER BY id');
  return rows.filter((r) => t.ctx.vault.open(r.recipient) === phone).map((r) => r.body);
}

export const CALLER = { name: '张三', phone: '13812341234' };

export function newTicket(overrides: Record<string, unknown> = {}) {
  return { channel: 'phone', caller: CALLER, content: '新华路路灯不亮已经一周了，晚上出行不安全', type: 'help', address: '渝中区解放碑街道新华路', ...overrides };
}
