import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 报送材料 through HTTP: a unit submits 工作动态、典型案例、情况分析 with its tickets and files; the center's
 * supervisors and analysts find them in their inbox, mark them read or adopted, and cite them in a 通报;
 * a unit sees its own only.
 */
let t: TestApp;
let jfbTicket: string;
let marketTicket: string;
let caseId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
async function upload(user: string) {
  const cookie = await t.login(user);
  const r = await t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie, 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('案例材料.pdf') }, payload: PDF });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}
const waiting = async (user: string) => (await t.as(user).get('/api/inbox/counts')).json().submission as number;

beforeAll(async () => {
  t = await buildTestApp();
  await t.addUser('analyst1', '12345政务服务便民热线中心', ['analyst']);
  await t.addUser('leader2', '12345政务服务便民热线中心', ['leader']);
  const jfb = await t.unitId('解放碑街道办事处');
  const market = await t.unitId('江北区市场监督管理局');
  jfbTicket = (await t.as('agent').post('/api/tickets', newTicket())).json().id;
  marketTicket = (await t.as('agent').post('/api/tickets', newTicket())).json().id;
  expect((await t.as('dispatcher').act(jfbTicket, 'dispatch', { units: [{ unitId: jfb, role: 'lead' }] })).statusCode).toBe(200);
  expect((await t.as('dispatcher').act(marketTicket, 'dispatch', { units: [{ unitId: market, role: 'lead' }] })).statusCode).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('邵阳 第六条（六） 及时报送工作动态、典型案例、情况分析', () => {
  it('a unit submits a 典型案例 with its own ticket and file; it waits in the supervisors\' and analysts\' inbox', async () => {
    expect(await waiting('supervisor')).toBe(0);
    const file = await upload('reviewer1');
    const made = await t.as('reviewer1').post('/api/submissions', {
      kind: 'case',
      title: '解放碑街道“接诉即办”油烟扰民治理案例',
      body: '针对新华路烧烤店油烟扰民的反复投诉，街道联合市场监管、生态环境部门现场督促安装油烟净化设备，回访群众满意。',
      ticketIds: [jfbTicket],
      attachments: [file],
    });
    expect(made.statusCode, made.body).toBe(201);
    caseId = made.json().id;
    expect(made.json()).toMatchObject({ kind: 'case', kindLabel: '典型案例', unitName: '解放碑街道办事处', status: 'submitted', statusLabel: '待阅', submittedBy: '解放碑街道 办公室 陈红', attachments: [file], actions: [] });
    expect(made.json().tickets[0]).toMatchObject({ id: jfbTicket, number: expect.stringMatching(/\d/) });
    const news = await t.as('handler2').post('/api/submissions', { kind: 'news', title: '江北区市场监管局热线工作动态', body: '本月共办理热线工单 120 件，按时办结率 98%，开展食品安全专项检查。' });
    expect(news.statusCode, news.body).toBe(201);

    expect(await waiting('supervisor')).toBe(2);
    expect(await waiting('analyst1')).toBe(2);
    // not the dispatcher's, nor a unit's to review
    expect(await waiting('dispatcher')).toBe(0);
    expect(await waiting('reviewer1')).toBe(0);
  });

  it('refuses in Chinese: the center does not submit (403), a ticket of another unit or another person\'s file (422), bad fields (422)', async () => {
    const body = { kind: 'news', title: '热线工作动态', body: '本周办理工单若干件，情况良好，详见附件。' };
    expect((await t.as('supervisor').post('/api/submissions', body)).statusCode).toBe(403);
    expect((await t.as('agent').post('/api/submissions', body)).statusCode).toBe(403);
    const other = await t.as('reviewer1').post('/api/submissions', { ...body, ticketIds: [marketTicket] });
    expect(other.statusCode).toBe(422);
    expect(other.json().message).toContain('本单位承办');
    const foreign = await t.as('reviewer1').post('/api/submissions', { ...body, attachments: [await upload('handler2')] });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().message).toContain('附件');
    const kind = await t.as('reviewer1').post('/api/submissions', { ...body, kind: 'gossip' });
    expect(kind.statusCode).toBe(422);
    expect(kind.json().message).toContain('工作动态');
    const short = await t.as('reviewer1').post('/api/submissions', { ...body, body: '太短' });
    expect(short.statusCode).toBe(422);
    expect(short.json().message).toContain('正文');
  });

  it('a unit sees its own only (another unit\'s is 404); the center sees all', async () => {
    const own = (await t.as('handler1').get('/api/submissions')).json();
    expect(own.items.map((s: { title: string }) => s.title)).toEqual(['解放碑街道“接诉即办”油烟扰民治理案例']);
    const theirs = (await t.as('handler2').get('/api/submissions')).json();
    expect(theirs.items.map((s: { unitName: string }) => s.unitName)).toEqual(['江北区市场监督管理局']);
    expect((await t.as('handler2').get(`/api/submissions/${caseId}`)).statusCode).toBe(404);
    // a unit's filter cannot reach past its own
    const jfb = await t.unitId('解放碑街道办事处');
    expect((await t.as('handler2').get(`/api/submissions?unitId=${jfb}`)).json().total).toBe(1);
    expect((await t.as('handler2').get(`/api/submissions?unitId=${jfb}`)).json().items[0].unitName).toBe('江北区市场监督管理局');
    const all = (await t.as('leader').get('/api/submissions')).json();
    expect(all.total).toBe(2);
    expect((await t.as('dispatcher').get('/api/submissions')).statusCode).toBe(403);
    const full = (await t.as('supervisor').get(`/api/submissions/${caseId}`)).json();
    expect(full.body).toContain('油烟净化设备');
    expect(full.actions).toEqual(['read', 'adopt']);
  });

  it('a supervisor marks it read, an analyst adopts it with a note; the unit sees both; each step once (409)', async () => {
    const read = await t.as('supervisor').post(`/api/submissions/${caseId}/read`, {});
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ status: 'read', statusLabel: '已阅', readBy: '督办员赵敏', actions: ['adopt'] });
    expect((await t.as('supervisor').post(`/api/submissions/${caseId}/read`, {})).statusCode).toBe(409);
    expect(await waiting('supervisor')).toBe(1);
    // a unit may not review, not even its own
    expect((await t.as('reviewer1').post(`/api/submissions/${caseId}/adopt`, {})).statusCode).toBe(403);
    // a leader reads them, the supervisors and analysts review
    expect((await t.as('leader2').post(`/api/submissions/${caseId}/adopt`, {})).statusCode).toBe(403);
    expect((await t.as('leader2').get(`/api/submissions/${caseId}`)).json().actions).toEqual(['cite']);
    const adopted = await t.as('analyst1').post(`/api/submissions/${caseId}/adopt`, { note: '拟编入本月通报' });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json()).toMatchObject({ status: 'adopted', statusLabel: '已采用', adoptedBy: 'analyst1', reviewNote: '拟编入本月通报' });
    expect((await t.as('analyst1').post(`/api/submissions/${caseId}/adopt`, {})).statusCode).toBe(409);
    const seen = (await t.as('reviewer1').get(`/api/submissions/${caseId}`)).json();
    expect(seen).toMatchObject({ status: 'adopted', reviewNote: '拟编入本月通报' });
  });

  it('an analyst cites submissions in the month\'s 通报 (which adopts them); the bulletin lists them; a published one takes no more', async () => {
    const bulletin = await t.as('analyst1').post('/api/bulletins', { month: '2026-10' });
    expect(bulletin.statusCode, bulletin.body).toBe(201);
    const bid = bulletin.json().id;
    const news = (await t.as('supervisor').get('/api/submissions?kind=news')).json().items[0];
    expect(news.status).toBe('submitted');
    expect((await t.as('supervisor').post(`/api/submissions/${news.id}/cite`, { bulletinId: bid })).statusCode).toBe(403);
    const cited = await t.as('analyst1').post(`/api/submissions/${news.id}/cite`, { bulletinId: bid });
    expect(cited.statusCode, cited.body).toBe(200);
    expect(cited.json()).toMatchObject({ status: 'adopted', citedIn: [{ bulletinId: bid, month: '2026-10', status: 'draft' }] });
    expect((await t.as('analyst1').post(`/api/submissions/${caseId}/cite`, { bulletinId: bid })).statusCode).toBe(200);
    expect(await waiting('supervisor')).toBe(0);

    const list = (await t.as('analyst1').get(`/api/bulletins/${bid}/submissions`)).json();
    expect(list.map((s: { kindLabel: string; unitName: string }) => `${s.kindLabel}·${s.unitName}`)).toEqual(['工作动态·江北区市场监督管理局', '典型案例·解放碑街道办事处']);

    const version = async () => (await t.as('analyst1').get(`/api/bulletins/${bid}`)).json().version as number;
    expect((await t.as('analyst1').post(`/api/bulletins/${bid}/submit`, { version: await version() })).statusCode).toBe(200);
    expect((await t.as('leader').post(`/api/bulletins/${bid}/approve`, { version: await version() })).statusCode).toBe(200);
    expect((await t.as('leader').post(`/api/bulletins/${bid}/publish`, { version: await version() })).statusCode).toBe(200);
    const late = await t.as('analyst1').post(`/api/submissions/${news.id}/cite`, { bulletinId: bid });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('已发布');
    // every unit reads the published 通报's citations; the full text opens only for the submitting unit
    const forUnit = (await t.as('handler1').get(`/api/bulletins/${bid}/submissions`)).json();
    expect(forUnit.map((s: { title: string; opens: boolean }) => [s.title, s.opens])).toEqual([
      ['江北区市场监管局热线工作动态', false],
      ['解放碑街道“接诉即办”油烟扰民治理案例', true],
    ]);
  });
});
