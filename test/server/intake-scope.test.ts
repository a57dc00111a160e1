import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_TYPE_LABELS, TICKET_TYPES } from '../../src/core/vocabulary.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

// 受理范围 and 诉求登记: what a hotline takes in, and what it must write down so that the caller can
// follow it. The types are the kinds of 诉求 the four regulations list.

let t: TestApp;
let agent: string;

beforeAll(async () => {
  t = await buildTestApp();
  agent = await t.login('agent');
});
afterAll(() => t.close());

const register = (body: object) =>
  t.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie: agent }, payload: body });

describe('受理范围 (重庆 第八条（一）; 凉山 第八条（一）; 邵阳 第九条（一）（二）（三）（四）)', () => {
  it('takes every kind of 诉求 the regulations list — 咨询、求助、投诉、举报、建议、表扬 — each shown by its name', async () => {
    // 邵阳 第九条: （一）政策咨询 and （二）政务信息查询 are 咨询; （三）意见、建议、表扬、投诉或批评; （四）求助
    const words: Record<string, string> = {
      consultation: '请问灵活就业人员怎么缴纳养老保险，在哪里办理',
      help: '家里老人独居行动不便，想申请居家养老上门服务',
      complaint: '小区门口烧烤摊夜间油烟扰民，多次反映没有处理',
      report: '举报某建材店无证经营并占道堆放货物',
      suggestion: '建议在学校门口增设一处人行横道信号灯',
      praise: '表扬社区工作人员上门帮忙办理了医保续费',
    };
    for (const type of TICKET_TYPES) {
      const r = await register(newTicket({ type, content: words[type] }));
      expect(r.statusCode, r.body).toBe(201);
      const read = await t.app.inject({ method: 'GET', url: `/api/tickets/${r.json().id}`, headers: { cookie: agent } });
      expect(read.json().type).toBe(type);
      expect(read.json().typeLabel).toBe(TICKET_TYPE_LABELS[type]);
      expect(read.json().typeLabel).toMatch(/^[\u4e00-\u9fa5]{2}$/);
    }
  });

  it('a kind outside the list is refused in Chinese, and nothing is written', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n;
    const r = await register(newTicket({ type: 'gossip' }));
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n).toBe(before);
  });
});

describe('诉求登记 (重庆 第十一条)', () => {
  it('records the caller’s contact, the request, its category and the address, and lets the caller follow it by number and code', async () => {
    const r = await register(newTicket({ category: '城乡建设/市政设施', address: '渝中区解放碑街道新华路 12 号', content: '新华路 12 号门口路灯不亮已经一周' }));
    expect(r.statusCode, r.body).toBe(201);
    const read = (await t.app.inject({ method: 'GET', url: `/api/tickets/${r.json().id}`, headers: { cookie: agent } })).json();
    expect(read.content).toContain('路灯不亮');
    expect(read.category).toBe('城乡建设/市政设施');
    expect(read.address).toContain('新华路 12 号');
    expect(read.caller.phone).toMatch(/^1\d{10}$/);
    // 为来电人查询办理进度和办理结果提供便利: the number and the code the caller is told
    expect(read.queryCode).toBeTruthy();
    const follow = await t.app.inject({ method: 'GET', url: `/api/public/tickets/${read.number}?code=${read.queryCode}`, remoteAddress: '198.51.100.77' });
    expect(follow.statusCode, follow.body).toBe(200);
    expect(follow.json().number).toBe(read.number);
    expect(JSON.stringify(follow.json())).not.toContain(read.caller.phone);
  });
});
