import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run.ts';
import { pgliteDb } from '../../src/server/db/connection.ts';
import { buildTestApp, newTicket } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'o12345-analytics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(args, dir);

describe('open12345 analytics scorecard', () => {
  it('prints the same figures as the API, in the documented shape', async () => {
    // a short history in the data folder the command reads: one ticket replied in time and rated 满意,
    // one replied without reaching the caller and rated 不满意
    const db = await pgliteDb(join(dir, 'pg'));
    const t = await buildTestApp({ database: { db, drop: () => db.close() }, now: '2026-11-23T09:30:00+08:00' });
    const street = await t.unitId('解放碑街道办事处');
    for (const [contacted, satisfaction] of [[true, 'satisfied'], [false, 'dissatisfied']] as const) {
      const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
      for (const [user, action, body] of [
        ['dispatcher', 'dispatch', { units: [{ unitId: street, role: 'lead' }] }],
        ['handler1', 'sign', {}],
        ['handler1', 'reply', { process: '处理', result: '已处理', contacted }],
        ['dispatcher', 'approve-completion', {}],
        ['visitor', 'visit', { satisfaction, resolution: satisfaction === 'satisfied' ? 'resolved' : 'unresolved', ...(satisfaction === 'dissatisfied' ? { fault: 'objective' } : {}) }],
      ] as const) {
        const res = await t.as(user).act(id, action, body);
        expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      }
    }
    const api = (await t.as('leader').get('/api/analytics/scorecard?from=2026-11-01&to=2026-11-30')).json();
    await t.close();

    const run = await cli(['analytics', 'scorecard', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['from', 'to', 'by', 'units']);
    expect(out).toMatchObject({ from: '2026-11-01', to: '2026-11-30', by: 'dispatched' });
    const row = out.units.find((u: { unit: { id: string } }) => u.unit.id === street);
    expect(Object.keys(row)).toEqual(['unit', 'received', 'onTimeRate', 'overdue', 'responseRate', 'resolutionRate', 'satisfactionRate', 'returnRate', 'extensionRate', 'redoRate', 'score', 'rank']);
    expect(row).toMatchObject({ received: 2, onTimeRate: 1, overdue: 0, responseRate: 0.5, resolutionRate: 0.5, satisfactionRate: 0.5, returnRate: 0, rank: 1 });
    const fromApi = api.units.find((u: { unit: { id: string } }) => u.unit.id === street);
    for (const k of Object.keys(row).filter((k) => k !== 'unit')) expect(row[k], k).toEqual(fromApi[k]);
    // a unit that received nothing has no rates and no rank
    expect(out.units.find((u: { received: number }) => u.received === 0)).toMatchObject({ onTimeRate: null, score: null, rank: null });

    const one = JSON.parse((await cli(['analytics', 'scorecard', '--from', '2026-11-01', '--to', '2026-11-30', '--unit', street, '--by', 'closed'])).stdout);
    expect(one.units).toHaveLength(1);
    expect(one.by).toBe('closed');
  });

  it('says what is wrong with its options, in Chinese', async () => {
    const reversed = await cli(['analytics', 'scorecard', '--from', '2026-12-01', '--to', '2026-11-01']);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('早于');
    expect((await cli(['analytics', 'scorecard', '--from', '2026-11-01', '--to', '2026-11-31'])).stderr).toContain('不存在的日期');
    expect((await cli(['analytics', 'scorecard', '--from', '2026-11-01', '--to', '2026-11-30', '--by', 'month'])).stderr).toContain('--by');
    expect((await cli(['analytics', 'scorecard', '--from', '2026-11-01', '--to', '2026-11-30', '--unit', 'nope'])).stderr).toContain('没有这个单位');
  });
});
