import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteDb } from '../../src/server/db/connection.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const dir = mkdtempSync(join(tmpdir(), 'o12345-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Synthetic requests written for this test: two topics, titles only, bodies only, or both.
const TOPICS: Record<string, string[]> = {
  环境保护: ['噪声', '油烟', '污水', '粉尘', '异味', '排污'],
  交通运输: ['公交车', '出租车', '站台', '地铁', '班次', '司机'],
};

function lines(offset: number, count: number): string {
  const out: string[] = [];
  for (const [label, words] of Object.entries(TOPICS)) {
    for (let i = offset; i < offset + count; i += 1) {
      const a = words[i % words.length]!;
      const b = words[(i + 2) % words.length]!;
      const kind = i % 3;
      const line = kind === 0 ? { label, title: `关于${a}的问题` } : kind === 1 ? { label, body: `我家附近${a}和${b}的情况很严重，请处理` } : { label, title: `${a}问题`, body: `最近${b}越来越严重` };
      out.push(JSON.stringify(line));
    }
  }
  return `${out.join('\n')}\n`;
}

describe('open12345 classify', () => {
  const train = join(dir, 'train.jsonl');
  const test = join(dir, 'test.jsonl');
  writeFileSync(train, lines(0, 15));
  writeFileSync(test, lines(40, 6));

  it('eval trains on one file, measures on the other and prints one JSON object', async () => {
    const r = await cli(['classify', 'eval', '--train', train, '--test', test]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['accuracy', 'macroF1', 'msPerPrediction', 'perClass', 'trainSeconds']);
    expect(out.macroF1).toBe(1);
    expect(out.accuracy).toBe(1);
    expect(out.perClass.环境保护).toEqual({ precision: 1, recall: 1, f1: 1, support: 6 });
    expect(out.trainSeconds).toBeGreaterThan(0);
    expect(out.msPerPrediction).toBeGreaterThan(0);
  });

  it('says which line is bad, in Chinese', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ label: '环境保护', title: '噪声' })}\n${JSON.stringify({ title: '没有标签' })}\n`);
    const r = await cli(['classify', 'eval', '--train', bad, '--test', test]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 2 行');
    const one = join(dir, 'one-label.jsonl');
    writeFileSync(one, `${JSON.stringify({ label: '环境保护', title: '噪声' })}\n`);
    expect((await cli(['classify', 'eval', '--train', one, '--test', test])).stderr).toContain('至少需要两个类别');
  });

  it('train --file stores an active model in the embedded database', async () => {
    const data = join(dir, 'data');
    const r = await cli(['classify', 'train', '--file', train], { DATA_DIR: data });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ source: 'file', trainedOn: 30, labels: ['交通运输', '环境保护'] });
    const db = await pgliteDb(join(data, 'pg'));
    try {
      const { rows } = await db.query<{ id: string; trained_on: number; active: boolean }>('SELECT id, trained_on, active FROM classifier_models');
      expect(rows).toEqual([{ id: out.id, trained_on: 30, active: true }]);
    } finally {
      await db.close();
    }
    // no closed tickets in a fresh database: nothing to learn from
    const empty = await cli(['classify', 'train'], { DATA_DIR: data });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('训练样本太少');
  }, 120_000); // a CLI process that creates and migrates an embedded database: ~10 s alone, 30 s+ on a busy machine
});
