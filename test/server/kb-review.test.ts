import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers.ts';

// Issue 11: an editor marks a stale entry as checked (still right); it leaves the report until the
// period runs again or new unhelpful marks outnumber new helpful ones.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: '2026-01-05T09:30:00+08:00' });
  await t.addUser('yzeditor', '渝中区城市管理局', ['kb_editor']);
  await t.addUser('jbeditor', '江北区市场监督管理局', ['kb_editor']);
  await t.addUser('reviewer', '12345政务服务便民热线中心', ['kb_reviewer']);
}, 60_000);
afterAll(() => t.close());

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const reasons = async (user: string, id: string): Promise<string[] | undefined> => {
  const report = await ok(await t.as(user).get('/api/kb/reports/stale'));
  return report.units.flatMap((u: { entries: Array<{ id: string; reasons: string[] }> }) => u.entries).find((e: { id: string }) => e.id === id)?.reasons;
};

describe('marking a stale entry reviewed', () => {
  it('takes a long-unrevised entry off the report until the period runs again', async () => {
    const e = await ok(await t.as('yzeditor').post('/api/kb/entries', { title: '占道经营投诉处理口径', answer: '由城管部门核实处理。' }), 201);
    await ok(await t.as('yzeditor').post(`/api/kb/entries/${e.id}/submit`, {}));
    await ok(await t.as('reviewer').post(`/api/kb/entries/${e.id}/approve`, {}));

    t.setNow('2026-08-01T09:30:00+08:00');
    expect(await reasons('yzeditor', e.id)).toEqual(['not_updated']);
    // not for another unit's editor, nor for an agent
    expect((await t.as('jbeditor').post(`/api/kb/entries/${e.id}/mark-reviewed`)).statusCode).toBe(403);
    expect((await t.as('agent').post(`/api/kb/entries/${e.id}/mark-reviewed`)).statusCode).toBe(403);
    await ok(await t.as('yzeditor').post(`/api/kb/entries/${e.id}/mark-reviewed`));
    expect(await reasons('yzeditor', e.id)).toBeUndefined();
    // the entry itself is unchanged: same version, still published
    expect(await ok(await t.as('yzeditor').get(`/api/kb/entries/${e.id}`))).toMatchObject({ state: 'published', version: 3 });

    t.setNow('2027-03-01T09:30:00+08:00');
    expect(await reasons('reviewer', e.id)).toEqual(['not_updated']);
  });

  it('counts unhelpful marks from the review on', async () => {
    t.setNow('2027-03-01T09:30:00+08:00');
    const e = await ok(await t.as('yzeditor').post('/api/kb/entries', { title: '户外广告审批口径', answer: '须经城管部门审批。' }), 201);
    await ok(await t.as('yzeditor').post(`/api/kb/entries/${e.id}/submit`, {}));
    await ok(await t.as('reviewer').post(`/api/kb/entries/${e.id}/approve`, {}));
    const mark = (helpful: boolean) => t.as('agent').post(`/api/kb/entries/${e.id}/feedback`, { helpful });
    await ok(await mark(false));
    expect(await reasons('reviewer', e.id)).toEqual(['unhelpful']);
    await ok(await t.as('reviewer').post(`/api/kb/entries/${e.id}/mark-reviewed`));
    expect(await reasons('reviewer', e.id)).toBeUndefined();
    await ok(await mark(true));
    await ok(await mark(false));
    expect(await reasons('reviewer', e.id)).toBeUndefined();
    await ok(await mark(false));
    expect(await reasons('reviewer', e.id)).toEqual(['unhelpful']);
  });

  it('an unpublished entry cannot be marked reviewed', async () => {
    const e = await ok(await t.as('yzeditor').post('/api/kb/entries', { title: '草稿条目', answer: '尚未审核。' }), 201);
    const res = await t.as('yzeditor').post(`/api/kb/entries/${e.id}/mark-reviewed`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/只有已发布的条目/);
  });
});
