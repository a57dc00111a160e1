import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentsFor, erlangC, erlangFigures } from '../../src/core/staffing/erlang-c.ts';
import { runCli } from '../cli/run.ts';

/**
 * Erlang C checked against an implementation written another way: the textbook closed form
 *   C(N, A) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))
 * with the terms built one by one (no recursion through Erlang B).
 */
function textbookC(n: number, a: number): number {
  let term = 1; // A^0/0!
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = (term * n) / (n - a); // term is now A^N/N!
  return top / (sum + top);
}

function textbookSl(n: number, a: number, aht: number, t: number): number {
  return 1 - textbookC(n, a) * Math.exp((-(n - a) * t) / aht);
}

const dir = mkdtempSync(join(tmpdir(), 'o12345-erlang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Erlang C (issue 14 item 5; 凉山 第十条 接通率 staffing)', () => {
  it('300 calls/hour, 180 s AHT, 80 % in 20 s: 15 Erlangs, 19 agents — 18 fall short by the independent formula', () => {
    const a = (300 / 3600) * 180;
    expect(a).toBe(15);
    // the independent figures: which agent count first reaches 80 %
    const first = [16, 17, 18, 19, 20, 21].find((n) => textbookSl(n, a, 180, 20) >= 0.8);
    expect(first).toBe(19);
    const got = agentsFor({ callsPerHour: 300, ahtSeconds: 180, answerWithinSeconds: 20, target: 0.8 });
    expect(got.agents).toBe(first);
    expect(got.serviceLevel).toBeCloseTo(textbookSl(19, a, 180, 20), 10);
    expect(textbookSl(18, a, 180, 20)).toBeLessThan(0.8);
    expect(got.serviceLevel).toBeGreaterThan(0.84);
    expect(got.serviceLevel).toBeLessThan(0.85);
    // ASA = C·AHT/(N−A); occupancy = A/N
    expect(got.asaSeconds).toBeCloseTo((textbookC(19, a) * 180) / 4, 10);
    expect(got.occupancy).toBeCloseTo(15 / 19, 12);
  });

  it('matches the closed form over a grid of agents and traffic', () => {
    for (const a of [0.5, 2, 7.3, 15, 42.5, 80]) {
      for (let n = Math.floor(a) + 1; n < a + 25; n++) expect(erlangC(n, a)).toBeCloseTo(textbookC(n, a), 10);
    }
  });

  it('stays finite for a large center (1,000 Erlangs), where A^N/N! overflows', () => {
    const f = agentsFor({ callsPerHour: 20_000, ahtSeconds: 180, answerWithinSeconds: 15, target: 0.8 });
    expect(f.agents).toBeGreaterThan(1000);
    expect(f.agents).toBeLessThan(1100);
    expect(erlangFigures(f.agents - 1, { callsPerHour: 20_000, ahtSeconds: 180, answerWithinSeconds: 15 }).serviceLevel).toBeLessThan(0.8);
  });

  it('CLI: open12345 staffing erlang prints {agents, serviceLevel, asaSeconds, occupancy}; a bad target is refused', async () => {
    const out = await runCli(['staffing', 'erlang', '--calls', '300', '--aht', '180', '--answer-within', '20', '--target', '0.8'], dir);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json).sort()).toEqual(['agents', 'asaSeconds', 'occupancy', 'serviceLevel']);
    expect(json.agents).toBe(19);
    const bad = await runCli(['staffing', 'erlang', '--calls', '300', '--aht', '180', '--answer-within', '20', '--target', '80'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--target');
  });
});
