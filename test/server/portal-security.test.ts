import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox, logSink } from '../../src/server/jobs/outbox.ts';
import { QUERY_CODE_ALPHABET, QUERY_CODE_BITS, queryCodeMatches } from '../../src/server/public/query-code.ts';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

// Issue 10, portal: codes that cannot be guessed, guesses that are counted per address and per
// ticket, and no code or phone in what operators read.
const LOOKUPS_PER_MINUTE = 10;
const WRONG_CODES = 10;

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ server: { portalLimits: { lookupsPerMinute: LOOKUPS_PER_MINUTE, guesses: { attempts: WRONG_CODES, windowMs: 3_600_000 } } } });
});
afterAll(() => t.close());

let address = 0;
/** A fresh client address, so one test's lookups do not count against the next. */
const nextAddress = () => `198.51.100.${(address += 1)}`;

async function submit(from = nextAddress()): Promise<{ number: string; queryCode: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/public/tickets',
    remoteAddress: from,
    payload: { caller: { name: '李四', phone: '13900001111' }, type: 'complaint', content: '小区门口夜间施工噪音扰民，影响休息' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const track = (number: string, code: string, from: string) =>
  t.app.inject({ method: 'GET', url: `/api/public/tickets/${number}?code=${encodeURIComponent(code)}`, remoteAddress: from });

/** A well-formed code that is not this ticket's. */
function wrongCode(right: string, i: number): string {
  let code = '';
  for (let k = 0, n = i; k < 10; k += 1, n = Math.floor(n / 31)) code += QUERY_CODE_ALPHABET[n % 31];
  return code === right ? '2222222222' : code;
}

describe('query codes', () => {
  it('a new ticket gets 10 characters from an alphabet without 0/O/1/I/L: at least 40 bits', async () => {
    expect(QUERY_CODE_BITS).toBeGreaterThan(49);
    const { number, queryCode } = await submit();
    expect(queryCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
    // typed off the SMS: lower case, with a space and a hyphen
    const typed = `${queryCode.slice(0, 4).toLowerCase()} ${queryCode.slice(4, 7)}-${queryCode.slice(7)}`;
    const res = await track(number, typed, nextAddress());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().number).toBe(number);
  });

  it('tickets from before keep their 6-digit codes', async () => {
    const { number } = await submit();
    await t.db.query(`UPDATE tickets SET query_code = '048213' WHERE number = $1`, [number]);
    expect((await track(number, '048213', nextAddress())).statusCode).toBe(200);
    expect((await track(number, '048214', nextAddress())).statusCode).toBe(404);
  });

  it('a malformed code is refused with 422 in Chinese, before any guess is counted', async () => {
    const { number } = await submit();
    const res = await track(number, 'O0I1L-abc', nextAddress());
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/查询码/);
  });

  it('compares after normalising; a ticket without a code matches nothing', () => {
    expect(queryCodeMatches('AB3K7MQP9X', 'ab3k 7mqp-9x')).toBe(true);
    expect(queryCodeMatches('AB3K7MQP9X', 'AB3K7MQP9Y')).toBe(false);
    expect(queryCodeMatches('AB3K7MQP9X', 'AB3K7MQP9')).toBe(false);
    expect(queryCodeMatches(null, '')).toBe(false);
  });
});

describe('guessing', () => {
  it('10,000 wrong codes from one address: all but the first few get 429 with Retry-After and a Chinese message', async () => {
    const { number, queryCode } = await submit();
    const attacker = nextAddress();
    const counts = new Map<number, number>();
    let sample: { retryAfter: unknown; message: string } | null = null;
    const started = performance.now();
    for (let i = 0; i < 10_000; i += 1) {
      const res = await track(number, wrongCode(queryCode, i), attacker);
      counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 429 && !sample) sample = { retryAfter: res.headers['retry-after'], message: res.json().message };
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`10,000 guesses in ${seconds.toFixed(1)} s:`, Object.fromEntries(counts));
    expect(counts.get(200) ?? 0).toBe(0);
    expect(counts.get(404)).toBeLessThanOrEqual(Math.min(LOOKUPS_PER_MINUTE, WRONG_CODES));
    expect(counts.get(429)).toBeGreaterThanOrEqual(10_000 - Math.min(LOOKUPS_PER_MINUTE, WRONG_CODES));
    expect(Number(sample!.retryAfter)).toBeGreaterThan(0);
    expect(sample!.message).toMatch(/请.*后再试/);

    // the owner, from their own address: the number stays locked for the window, then the right code works
    const owner = nextAddress();
    const locked = await track(number, queryCode, owner);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(3000);
    t.setNow('2026-11-23T10:31:00+08:00');
    const after = await track(number, queryCode, owner);
    expect(after.statusCode, after.body).toBe(200);
  }, 120_000);

  it('many addresses against one number: the number is throttled, other numbers are not', async () => {
    const { number, queryCode } = await submit();
    const other = await submit();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await track(number, wrongCode(queryCode, i), nextAddress())).statusCode);
    expect(statuses.filter((s) => s === 404)).toHaveLength(WRONG_CODES);
    expect(statuses.slice(WRONG_CODES).every((s) => s === 429)).toBe(true);
    const refused = await track(number, queryCode, nextAddress());
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().message).toMatch(/查询码输错次数过多/);
    // rating is the same door: refused while the number is locked
    const rating = await t.app.inject({
      method: 'POST',
      url: `/api/public/tickets/${number}/rate`,
      remoteAddress: nextAddress(),
      payload: { code: queryCode, satisfaction: 'satisfied', resolution: 'resolved' },
    });
    expect(rating.statusCode).toBe(429);
    expect((await track(other.number, other.queryCode, nextAddress())).statusCode).toBe(200);
    t.setNow('2026-11-23T12:00:00+08:00');
    expect((await track(number, queryCode, nextAddress())).statusCode).toBe(200);
  });

  it('parallel guesses at one number: no more checked than the budget', async () => {
    const { number, queryCode } = await submit();
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => track(number, wrongCode(queryCode, i + 100), nextAddress())));
    expect(results.filter((r) => r.statusCode === 404)).toHaveLength(WRONG_CODES);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(60 - WRONG_CODES);
  });

  it('the owner following a ticket many times is never locked out by it', async () => {
    const { number, queryCode } = await submit();
    for (let i = 0; i < WRONG_CODES * 3; i += 1) {
      const res = await track(number, queryCode, nextAddress());
      expect(res.statusCode).toBe(200);
    }
    // two typos of their own still leave room
    await track(number, wrongCode(queryCode, 1), nextAddress());
    await track(number, wrongCode(queryCode, 2), nextAddress());
    expect((await track(number, queryCode, nextAddress())).statusCode).toBe(200);
  });

  it('a wrong number answers exactly like a wrong code', async () => {
    const { number, queryCode } = await submit();
    const from = nextAddress();
    const wrongNumber = await track(`${number.slice(0, -1)}${(Number(number.at(-1)) + 5) % 10}9`, queryCode, from);
    const wrongCodeRes = await track(number, wrongCode(queryCode, 7), from);
    expect(wrongNumber.statusCode).toBe(404);
    expect(wrongNumber.json()).toEqual(wrongCodeRes.json());
  });
});

describe('what operators read', () => {
  it("the caller's SMS carries the code; its log line and notices to units carry neither code nor phone", async () => {
    const { number, queryCode } = await submit();
    const { rows } = await t.db.query<{ body: string; recipient: string }>(
      `SELECT o.body, o.recipient FROM outbox o JOIN tickets tk ON tk.id = o.ticket_id WHERE tk.number = $1`,
      [number],
    );
    expect(rows).toHaveLength(1);
    expect(t.ctx.vault.open(rows[0]!.recipient)).toBe('13900001111');
    expect(rows[0]!.body).toContain(queryCode);

    // a supervisor's note that quotes a caller's phone reaches the unit masked
    const created = await t.as('agent').post('/api/tickets', newTicket());
    const id = created.json().id as string;
    const jiefangbei = await t.unitId('解放碑街道办事处');
    expect((await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] })).statusCode).toBe(200);
    expect((await t.as('supervisor').act(id, 'remind', { note: `来电人 ${CALLER.phone} 再次来电催促` })).statusCode).toBe(200);
    const notice = await t.db.query<{ body: string }>(`SELECT body FROM outbox WHERE ticket_id = $1 AND unit_id IS NOT NULL AND body LIKE '%催办%'`, [id]);
    expect(notice.rows[0]!.body).toContain('138****1234');
    expect(notice.rows[0]!.body).not.toContain(CALLER.phone);

    const lines: string[] = [];
    await drainOutbox(t.db, t.ctx.vault, logSink((l) => lines.push(l)), 1000);
    const text = lines.join('\n');
    expect(text).toContain(number);
    expect(text).toContain('139****1111');
    expect(text).not.toContain(queryCode);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});
