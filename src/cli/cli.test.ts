import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('open12345 deadline', () => {
  it('prints one JSON object with the due time at +08:00 and its basis', async () => {
    const r = await cli(['deadline', '--policy', 'liangshan-2023', '--clock', 'handle', '--type', 'complaint', '--from', '2025-09-26T10:00:00+08:00']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      policy: 'liangshan-2023',
      clock: 'handle',
      type: 'complaint',
      urgency: null,
      from: '2025-09-26T10:00:00+08:00',
      due: '2025-10-16T23:59:59+08:00',
      provisional: false,
    });
    expect(out.basis).toContain('第十二条（二）');
  });

  it('gives the same answer whatever the process time zone', async () => {
    const args = ['deadline', '--policy', 'shaoyang-2023', '--clock', 'sign', '--from', '2026-09-18T23:30:00+08:00'];
    const outs = await Promise.all(
      ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((TZ) => cli(args, { TZ })),
    );
    for (const o of outs) expect(JSON.parse(o.stdout).due).toBe('2026-09-20T23:59:59+08:00');
  });

  it('marks answers in a year without an official calendar as provisional', async () => {
    const r = await cli(['deadline', '--policy', 'dazu-2021', '--clock', 'transfer', '--from', '2026-12-31T10:00', '--complex']);
    // --complex on a clock without a complex variant is refused, not ignored
    expect(r.code).not.toBe(0);
    const ok = await cli(['deadline', '--policy', 'dazu-2021', '--clock', 'transfer', '--from', '2026-12-31T10:00']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ due: '2027-01-04T23:59:59+08:00', provisional: true });
  });

  it.each([
    [['--policy', 'beijing-2099', '--clock', 'handle', '--type', 'help'], /没有名为“beijing-2099”/],
    [['--policy', 'chongqing-2021', '--clock', 'sign'], /未规定签收（sign）时限/],
    [['--policy', 'chongqing-2021', '--clock', 'handle', '--type', 'gossip'], /未知的诉求类型/],
    [['--policy', 'chongqing-2021', '--clock', 'nap'], /未知的时限/],
    [['--policy', 'chongqing-2021', '--clock', 'handle', '--type', 'help', '--from', '2026-02-30'], /不存在的日期/],
  ])('refuses %j with a clear message', async (args, message) => {
    const hasFrom = args.includes('--from');
    const r = await cli(['deadline', ...args, ...(hasFrom ? [] : ['--from', '2026-11-23T10:00'])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('uses an official calendar file as soon as it is published', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o12345-'));
    const file = join(dir, '2027.json');
    writeFileSync(file, JSON.stringify({ official: [2027], days: [{ date: '2027-01-01', work: false, name: '元旦' }, { date: '2027-01-02', work: true, name: '元旦调休上班' }] }));
    const r = await cli(['deadline', '--policy', 'dazu-2021', '--clock', 'transfer', '--from', '2026-12-31T10:00', '--calendar', file]);
    expect(JSON.parse(r.stdout)).toMatchObject({ due: '2027-01-02T23:59:59+08:00', provisional: false });
  });
});

describe('open12345 calendar and policy', () => {
  it('lists a year and says whether it is official', async () => {
    const r2026 = await cli(['calendar', '--year', '2026', '--json']);
    const y = JSON.parse(r2026.stdout);
    expect(y.status).toBe('official');
    expect(y.makeupWorkdays.map((d: { date: string }) => d.date)).toEqual(
      expect.arrayContaining(['2026-02-14', '2026-10-10', '2026-09-20']),
    );
    const r2027 = await cli(['calendar', '--year', '2027']);
    expect(r2027.stdout).toMatch(/2027年 暂定/);
    expect(r2027.stdout).toMatch(/2027-02-06 周六 {2}春节/);
  });

  it('validates a custom policy file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o12345-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify({ extends: 'liangshan-2023', id: 'xichang', clocks: { sign: { amount: 2 } } }));
    writeFileSync(bad, JSON.stringify({ extends: 'liangshan-2023', clocks: { sign: { unit: 'fortnights' } } }));
    const ok = await cli(['policy', 'validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/校验通过/);
    const ko = await cli(['policy', 'validate', bad]);
    expect(ko.code).toBe(2);
    expect(ko.stderr).toMatch(/clocks\.sign\.unit/);
    const custom = await cli(['deadline', '--policy-file', good, '--clock', 'sign', '--from', '2026-05-08T10:00']);
    expect(JSON.parse(custom.stdout)).toMatchObject({ policy: 'xichang', due: '2026-05-11T23:59:59+08:00' });
  });
});
