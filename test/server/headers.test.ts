import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Calendar } from '../../src/core/calendar/calendar.ts';
import { getPreset } from '../../src/core/policy/presets.ts';
import { buildApp, type AppDeps } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { configFromEnv } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { testDb, testVault } from '../helpers.ts';

// Issue 10, HTTP: security headers with a CSP, and TRUST_PROXY so limits apply per real client.
const PER_MINUTE = 3;

// One database for the file (nothing here needs the demo city); a server of its own per setting.
let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await testDb());
  await migrate(db);
});
afterAll(() => drop());

const server = (deps: Partial<AppDeps> = {}) =>
  buildApp({ db, policy: getPreset('chongqing-2021'), calendar: new Calendar(), storage: memoryStorage(), vault: testVault(), demoMode: true, ...deps });

describe('security headers', () => {
  let t: { app: FastifyInstance };
  beforeAll(async () => {
    t = { app: await server() };
  });
  afterAll(() => t.app.close());

  it('every answer carries a CSP that allows no foreign or inline script, and the usual headers', async () => {
    // answers of every kind: a page, the API, refusals (401), a ticket not found (404) and bad input (422)
    const requests = [
      ...['/healthz', '/api/openapi.json', '/api/public/kb?q=%E8%B7%AF%E7%81%AF', '/api/nowhere', '/api/public/tickets/20260000000000?code=ABCDEFGHJK', '/api/me'].map((url) => ({ method: 'GET' as const, url })),
      { method: 'POST' as const, url: '/api/auth/login', payload: { username: '' } },
    ];
    const statuses: number[] = [];
    for (const request of requests) {
      const res = await t.app.inject(request);
      const url = request.url;
      statuses.push(res.statusCode);
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
      expect(directives.get('script-src'), url).toEqual(["'self'"]);
      expect(directives.get('script-src-attr')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // plain HTTP (a demo in a LAN) is not told to upgrade
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
    expect(statuses).toEqual([200, 200, 200, 401, 404, 401, 422]);
  });

  it('the API docs are served under the same policy (their scripts are files of this origin)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const init = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('reads false, true, a hop count or a list of proxies, and refuses anything else', () => {
    expect(configFromEnv({}).trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(configFromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(configFromEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback']);
    expect(() => configFromEnv({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });

  /** Lookups of unknown numbers (404s, each at a number of its own) from one proxy, for two clients. */
  async function twoClients(trustProxy: boolean | number | string[]): Promise<{ a: number[]; b: number[] }> {
    const app = await server({ trustProxy, portalLimits: { lookupsPerMinute: PER_MINUTE } });
    try {
      const ask = (client: string, i: number) =>
        app.inject({
          method: 'GET',
          url: `/api/public/tickets/2026112399${String(i).padStart(4, '0')}?code=ABCDEFGHJK`,
          remoteAddress: '10.0.0.2',
          headers: { 'x-forwarded-for': client },
        });
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < PER_MINUTE + 2; i += 1) {
        a.push((await ask('203.0.113.10', i)).statusCode);
        b.push((await ask('203.0.113.20', 100 + i)).statusCode);
      }
      return { a, b };
    } finally {
      await app.close();
    }
  }

  it('behind a trusted proxy, two clients get limits of their own', async () => {
    for (const setting of [true, 1, ['10.0.0.0/8']] as const) {
      const { a, b } = await twoClients(setting as boolean | number | string[]);
      const expected = [...Array<number>(PER_MINUTE).fill(404), 429, 429];
      expect(a, String(setting)).toEqual(expected);
      expect(b, String(setting)).toEqual(expected);
    }
  });

  it('without it, X-Forwarded-For is ignored: everyone behind the address shares one limit', async () => {
    const { a, b } = await twoClients(false);
    expect([...a, ...b].filter((s) => s === 404)).toHaveLength(PER_MINUTE);
  });
});
