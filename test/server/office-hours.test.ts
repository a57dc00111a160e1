import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendarFiles } from '../../src/cli/files.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 办公时段 on the server (issue 13): working-hour clocks — 凉山 第十二条（一）: 派单 within 3 working
 * hours — run in the office hours an administrator sets, from the next ticket on.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ policy: 'liangshan-2023', now: '2026-11-23T11:00:00+08:00' });
});
afterAll(() => t.close());

const dispatchDue = async () => {
  const c = (await t.as('agent').post('/api/tickets', newTicket())).json();
  return c.clocks.find((k: { name: string }) => k.name === 'dispatch').dueAt as string;
};
const HOURS = { schedules: [{ name: '冬季', from: '11-01', to: '02-28', windows: ['09:00-12:00', '13:00-17:00'] }, { name: '默认', windows: ['08:30-12:00', '14:00-17:30'] }] };

describe('办公时段', () => {
  it('runs on the built-in hours until an administrator sets others', async () => {
    expect((await t.as('agent').get('/api/office-hours')).json()).toMatchObject({ source: 'default' });
    // 11:00 → 12:00 is one hour, 14:00 → 16:00 the other two
    expect(await dispatchDue()).toBe('2026-11-23T16:00:00+08:00');
  });

  it('refuses bad hours with the reason, and non-administrators', async () => {
    const overlap = await t.as('admin').put('/api/admin/office-hours', { schedules: [{ windows: ['08:30-12:00', '11:00-17:00'] }] });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().message).toContain('重叠');
    const format = await t.as('admin').put('/api/admin/office-hours', { schedules: [{ windows: ['8:30-12'] }] });
    expect(format.statusCode).toBe(422);
    expect(format.json().message).toContain('HH:mm-HH:mm');
    const noDefault = await t.as('admin').put('/api/admin/office-hours', { schedules: [{ from: '11-01', to: '02-28', windows: ['09:00-12:00'] }] });
    expect(noDefault.json().message).toContain('默认作息');
    expect((await t.as('agent').put('/api/admin/office-hours', HOURS)).statusCode).toBe(403);
    expect(await dispatchDue()).toBe('2026-11-23T16:00:00+08:00');
  });

  it('uses the seasonal hours an administrator sets for the next ticket, also after a calendar upload', async () => {
    const set = await t.as('admin').put('/api/admin/office-hours', HOURS);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ source: 'admin', config: HOURS });
    // winter hours: 11:00 → 12:00, then 13:00 → 15:00
    expect(await dispatchDue()).toBe('2026-11-23T15:00:00+08:00');
    const upload = await t.as('admin').post('/api/admin/calendar', { format: 'json', content: { name: '本地调整', days: [{ date: '2026-12-31', work: false, name: '本地休息日' }] } });
    expect(upload.statusCode, upload.body).toBe(200);
    expect(await dispatchDue()).toBe('2026-11-23T15:00:00+08:00');
  });
});

describe('OFFICE_HOURS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hours-'));
  it('is read and checked when the server starts', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(HOURS));
    expect(readCalendarFiles({ calendarFiles: [], officeHoursFile: good }).hours).toEqual(HOURS);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schedules: [{ windows: ['12:00-09:00'] }] }));
    expect(() => readCalendarFiles({ calendarFiles: [], officeHoursFile: bad })).toThrow(/bad\.json 办公时段有误：时段的结束应晚于开始/);
  });
});
