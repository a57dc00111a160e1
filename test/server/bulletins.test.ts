import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 通报 (重庆 第二十四条 定期通报): in October 解放碑 replies to four requests in time, having reached
 * each caller, while 观音桥 leaves three past their limit. An analyst drafts October's 通报, a leader
 * sends it back, the analyst revises, the leader approves and publishes; then every unit reads it,
 * and nobody can change it.
 */
let t: TestApp;
let id: string;
let jfb: string;
let gyq: string;

async function ok(user: string, ticket: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(ticket, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
}
async function sent(unit: string, handler: string) {
  const res = await t.as('agent').post('/api/tickets', newTicket());
  const ticket: string = res.json().id;
  await ok('dispatcher', ticket, 'dispatch', { units: [{ unitId: unit, role: 'lead' }] });
  await ok(handler, ticket, 'sign');
  return ticket;
}
async function counts(user: string) {
  const r = await t.as(user).get('/api/inbox/counts');
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { bulletin: number; notices: number; total: number };
}
async function act(user: string, action: string, body: Record<string, unknown>, status = 200) {
  const res = await t.as(user).post(`/api/bulletins/${id}/${action}`, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(status);
  return res.json();
}
const version = async () => (await t.as('analyst1').get(`/api/bulletins/${id}`)).json().version as number;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-10-12T09:00:00+08:00' });
  jfb = await t.unitId('解放碑街道办事处');
  gyq = await t.unitId('观音桥街道办事处');
  await t.addUser('gyq1', '观音桥街道办事处', ['handler']);
  await t.addUser('analyst1', '12345政务服务便民热线中心', ['analyst']);
  await t.addUser('leader2', '12345政务服务便民热线中心', ['leader']);
  for (let i = 0; i < 4; i += 1) await ok('handler1', await sent(jfb, 'handler1'), 'reply', { process: '现场处理', result: '已处理', contacted: true });
  for (let i = 0; i < 3; i += 1) await sent(gyq, 'gyq1');
  t.setNow('2026-11-05T10:00:00+08:00');
}, 120_000);
afterAll(() => t.close());

describe('通报 (大足 第九条; 凉山 第二十一条、第二十五条; 邵阳 第五条（一）、第二十六条)', () => {
  it('an analyst generates the month’s draft from the scorecard, with praise and criticism by thresholds', async () => {
    const res = await t.as('analyst1').post('/api/bulletins', { month: '2026-10' });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    id = b.id;
    expect(b).toMatchObject({ status: 'draft', statusLabel: '草稿', version: 1, authorName: 'analyst1', title: '关于2026年10月12345热线承办单位办理工作情况的通报' });
    expect(b.content.ranking.map((r: { unit: { name: string }; rank: number; score: number }) => [r.unit.name, r.rank, r.score])).toEqual([
      ['解放碑街道办事处', 1, 100],
      // no reply, every limit passed: (0.05 + 0.05) ÷ (0.3 + 0.05 + 0.05)
      ['观音桥街道办事处', 2, 25],
    ]);
    expect(b.content.praised).toEqual([{ unit: { id: jfb, name: '解放碑街道办事处' }, reason: '综合得分 100.0 分，无超期件' }]);
    expect(b.content.criticized).toEqual([{ unit: { id: gyq, name: '观音桥街道办事处' }, reason: '综合得分 25.0 分，低于 60 分；超期 3 件' }]);
    expect(b.content.totals).toMatchObject({ units: 2, shares: 7, overdue: 3, onTimeRate: 0.5714 });
    expect(b.body).toContain('根据《重庆市12345政务服务便民热线运行管理暂行办法》第二十四条');
    expect(b.body).toContain('予以通报批评：观音桥街道办事处（综合得分 25.0 分，低于 60 分；超期 3 件）');
    expect((await t.as('analyst1').post('/api/bulletins', { month: '2026-10' })).statusCode).toBe(409);
  });

  it('refuses other roles (403) and bad months or thresholds (422), in Chinese', async () => {
    for (const u of ['handler1', 'yuzhong', 'supervisor', 'dispatcher', 'admin']) {
      const r = await t.as(u).post('/api/bulletins', { month: '2026-09' });
      expect(r.statusCode, u).toBe(403);
      expect(r.json().message).toContain('通报');
    }
    const bad = async (body: unknown, text: string) => {
      const r = await t.as('analyst1').post('/api/bulletins', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().message).toContain(text);
    };
    await bad({ month: '2026-13' }, 'YYYY-MM');
    await bad({ month: '2026-12' }, '尚未开始');
    await bad({ month: '2026-09', thresholds: { praiseScore: 50, criticizeScore: 70 } }, '批评分数线不能高于表扬分数线');
  });

  it('a draft is seen only by the center’s analysts and leaders; only its author edits it; a stale copy is refused', async () => {
    expect((await t.as('handler1').get('/api/bulletins')).json().items).toEqual([]);
    expect((await t.as('handler1').get(`/api/bulletins/${id}`)).statusCode).toBe(404);
    expect((await t.as('leader').get('/api/bulletins')).json().items).toHaveLength(1);
    // waiting for its author to submit it
    expect((await counts('analyst1')).bulletin).toBe(1);
    expect((await counts('leader')).bulletin).toBe(0);
    const other = await t.as('leader').put(`/api/bulletins/${id}`, { version: 1, title: '改', body: '改' });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('只有起草人可以修改通报');
    const early = await act('leader', 'approve', { version: 1 }, 409);
    expect(early.message).toContain('草稿');
    const edit = await t.as('analyst1').put(`/api/bulletins/${id}`, { version: 1, title: '关于2026年10月承办单位办理工作情况的通报', body: '各承办单位：\n  现将10月情况通报如下。' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().version).toBe(2);
    const stale = await t.as('analyst1').put(`/api/bulletins/${id}`, { version: 1, title: '旧', body: '旧' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('已被他人修改');
    expect((await t.as('analyst1').put(`/api/bulletins/${id}`, { version: 2, title: ' ', body: 'x' })).statusCode).toBe(422);
  });

  it('a leader sends it back with a reason the author sees, and approves it once revised', async () => {
    await act('analyst1', 'submit', { version: await version() });
    expect((await counts('analyst1')).bulletin).toBe(0);
    expect((await counts('leader')).bulletin).toBe(1);
    expect((await counts('leader2')).bulletin).toBe(1);
    expect((await t.as('analyst1').put(`/api/bulletins/${id}`, { version: await version(), title: 'x', body: 'x' })).statusCode).toBe(409);
    const self = await act('analyst1', 'approve', { version: await version() }, 403);
    expect(self.message).toBe('只有领导可以审核通报');
    const noReason = await t.as('leader').post(`/api/bulletins/${id}/return`, { version: await version() });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().message).toContain('退回理由');
    await act('leader', 'return', { version: await version(), reason: '请补充排名情况和整改要求' });
    const mine = (await t.as('analyst1').get('/api/inbox/bulletins')).json();
    expect(mine.steps).toEqual([expect.objectContaining({ id, status: 'returned', waitingFor: 'submit', returnReason: '请补充排名情况和整改要求' })]);
    const read = (await t.as('analyst1').get(`/api/bulletins/${id}`)).json();
    expect(read).toMatchObject({ status: 'returned', returnReason: '请补充排名情况和整改要求', allowed: ['update', 'regenerate', 'submit'] });
    // regenerated from the data: the generated text again
    const again = await act('analyst1', 'regenerate', { version: read.version });
    expect(again.body).toContain('二、考核排名');
    await act('analyst1', 'submit', { version: again.version });
    await act('leader', 'approve', { version: await version(), note: '同意发布' });
    expect((await counts('leader')).bulletin).toBe(1); // now to publish
    expect((await t.as('leader').get('/api/inbox/bulletins')).json().steps).toEqual([expect.objectContaining({ waitingFor: 'publish' })]);
  });

  it('a leader publishes it; every unit sees it, and nobody can change it', async () => {
    expect((await counts('handler1')).notices).toBe(0);
    await act('analyst1', 'publish', { version: await version() }, 403);
    const pub = await act('leader', 'publish', { version: await version() });
    expect(pub).toMatchObject({ status: 'published', allowed: [] });
    expect(pub.publishedAt).toMatch(/^2026-11-05T10:00/);
    for (const u of ['handler1', 'gyq1', 'yuzhong']) {
      expect((await counts(u)).notices, u).toBe(1);
      const list = (await t.as(u).get('/api/bulletins')).json().items;
      expect(list).toEqual([expect.objectContaining({ id, status: 'published', read: false })]);
      expect(list[0].history).toBeUndefined();
    }
    const seen = (await t.as('gyq1').get(`/api/bulletins/${id}`)).json();
    expect(seen.content.criticized[0].unit.id).toBe(gyq);
    expect(seen.returnReason).toBeUndefined();
    expect((await counts('gyq1')).notices).toBe(0);
    expect((await t.as('gyq1').get('/api/bulletins')).json().items[0].read).toBe(true);
    expect((await counts('handler1')).notices).toBe(1);
    // final: no step, no edit, not even in the database
    const edit = await t.as('analyst1').put(`/api/bulletins/${id}`, { version: await version(), title: 'x', body: 'x' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toBe('通报已发布，不能再修改');
    await act('leader', 'return', { version: await version(), reason: '再改一下' }, 409);
    await expect(t.db.query(`UPDATE bulletins SET body = 'x' WHERE id = $1`, [id])).rejects.toThrow(/published bulletin/);
    const { rows } = await t.db.query<{ action: string; actor_name: string }>(`SELECT action, actor_name FROM audit_log WHERE object_type = 'bulletin' ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual([
      'bulletin.create',
      'bulletin.update',
      'bulletin.submit',
      'bulletin.return',
      'bulletin.regenerate',
      'bulletin.submit',
      'bulletin.approve',
      'bulletin.publish',
    ]);
  });

  it('a leader who drafted a 通报 cannot approve it; another leader can', async () => {
    const res = await t.as('leader').post('/api/bulletins', { month: '2026-09' });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    await act('leader', 'submit', { version: 1 });
    expect((await counts('leader')).bulletin).toBe(0);
    const self = await act('leader', 'approve', { version: 2 }, 403);
    expect(self.message).toBe('不能审核自己起草的通报');
    await act('leader2', 'approve', { version: 2 });
    await act('leader', 'publish', { version: 3 });
  });
});
