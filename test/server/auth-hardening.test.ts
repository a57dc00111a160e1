import { generate } from 'otplib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { purgeAuthData } from '../../src/server/auth/purge.ts';
import { DEFAULT_LOGIN_LIMITS } from '../../src/server/auth/throttle.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

let t: TestApp;
const START = '2026-11-23T09:30:00+08:00';
let clock = Date.parse(START);
function setClock(ms: number) {
  clock = ms;
  t.setNow(new Date(ms).toISOString());
}

beforeAll(async () => {
  t = await buildTestApp({ now: START });
});
afterAll(() => t.close());

const login = (username: string, password: string, ip: string, cookie?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, ...(cookie ? { headers: { cookie } } : {}) });
const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => {
  const c = res.cookies.find((x) => x.name === 'o12345_sid')!;
  return `${c.name}=${c.value}`;
};
const userId = async (username: string) => (await t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;
const { freeFailures } = DEFAULT_LOGIN_LIMITS;

describe('guessing a password', () => {
  it('100 parallel logins, the right password last: no more checked than the limit; the owner signs in from elsewhere', async () => {
    const attempts = Array.from({ length: 100 }, (_, i) => login('dispatcher', i === 99 ? 'demo12345' : `guess-${i}`, '203.0.113.7'));
    const answers = await Promise.all(attempts);
    const checked = answers.filter((r) => r.statusCode === 401 || r.statusCode === 200);
    expect(checked.length).toBeLessThanOrEqual(freeFailures);
    expect(answers[99]!.statusCode).toBe(429); // the right password came too late to be checked
    const refused = answers.filter((r) => r.statusCode === 429);
    expect(refused.length).toBeGreaterThanOrEqual(100 - freeFailures);
    expect(refused[0]!.json().message).toMatch(/登录尝试过于频繁，请 \d+ 秒后再试/);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const owner = await login('dispatcher', 'demo12345', '198.51.100.20');
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ username: 'dispatcher', mustChangePassword: false });
  });

  it('slows the address progressively: each wait longer than the last', async () => {
    const ip = '203.0.113.8';
    for (let i = 0; i < freeFailures; i += 1) expect((await login('visitor', 'wrong-one', ip)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const refused = await login('visitor', 'wrong-one', ip);
      expect(refused.statusCode).toBe(429);
      const wait = Number(refused.headers['retry-after']);
      waits.push(wait);
      setClock(clock + wait * 1000);
      expect((await login('visitor', 'wrong-one', ip)).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    setClock(Date.parse(START));
  });

  it('throttles password spraying: many accounts from one address', async () => {
    const ip = '203.0.113.9';
    const answers = [];
    for (let i = 0; i < 30; i += 1) answers.push((await login(`user${i}`, 'Spring2026', ip)).statusCode);
    expect(answers.filter((s) => s === 401)).toHaveLength(freeFailures);
    expect(answers.filter((s) => s === 429)).toHaveLength(30 - freeFailures);
    // the accounts themselves are not locked: from another address they sign in
    expect((await login('handler1', 'demo12345', '198.51.100.21')).statusCode).toBe(200);
  });

  it('one address cannot lock an account for everyone, however long it keeps guessing', async () => {
    const ip = '203.0.113.10';
    let failures = 0;
    for (let i = 0; i < 60 && failures < DEFAULT_LOGIN_LIMITS.lockFailures + 5; i += 1) {
      const r = await login('admin', `guess-${i}`, ip);
      if (r.statusCode === 401) failures += 1;
      else {
        expect(r.statusCode).toBe(429);
        setClock(clock + Number(r.headers['retry-after']) * 1000);
      }
    }
    expect(failures).toBeGreaterThan(DEFAULT_LOGIN_LIMITS.lockFailures);
    expect((await login('admin', 'demo12345', '198.51.100.22')).statusCode).toBe(200);
    setClock(Date.parse(START));
  });

  it('locks an account guessed from many addresses (last resort), and an admin unlocks it', async () => {
    let ip = 0;
    let failures = 0;
    while (failures < DEFAULT_LOGIN_LIMITS.lockFailures) {
      ip += 1;
      for (let i = 0; i < freeFailures && failures < DEFAULT_LOGIN_LIMITS.lockFailures; i += 1) {
        const r = await login('leader', `guess-${ip}-${i}`, `192.0.2.${ip}`);
        expect(r.statusCode).toBe(401);
        failures += 1;
      }
    }
    const owner = await login('leader', 'demo12345', '198.51.100.23');
    expect(owner.statusCode).toBe(423);
    expect(owner.json().message).toContain('锁定');

    const id = await userId('leader');
    expect((await t.as('agent').post(`/api/admin/users/${id}/unlock`)).statusCode).toBe(403);
    expect((await t.as('admin').post(`/api/admin/users/${id}/unlock`)).statusCode).toBe(200);
    expect((await login('leader', 'demo12345', '198.51.100.23')).statusCode).toBe(200);
  });

});

describe('sessions', () => {
  it('stores only the SHA-256 of the cookie value', async () => {
    const cookie = cookieOf(await login('agent', 'demo12345', '198.51.100.30'));
    const value = cookie.split('=')[1]!;
    const { rows } = await t.db.query<{ id: string }>('SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1', ['agent']);
    expect(rows.map((r) => r.id)).not.toContain(value);
    expect(rows.map((r) => r.id)).toContain(createHash('sha256').update(value).digest('hex'));
  });

  it('a logout or a disabled account is refused on another instance at once', async () => {
    const b = await buildApp({ db: t.db, policy: t.ctx.policy, calendar: t.ctx.calendar, storage: t.ctx.storage, vault: t.ctx.vault, now: () => clock, demoMode: true });
    try {
      const onB = (cookie: string) => b.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      const cookie = cookieOf(await login('agent', 'demo12345', '198.51.100.31'));
      expect((await onB(cookie)).statusCode).toBe(200);
      await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect((await onB(cookie)).statusCode).toBe(401);

      const kb = cookieOf(await login('kbeditor', 'demo12345', '198.51.100.31'));
      expect((await onB(kb)).statusCode).toBe(200);
      const id = await userId('kbeditor');
      expect((await t.as('admin').post(`/api/admin/users/${id}/disable`)).statusCode).toBe(200);
      expect((await onB(kb)).statusCode).toBe(401);
      expect((await login('kbeditor', 'demo12345', '198.51.100.31')).statusCode).toBe(401);
      expect((await t.as('admin').post(`/api/admin/users/${id}/enable`)).statusCode).toBe(200);
      expect((await login('kbeditor', 'demo12345', '198.51.100.31')).statusCode).toBe(200);
    } finally {
      await b.close();
    }
  });
});

describe('forced password change', () => {
  it('an admin reset gives a one-time password that must be changed before anything else', async () => {
    const old = cookieOf(await login('handler2', 'demo12345', '198.51.100.40'));
    const id = await userId('handler2');
    const reset = await t.as('admin').post(`/api/admin/users/${id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z2-9]{12}$/);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: old } })).statusCode).toBe(401);
    expect((await login('handler2', 'demo12345', '198.51.100.40')).statusCode).toBe(401);

    const signedIn = await login('handler2', temporary, '198.51.100.40');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().mustChangePassword).toBe(true);
    const cookie = cookieOf(signedIn);
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    const blocked = await get('/api/tickets');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: 'password_change_required' });
    expect(blocked.json().message).toContain('修改密码');
    expect((await get('/api/session')).json().user).toMatchObject({ username: 'handler2', mustChangePassword: true });
    expect((await get('/api/me')).statusCode).toBe(200);

    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword, newPassword }, remoteAddress: '198.51.100.40' });
    expect((await change(temporary, temporary)).statusCode).toBe(422);
    expect((await change(temporary, 'Jiefangbei2026')).statusCode).toBe(200);
    expect((await get('/api/tickets')).statusCode).toBe(200);
    expect((await get('/api/session')).json().user.mustChangePassword).toBe(false);
  });

  it('demo accounts are forced to change the demo password outside the embedded demo', async () => {
    const prod = await buildApp({ db: t.db, policy: t.ctx.policy, calendar: t.ctx.calendar, storage: t.ctx.storage, vault: t.ctx.vault, now: () => clock });
    try {
      const r = await prod.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: 'demo12345' }, remoteAddress: '198.51.100.41' });
      expect(r.json().mustChangePassword).toBe(true);
      const tickets = await prod.inject({ method: 'GET', url: '/api/tickets', headers: { cookie: cookieOf(r) } });
      expect(tickets.statusCode).toBe(403);
    } finally {
      await prod.close();
    }
    // the same account in the demo is not held up
    expect((await login('agent', 'demo12345', '198.51.100.41')).json().mustChangePassword).toBe(false);
  });
});

describe('TOTP second factor', () => {
  const code = (secret: string, at = clock) => generate({ secret, epoch: Math.floor(at / 1000) });

  it('a supervisor enrols; sign-in then asks for the code, once per code; an admin resets it', async () => {
    const ip = '198.51.100.50';
    const first = await login('supervisor', 'demo12345', ip);
    const cookie = cookieOf(first);
    const post = (url: string, payload: object = {}, c = cookie) => t.app.inject({ method: 'POST', url, headers: { cookie: c }, payload, remoteAddress: ip });

    const handler = cookieOf(await login('handler1', 'demo12345', ip));
    expect((await post('/api/auth/totp/setup', {}, handler)).statusCode).toBe(403);

    const setup = await post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*supervisor\?.*secret=/);
    expect((await post('/api/auth/totp/enable', { code: '000000' })).statusCode).toBe(422);
    expect((await post('/api/auth/totp/enable', { code: await code(secret) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().totpEnabled).toBe(true);

    setClock(clock + 60_000);
    const step1 = await login('supervisor', 'demo12345', ip);
    expect(step1.json()).toEqual({ totpRequired: true });
    const pending = cookieOf(step1);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: pending } })).statusCode).toBe(401);
    const wrong = await post('/api/auth/login/totp', { code: '123456' }, pending);
    expect(wrong.statusCode).toBe(401);
    const good = await code(secret);
    const step2 = await post('/api/auth/login/totp', { code: good }, pending);
    expect(step2.statusCode).toBe(200);
    expect(step2.json()).toMatchObject({ username: 'supervisor', totpEnabled: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieOf(step2) } })).statusCode).toBe(200);

    // the same code a second time is refused
    const again = cookieOf(await login('supervisor', 'demo12345', ip));
    expect((await post('/api/auth/login/totp', { code: good }, again)).statusCode).toBe(401);

    const id = await userId('supervisor');
    expect((await t.as('admin').post(`/api/admin/users/${id}/reset-totp`)).statusCode).toBe(200);
    expect((await login('supervisor', 'demo12345', ip)).json()).toMatchObject({ username: 'supervisor', totpEnabled: false });
    setClock(Date.parse(START));
  });

  it('codes are throttled per address like passwords', async () => {
    const ip = '198.51.100.60';
    const cookie = cookieOf(await login('leader', 'demo12345', ip));
    const post = (url: string, payload: object, c = cookie) => t.app.inject({ method: 'POST', url, headers: { cookie: c }, payload, remoteAddress: ip });
    const { secret } = (await post('/api/auth/totp/setup', {})).json() as { secret: string };
    expect((await post('/api/auth/totp/enable', { code: await code(secret) })).statusCode).toBe(200);
    setClock(clock + 60_000);
    const pending = cookieOf(await login('leader', 'demo12345', ip));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post('/api/auth/login/totp', { code: String(100000 + i) }, pending)));
    expect(answers.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(freeFailures);
    expect(answers.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(20 - freeFailures);
    setClock(Date.parse(START));
  });
});

describe('purge job', () => {
  it('purges old failures and expired sessions', async () => {
    await login('visitor', 'wrong-two', '203.0.113.50');
    const expiring = cookieOf(await login('visitor', 'demo12345', '198.51.100.24'));
    const count = async () => {
      const f = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM login_throttle');
      const s = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions');
      return { failures: f.rows[0]!.n, sessions: s.rows[0]!.n };
    };
    const before = await count();
    expect(before.failures).toBeGreaterThan(0);
    // nothing is purged while it still counts
    expect(await purgeAuthData(t.db, clock, DEFAULT_LOGIN_LIMITS)).toEqual({ sessions: 0, failures: 0 });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: expiring } })).statusCode).toBe(200);
    // two days on, every failure is past its window and every session past its 12 hours
    const later = Date.parse(START) + 48 * 3_600_000;
    const purged = await purgeAuthData(t.db, later, DEFAULT_LOGIN_LIMITS);
    expect(purged.failures).toBe(before.failures);
    expect(purged.sessions).toBe(before.sessions);
    expect(await count()).toEqual({ failures: 0, sessions: 0 });
    setClock(later);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: expiring } })).statusCode).toBe(401);
  });
});
