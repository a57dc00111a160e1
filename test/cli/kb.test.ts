import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteDb } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const dir = mkdtempSync(join(tmpdir(), 'o12345-kb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** An embedded database with the demo city, as `open12345 serve` leaves it. */
async function dataDir(name: string): Promise<string> {
  const d = join(dir, name);
  const db = await pgliteDb(join(d, 'pg'));
  await migrate(db);
  await seedDemo(db);
  await db.close();
  return d;
}

const LINES = [
  {
    id: 'gjj-001',
    title: '住房公积金提取',
    questions: ['公积金怎么取', '离职后能提取公积金吗'],
    answer: '离职满半年可提取。\n\n**材料**：身份证、银行卡。',
    category: '住房保障',
    ownerUnit: '渝中区城市管理局',
    basis: { text: '《住房公积金管理条例》第二十四条', url: 'https://www.gov.cn/' },
    effectiveFrom: '2026-01-01',
    expiresOn: '2027-12-31',
    visibility: 'public',
    state: 'published',
  },
  { id: 'ld-002', title: '路灯报修', questions: [], answer: '拨打12345', category: null, ownerUnit: '12345政务服务便民热线中心', basis: null, effectiveFrom: null, expiresOn: null, visibility: 'internal', state: 'draft' },
];

describe('open12345 kb import / export', () => {
  it('round-trips every documented field', async () => {
    const a = await dataDir('a');
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${LINES.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const imported = await cli(['kb', 'import', file], { DATA_DIR: a });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ created: 2, updated: 0 });

    const out = join(dir, 'out.jsonl');
    expect((await cli(['kb', 'export', out], { DATA_DIR: a })).code).toBe(0);
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(exported).toEqual(LINES);

    // into another database and out again: the same lines; importing again updates in place
    const b = await dataDir('b');
    expect((await cli(['kb', 'import', out], { DATA_DIR: b })).code).toBe(0);
    const again = await cli(['kb', 'export'], { DATA_DIR: b });
    expect(again.stdout).toBe(readFileSync(out, 'utf8'));
    const re = await cli(['kb', 'import', out], { DATA_DIR: b });
    expect(JSON.parse(re.stdout)).toEqual({ created: 0, updated: 2 });
  }, 240_000);

  it('refuses a bad line with its number, writing nothing', async () => {
    const c = await dataDir('c');
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(LINES[1])}\n${JSON.stringify({ title: '无答案' })}\n`);
    const r = await cli(['kb', 'import', file], { DATA_DIR: c });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/第 2 行/);
    expect((await cli(['kb', 'export'], { DATA_DIR: c })).stdout).toBe('');
  }, 60_000);
});

describe('open12345 kb eval', () => {
  it('prints one JSON object with the ranking figures', async () => {
    const corpus = join(dir, 'corpus.jsonl');
    const queries = join(dir, 'queries.jsonl');
    writeFileSync(
      corpus,
      [
        { id: 'a', title: '住房公积金提取', answer: '离职满半年可以提取公积金' },
        { id: 'b', title: '路灯报修', answer: '路灯不亮请拨打12345' },
        { id: 'c', title: '社保卡补办', answer: '社保卡丢失可到银行网点补办' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    writeFileSync(queries, [{ query: '公积金怎么取出来', expected: 'a' }, { query: '小区门口路灯坏了', expected: 'b' }, { query: '社会保障卡丢了怎么办', expected: 'c' }].map((l) => JSON.stringify(l)).join('\n'));
    const r = await cli(['kb', 'eval', '--corpus', corpus, '--queries', queries]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['mrr10', 'n', 'p50Ms', 'p95Ms', 'recall1', 'recall10']);
    expect(out).toMatchObject({ n: 3, mrr10: 1, recall1: 1, recall10: 1 });
    expect(out.p95Ms).toBeGreaterThanOrEqual(out.p50Ms);
  }, 60_000);
});
