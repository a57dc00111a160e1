import type { LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchKnowledgeBase } from '../../src/server/kb/expiry.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

/** 考核 shows each unit's upkeep of its knowledge entries (邵阳 第二十七条 知识库管理方面), outside the score. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-23T09:30:00+08:00' });
  await t.addUser('yzeditor', '渝中区城市管理局', ['kb_editor']);
  await t.addUser('reviewer', '12345政务服务便民热线中心', ['kb_reviewer']);
});
afterAll(() => t.close());

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
async function publish(body: Record<string, unknown>) {
  const e = await ok(await t.as('yzeditor').post('/api/kb/entries', body), 201);
  await ok(await t.as('yzeditor').post(`/api/kb/entries/${e.id}/submit`, {}));
  return ok(await t.as('reviewer').post(`/api/kb/entries/${e.id}/approve`, {}));
}
const row = (card: { units: Array<{ unit: { name: string }; knowledge: Record<string, number> }> }, name: string) => card.units.find((u) => u.unit.name === name)!;

describe('知识库维护 in the scorecard (凉山 第二十五条 知识库管理)', () => {
  it('counts entries in use, expired without an update, and expiring soon, per owner unit', async () => {
    await publish({ title: '冬季占道经营临时管理规定', answer: '12月起夜市占道经营须办理临时许可。', expiresOn: '2026-12-10' });
    await publish({ title: '户外广告设置审批', answer: '户外广告设置须经城管部门审批。', expiresOn: '2027-05-01' });
    await publish({ title: '渣土车夜间运输管理', answer: '渣土车夜间运输须按核定路线行驶。', expiresOn: '2026-12-05' });
    let card = await ok(await t.as('leader').get('/api/analytics/scorecard?from=2026-11-01&to=2026-11-30'));
    expect(row(card, '渝中区城市管理局').knowledge).toEqual({ owned: 3, expired: 0, expiringSoon: 2 });
    expect(row(card, '解放碑街道办事处').knowledge).toEqual({ owned: 0, expired: 0, expiringSoon: 0 });

    // two entries pass their date without a revision: taken off the shelves, and counted against the unit
    t.setNow('2026-12-11T08:00:00+08:00');
    await watchKnowledgeBase(t.ctx);
    card = await ok(await t.as('leader').get('/api/analytics/scorecard?from=2026-11-01&to=2026-11-30'));
    expect(row(card, '渝中区城市管理局').knowledge).toEqual({ owned: 1, expired: 2, expiringSoon: 0 });

    const file = await t.as('leader').get('/api/analytics/scorecard.xlsx?from=2026-11-01&to=2026-11-30');
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核排名')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const col = header.indexOf('知识条目（过期未更新）') + 1;
    expect(col).toBeGreaterThan(0);
    const line = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(header.indexOf('单位') + 1).value === '渝中区城市管理局')!;
    expect(line.getCell(col).value).toBe(2);
  });
});
