import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorableText } from '../../src/server/http/input-guard.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * Bad input never gets a 5xx: requests generated from the app's own OpenAPI document, every path ×
 * method, with valid-looking and malformed parameters and bodies (wrong types, huge numbers, NUL
 * bytes, lone surrogates, impossible dates, extra fields, empty objects), sent as each role and
 * unauthenticated. FUZZ_RUNS sets the number of requests (≥ 2,000 by default); FUZZ_SEED the seed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 12345);

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
};
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}
interface GeneratedRequest {
  user: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const USERS = [null, 'admin', 'dispatcher', 'agent', 'handler1', 'handler2', 'visitor', 'supervisor', 'kbeditor', 'leader'];

const JUNK_TEXT = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '😀'.slice(0, 1),
  '2026-13-45',
  '2026-02-30',
  '2200-01-01',
  '1900-01-01',
  '0000-00-00',
  '2026-11-30T25:61:00+08:00',
  '275760-09-14',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '𠮷'.repeat(3),
  'x'.repeat(3000),
  "'; DROP TABLE tickets;--",
  '../../etc/passwd',
  '-1',
  '1e309',
  'NaN',
  'true',
  '<script>alert(1)</script>',
];
const JUNK_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, {}, [], [null], { 'a\u0000': 1 }, { '\ud800': 'x' }, ...JUNK_TEXT];
/** The values that once gave 500s come up most often; the rest keep the fuzz wide. */
const CRITICAL = ['a\u0000b', '\ud800', 'x\udfffy', '2026-13-45', '2200-01-01', 'not-a-uuid', 2 ** 53 + 2];
const junk = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...CRITICAL) }, { weight: 1, arbitrary: fc.constantFrom(...JUNK_VALUES) });

function day(from: number, to: number) {
  return fc.integer({ min: from, max: to }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
}

/** Values for one JSON schema; each node is junk with probability `junkRate`. */
function fromSchema(schema: Schema, pools: Pools, junkRate: number, depth = 0, name = ''): fc.Arbitrary<unknown> {
  const good = validFor(schema, pools, junkRate, depth, name);
  if (junkRate === 0) return good;
  const j = Math.round(junkRate * 100);
  return fc.oneof({ weight: 100 - j, arbitrary: good }, { weight: j, arbitrary: junk });
}

function validFor(schema: Schema, pools: Pools, junkRate: number, depth: number, name: string): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, pools, junkRate, depth, name)));
  if (schema.allOf?.[0]) return fromSchema(schema.allOf[0], pools, junkRate, depth, name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return pools.idsFor(name);
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return day(19_000, 21_000);
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter((s) => s.length <= (schema.maxLength ?? 100));
        } catch {
          return fc.string({ maxLength: 20 });
        }
      }
      if (schema.maxLength === 40) return fc.oneof(day(20_000, 21_000), fc.constant('2026-12-31T17:30:00+08:00'));
      const min = Math.max(schema.minLength ?? 0, 0);
      return fc.string({ minLength: Math.min(min, 5), maxLength: Math.max(Math.min(schema.maxLength ?? 30, 30), Math.min(min, 5)), unit: fc.constantFrom('路', '灯', '不', '亮', 'a', '1', ' ', '😀', '区') });
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e9), max: Math.min(schema.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (depth > 4) return fc.constant([]);
      return fc.array(fromSchema(schema.items ?? {}, pools, junkRate, depth + 1, name), { minLength: Math.min(1, schema.maxItems ?? 1), maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (depth > 4 || !schema.properties) return fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
      const props = Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, fromSchema(s, pools, junkRate, depth + 1, k)]));
      const record = fc.record(props, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
      if (junkRate === 0) return record;
      // Extra fields and empty objects.
      return fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: record.map((r) => ({ ...(r as object), extra: 'x' })) }, { weight: 1, arbitrary: fc.constant({}) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every place in a schema a value can go, with its schema: ['units', 0, 'unitId'], ['due'] … (the root is []). */
function schemaPaths(schema: Schema, prefix: Array<string | number> = [], depth = 0): Array<[Array<string | number>, Schema]> {
  const out: Array<[Array<string | number>, Schema]> = [[prefix, schema]];
  if (depth > 4) return out;
  const alt = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alt) return [...out, ...schemaPaths(alt, prefix, depth + 1).slice(1)];
  if (schema.properties) for (const [k, s] of Object.entries(schema.properties)) out.push(...schemaPaths(s, [...prefix, k], depth + 1));
  if (schema.items) out.push(...schemaPaths(schema.items, [...prefix, 0], depth + 1));
  return out;
}

/** Bad values aimed at what a place holds (impossible dates where a date goes, NUL where text goes …), or any junk. */
function junkFor(schema: Schema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  let aimed: unknown[] = [];
  if (schema.pattern?.includes('\\d{4}-') || (type === 'string' && schema.maxLength === 40)) aimed = ['2026-13-45', '2026-02-30', '2200-01-01', '0000-01-01', '2026-11-30T25:61:00+08:00', '2026-12-01T10:00:00+99:99'];
  else if (schema.format === 'uuid') aimed = ['not-a-uuid', 'a\u0000b', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
  else if (type === 'string') aimed = ['a\u0000b', '\ud800', 'x\udfffy', '😀'.slice(0, 1) + '路', '', 'x'.repeat(3000)];
  else if (type === 'integer' || type === 'number') aimed = [2 ** 53 + 2, 1e308, -1, 0, 1.5, '1', null];
  return aimed.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...aimed) }, { weight: 1, arbitrary: junk }) : junk;
}

/** A copy of value with the place at path set to replacement, creating what is missing on the way. */
function setAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const container = (Array.isArray(value) ? [...value] : value && typeof value === 'object' ? { ...(value as object) } : typeof head === 'number' ? [] : {}) as Record<string | number, unknown>;
  container[head!] = setAt(container[head!], rest, replacement);
  return container;
}

/** A query or path value as a client would put it in the URL (lone surrogates as their raw UTF-8 bytes). */
function urlEncode(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return isStorableText(text.split('\u0000').join('')) ? encodeURIComponent(text) : '%ED%A0%80' + encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''));
}

type Mode = 'valid' | 'one-bad-value' | 'chaos';

/**
 * Three kinds of request per operation: all valid-looking (reaches the handlers and the database),
 * valid but for one bad value anywhere (one path or query parameter, or one place of the body, present or
 * not), and junk everywhere.
 */
function requestFor(op: Operation, pools: Pools, users: fc.Arbitrary<string | null> = fc.constantFrom(...USERS), modes: Mode[] = ['valid', 'one-bad-value', 'one-bad-value', 'chaos']): fc.Arbitrary<GeneratedRequest> {
  const mode = fc.constantFrom(...modes);
  return mode.chain((m) => {
    const rate = m === 'chaos' ? 0.2 : 0;
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const query = op.parameters.filter((p) => p.in === 'query');
    const pathArbs = Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p, op, pools, m === 'chaos')]));
    const queryArbs = Object.fromEntries(query.map((p) => [p.name, fromSchema(p.schema, pools, rate, 0, p.name).map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v))]));
    const requiredQuery = query.filter((p) => p.required).map((p) => p.name);
    const bodyArb: fc.Arbitrary<unknown> = op.body ? fromSchema(op.body, pools, rate) : fc.constantFrom(undefined, undefined, {}, { x: 'a\u0000' });
    // Where the one bad value goes: a path parameter, a query parameter or a place in the body.
    const places: Array<['path' | 'query' | 'body', Array<string | number>, Schema]> = [
      ...pathParams.map((p) => ['path', [p.name], p.schema] as ['path', string[], Schema]),
      ...query.map((p) => ['query', [p.name], p.schema] as ['query', string[], Schema]),
      ...(op.body ? schemaPaths(op.body).map(([path, schema]) => ['body', path, schema] as ['body', Array<string | number>, Schema]) : []),
    ];
    const placeAndBad = places.length ? fc.nat(places.length - 1).chain((i) => junkFor(places[i]![2]).map((bad) => ({ i, bad }))) : fc.constant({ i: -1, bad: null as unknown });
    return fc.record({
      user: users,
      path: fc.record(pathArbs),
      query: fc.record(queryArbs, { requiredKeys: m === 'chaos' ? [] : requiredQuery }),
      body: bodyArb,
      spoil: placeAndBad,
      badPath: fc.constantFrom('not-a-uuid', 'a%00b', '%00', '%ED%A0%80', '-1', '99999999999999999999'),
    }).map(({ user, path, query: q, body, spoil: { i: place, bad }, badPath }) => {
      if (m === 'one-bad-value' && place >= 0) {
        const [where, at] = places[place]!;
        if (where === 'path') path = { ...path, [at[0]!]: badPath };
        else if (where === 'query') q = { ...q, [at[0]!]: bad };
        else body = setAt(body, at, bad);
      }
      const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => String(path[name]));
      const qs = Object.entries(q).map(([k, v]) => `${k}=${urlEncode(v)}`).join('&');
      const req: GeneratedRequest = { user, method: op.method, url: qs ? `${url}?${qs}` : url, headers: {} };
      if (body !== undefined && op.method !== 'GET' && op.method !== 'DELETE') {
        req.headers['content-type'] = 'application/json';
        req.payload = JSON.stringify(body);
      }
      return req;
    });
  });
}

function pathValue(p: Parameter, op: Operation, pools: Pools, chaos: boolean): fc.Arbitrary<string> {
  const raw = ['not-a-uuid', 'a%00b', '%00', '%ED%A0%80', '%F0%9F', '1', '-1', '99999999999999999999', 'x'.repeat(300), '00000000-0000-0000-0000-000000000000', '%2e%2e'];
  const bad = fc.constantFrom(...raw);
  let good: fc.Arbitrary<string>;
  if (p.name === 'id') good = pools.idsFor(op.path);
  else if (p.name === 'number') good = pools.numbers;
  else if (p.name === 'year') good = fc.constantFrom('2026', '2027', '2004', '2099', '2100', '1999');
  else if (p.name === 'phone') good = fc.constantFrom('13812341234', '13900000000');
  else if (p.name === 'version') good = fc.constantFrom('1', '2', '0', '999');
  else if (p.name === 'word') good = fc.constantFrom(encodeURIComponent('路灯'), encodeURIComponent('扰民'), 'abc');
  else good = fc.string({ minLength: 1, maxLength: 5 }).map(encodeURIComponent);
  return chaos ? fc.oneof({ weight: 1, arbitrary: good }, { weight: 2, arbitrary: bad }) : good;
}

interface Pools {
  /** Known ids of the kind a field or a path names (ticket ids for /api/tickets/{id}, unit ids for unitId …), now and then a random one. */
  idsFor(nameOrPath: string): fc.Arbitrary<string>;
  numbers: fc.Arbitrary<string>;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

function uploadRequests(): fc.Arbitrary<GeneratedRequest> {
  return fc.record({
    user: fc.constantFrom(...USERS),
    type: fc.constantFrom('image/png', 'application/pdf', 'text/plain', 'image/png; charset=x', 'application/json', ''),
    body: fc.constantFrom(PNG, Buffer.from('%PDF-1.4 junk'), Buffer.from('{"a":"\\u0000"}'), Buffer.alloc(0)),
    filename: fc.constantFrom('a.png', '%00.png', 'a%00b.png', '%E0%A4%A', '%ED%A0%80.png', encodeURIComponent('现场.png'), encodeURIComponent('😀'.repeat(150)), ''),
  }).map(({ user, type, body, filename }) => ({
    user,
    method: 'POST',
    url: '/api/attachments',
    headers: { ...(type ? { 'content-type': type } : {}), ...(filename ? { 'x-filename': filename } : {}) },
    payload: body,
  }));
}

let t: TestApp;
let ops: Operation[];
let pools: Pools;
const cookies = new Map<string, string>();

beforeAll(async () => {
  t = await buildTestApp();
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>> };
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, o]) => ({
      method: method.toUpperCase(),
      path,
      parameters: o.parameters ?? [],
      ...(o.requestBody?.content['application/json'] ? { body: o.requestBody.content['application/json'].schema } : {}),
    })),
  );
  for (const u of USERS) if (u) cookies.set(u, await t.login(u));

  // Tickets in several states, so that valid-looking requests reach deep into the actions.
  const agent = t.as('agent');
  const street = await t.unitId('解放碑街道办事处');
  const tickets: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < 4; i += 1) tickets.push((await agent.post('/api/tickets', newTicket({ type: i % 2 ? 'complaint' : 'help' }))).json());
  for (const tk of tickets.slice(1)) await t.as('dispatcher').act(tk.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
  for (const tk of tickets.slice(2)) await t.as('handler1').act(tk.id, 'sign');
  await t.as('handler1').act(tickets[3]!.id, 'reply', { process: '已处理', result: '已修复', contacted: true });
  await t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie: cookies.get('agent')!, 'content-type': 'image/png' }, payload: PNG });
  const ids = async (sql: string) => (await t.db.query<{ id: string }>(sql)).rows.map((r) => r.id);
  const byKind: Record<string, string[]> = {
    ticket: await ids('SELECT id::text AS id FROM tickets'),
    unit: await ids('SELECT id::text AS id FROM units'),
    assignment: await ids('SELECT id::text AS id FROM assignments'),
    kb: await ids('SELECT id::text AS id FROM kb_entries'),
    user: await ids('SELECT id::text AS id FROM users'),
    rule: await ids('SELECT id::text AS id FROM routing_rules'),
    synonym: await ids('SELECT id::text AS id FROM kb_synonyms'),
    attachment: await ids('SELECT id::text AS id FROM attachments'),
  };
  const all = Object.values(byKind).flat();
  const kindOf = (name: string) =>
    /^\/api\/tickets|^(original|target|ticket)Id$/i.test(name) ? 'ticket'
    : /unitid$/i.test(name) ? 'unit'
    : /assignmentId/.test(name) ? 'assignment'
    : /\/kb\/entries|\/public\/kb|kbEntryId|entryId/.test(name) ? 'kb'
    : /routing-rules/.test(name) ? 'rule'
    : /synonyms/.test(name) ? 'synonym'
    : /attachments|photos/.test(name) ? 'attachment'
    : /userId/.test(name) ? 'user'
    : '';
  pools = {
    idsFor: (name) => {
      const known = byKind[kindOf(name)]?.length ? byKind[kindOf(name)]! : all;
      return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid() });
    },
    numbers: fc.constantFrom(...tickets.map((tk) => tk.number), '2026112300001', '0'),
  };
}, 120_000);

afterAll(() => t?.close());

async function send(req: GeneratedRequest): Promise<number> {
  const headers = { ...req.headers };
  if (req.user) headers.cookie = req.method === 'POST' && req.url.startsWith('/api/auth/logout') ? await freshSession(req.user) : cookies.get(req.user)!;
  if (req.url.startsWith('/api/stream') && req.user) return streamStatus(req.url, headers);
  const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
  return res.statusCode;
}

/** Logging out ends the session: a throwaway one keeps the shared sessions alive. */
async function freshSession(user: string): Promise<string> {
  try {
    return await t.login(user);
  } catch {
    return '';
  }
}

/** The live stream never ends; only its status is read, over a real socket. */
async function streamStatus(url: string, headers: Record<string, string>): Promise<number> {
  const address = await streamServer();
  const abort = new AbortController();
  try {
    const res = await fetch(`${address}${url}`, { headers, signal: abort.signal });
    return res.status;
  } finally {
    abort.abort();
  }
}
let listening: Promise<string> | undefined;
const streamServer = () => (listening ??= t.app.listen({ port: 0, host: '127.0.0.1' }));

/**
 * Mostly the roles that get past the role check of an operation (found by sending each role one
 * valid-looking request), so that bad values reach the handlers; sometimes anyone, and anonymous.
 */
async function usersReaching(op: Operation, i: number): Promise<fc.Arbitrary<string | null>> {
  const reaching: string[] = [];
  for (const [j, user] of USERS.entries()) {
    if (!user || (op.method === 'POST' && op.path === '/api/auth/logout')) continue;
    const [probe] = fc.sample(requestFor(op, pools, fc.constant(user), ['valid']), { seed: SEED + i * 100 + j, numRuns: 1 });
    if (![401, 403].includes(await send(probe!))) reaching.push(user);
  }
  return reaching.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...reaching) }, { weight: 1, arbitrary: fc.constantFrom(...USERS) }) : fc.constantFrom(...USERS);
}

const show = (r: GeneratedRequest) => {
  const payload = Buffer.isBuffer(r.payload) ? `<${r.payload.length} bytes>` : r.payload;
  return `${r.user ?? '(anonymous)'} ${r.method} ${r.url} ${JSON.stringify(r.headers)} ${payload ?? ''}`;
};

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`answers ${RUNS} generated requests without a single 5xx`, async () => {
    expect(ops.length).toBeGreaterThan(60);
    const perOp = Math.ceil(RUNS / ops.length);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [i, op] of ops.entries()) {
      const arb = op.method === 'POST' && op.path === '/api/attachments' ? uploadRequests() : requestFor(op, pools, await usersReaching(op, i));
      for (const req of fc.sample(arb, { seed: SEED + i, numRuns: perOp })) {
        let status: number;
        try {
          status = await send(req);
        } catch (error) {
          status = 599;
          failures.push(`${show(req)} → threw ${(error as Error).message}`);
        }
        sent += 1;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 && status !== 599) failures.push(`${status} ← ${show(req)}`.slice(0, 2000));
      }
    }
    console.log(`fuzz: ${sent} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect(failures, failures.slice(0, 50).join('\n')).toEqual([]);
  }, 600_000);
});
