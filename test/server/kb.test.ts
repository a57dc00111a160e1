import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';
import { backfillSounds } from '../../src/server/kb/backfill-sounds.ts';
import { homophoneString } from '../../src/server/kb/segmenter.ts';

let t: TestApp;
let yzCity: string;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-23T09:30:00+08:00' });
  yzCity = await t.unitId('渝中区城市管理局');
  await t.addUser('yzeditor', '渝中区城市管理局', ['kb_editor']);
  await t.addUser('jbeditor', '江北区市场监督管理局', ['kb_editor']);
  await t.addUser('reviewer', '12345政务服务便民热线中心', ['kb_reviewer']);
});
afterAll(() => t.close());

const FUND = {
  title: '住房公积金提取办法',
  questions: ['公积金怎么取出来', '离职以后公积金能不能提取'],
  answer: '**提取条件**：购买自住住房、租房、离职满半年等。\n\n携带身份证和银行卡到公积金中心窗口办理，也可以在网上办理。',
  category: '住房保障',
  visibility: 'public',
  basis: { text: '《住房公积金管理条例》第二十四条', url: 'https://www.gov.cn/' },
  expiresOn: '2027-06-30',
};

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function publish(user: string, body: Record<string, unknown>) {
  const e = await ok(await t.as(user).post('/api/kb/entries', body), 201);
  await ok(await t.as(user).post(`/api/kb/entries/${e.id}/submit`, {}));
  return ok(await t.as('reviewer').post(`/api/kb/entries/${e.id}/approve`, { comment: '内容准确' }));
}

const search = async (q: string, user = 'agent', extra = '') => ok(await t.as(user).get(`/api/kb/search?q=${encodeURIComponent(q)}${extra}`));

describe('the knowledge entry workflow (重庆 第六条（四）、第十七条、第十八条; 大足 第四条（六）、第五条（三）; 凉山 第五条（四）、第七条（四）、第十五条、第十六条、第十七条; 邵阳 第六条（二）、第二十二条)', () => {
  let fundId: string;

  it('a unit drafts, the center reviews and publishes; only then agents find it', async () => {
    const draft = await ok(await t.as('yzeditor').post('/api/kb/entries', FUND), 201);
    fundId = draft.id;
    expect(draft).toMatchObject({ state: 'draft', version: 1, ownerUnit: { id: yzCity, name: '渝中区城市管理局' }, answerFormat: 'markdown' });
    expect((await search('住房公积金提取')).items).toEqual([]);

    // another unit's editor cannot touch it; an editor cannot publish; a reviewer cannot approve a draft
    const other = await t.as('jbeditor').put(`/api/kb/entries/${fundId}`, { ...FUND, title: '改了' });
    expect(other.statusCode).toBe(404); // unpublished work of another unit is not even visible
    expect((await t.as('reviewer').post(`/api/kb/entries/${fundId}/approve`, {})).statusCode).toBe(409);
    await ok(await t.as('yzeditor').post(`/api/kb/entries/${fundId}/submit`, {}));
    const self = await t.as('yzeditor').post(`/api/kb/entries/${fundId}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toBe('只有热线中心的知识审核员可以审核通过并发布');
    expect((await t.as('agent').post(`/api/kb/entries/${fundId}/approve`, {})).statusCode).toBe(404);

    // sent back with comments, fixed, approved
    const noComment = await t.as('reviewer').post(`/api/kb/entries/${fundId}/return`, {});
    expect(noComment.statusCode).toBe(422);
    const back = await ok(await t.as('reviewer').post(`/api/kb/entries/${fundId}/return`, { comment: '请补充网上办理的入口' }));
    expect(back).toMatchObject({ state: 'draft', reviewComment: '请补充网上办理的入口' });
    const notice = await t.db.query<{ body: string }>('SELECT body FROM outbox WHERE unit_id = $1', [yzCity]);
    expect(notice.rows.map((r) => r.body).join()).toContain('请补充网上办理的入口');
    await ok(await t.as('yzeditor').put(`/api/kb/entries/${fundId}`, { ...FUND, answer: `${FUND.answer}\n\n网上办理：登录公积金中心网站“个人业务”。`, version: back.version }));
    await ok(await t.as('yzeditor').post(`/api/kb/entries/${fundId}/submit`, {}));
    const published = await ok(await t.as('reviewer').post(`/api/kb/entries/${fundId}/approve`, {}));
    expect(published).toMatchObject({ state: 'published', stateLabel: '已发布' });
    expect(published.publishedAt).toMatch(/^2026-11-23T/);
  });

  it('finds it by a caller\'s wording, a synonym, pinyin initials and a typo, with the hits marked', async () => {
    const caller = await search('我从单位离职了，想问一下住房公积金里的钱怎么取出来？');
    expect(caller.items[0]).toMatchObject({ id: fundId, title: FUND.title });
    expect(caller.items[0].titleHtml).toContain('公积金</mark>');
    expect(caller.items[0].score).toBeGreaterThan(0.5);
    expect(typeof caller.searchId).toBe('number');

    await publish('kbeditor', { title: '社会保险关系转移接续', answer: '跨省流动就业的，社会保险关系随本人转移，个人账户储存额全部转移。', category: '社保' });
    const synonym = await search('社保转移');
    expect(synonym.items[0].title).toBe('社会保险关系转移接续');
    expect(synonym.items[0].titleHtml).toContain('<mark>社会保险</mark>');

    const initials = await search('gjj');
    expect(initials.items[0].id).toBe(fundId);
    expect(initials.items[0].titleHtml).toContain('<mark>');

    const typo = await search('住房公基金提取');
    expect(typo.items.map((i: { id: string }) => i.id)).toContain(fundId);
    const substring = await search('积金提');
    expect(substring.items.map((i: { id: string }) => i.id)).toContain(fundId);
    // a homophone typo and nothing else to go by: neither its words nor its characters are in the title
    const sounds = await search('公基金');
    expect(sounds.items.map((i: { id: string }) => i.id)).toContain(fundId);
  });

  it('rewrites an entry indexed before the homophone match, and the typo finds it again', async () => {
    // as an entry saved before it: the Latin pinyin of its title
    await t.db.query(`UPDATE kb_entries SET search_pinyin = 'zhufanggongjijintiqu' WHERE id = $1`, [fundId]);
    expect((await search('公基金')).items.map((i: { id: string }) => i.id)).not.toContain(fundId);
    expect(await backfillSounds(t.db)).toBeGreaterThanOrEqual(1);
    expect(await backfillSounds(t.db)).toBe(0);
    expect((await search('公基金')).items.map((i: { id: string }) => i.id)).toContain(fundId);
  });

  it('says a text by its sounds: homophones alike, other characters kept, a Chinese one twice', () => {
    expect(homophoneString('公基金')).toBe(homophoneString('公积金'));
    expect(homophoneString('公基金')).not.toBe(homophoneString('公积累'));
    const mixed = '渝中区A1路12号，噪音扰民！';
    const said = homophoneString(mixed);
    expect([...said]).toHaveLength([...mixed].length + [...mixed].filter((c) => /\p{Script=Han}/u.test(c)).length);
    expect(said).toContain('a1');
    expect(said).toContain('12');
    expect(said.endsWith('！')).toBe(true);
    // characters it cannot read stay themselves, and what follows keeps its place
    expect(homophoneString('兙a公积金')).toBe(`兙a${homophoneString('公积金')}`);
    expect(homophoneString('𠮷a公积金')).toBe(`𠮷a${homophoneString('公积金')}`);
    // lü and nü have stand-ins too: 绿 and 律 sound alike
    expect(homophoneString('绿化')).toBe(homophoneString('律化'));
    expect(homophoneString('绿化')).not.toContain('lü');
  });

  it('escapes an entry\'s own markup in snippets', async () => {
    await publish('kbeditor', { title: '路灯报修渠道', answer: '路灯不亮可拨打12345，<script>alert(1)</script> 城管部门 R&D 组三日内修复。' });
    const r = await search('路灯不亮');
    expect(r.items[0].snippetHtml).toContain('R&amp;D');
    expect(r.items[0].snippetHtml).not.toContain('<script>');
    expect(r.items[0].snippetHtml).toContain('<mark>路灯</mark>');
  });

  it('finds an entry by a word with a sign or a dash in it, as it was indexed (75%, 0731-8888)', async () => {
    const e = await publish('kbeditor', { title: '住院报销比例', answer: '住院费用按75%报销，详情可拨打0731-8888咨询。' });
    // long enough that only the words find it, not the titles' trigrams
    for (const q of ['请问那个75%到底是怎么回事，我想弄明白一点点', '我想弄明白一点点，0731-8888这个电话到底是哪里的']) {
      expect((await search(q)).items.map((h: { id: string }) => h.id), q).toContain(e.id);
    }
  });

  it('logs each search with what it showed: one impression per hit, the top hit, and a search that found nothing (重庆 第十九条)', async () => {
    const shown = async (id: string) => (await ok(await t.as('agent').get(`/api/kb/entries/${id}`))).uses.shown as number;
    const before = await shown(fundId);
    const r = await search('公积金提取');
    expect(r.items[0].id).toBe(fundId);
    expect(await shown(fundId)).toBe(before + 1);
    const log = await t.db.query<{ channel: string; result_count: number; top_entry_id: string; top_score: number; query: string }>(
      'SELECT channel, result_count, top_entry_id, top_score, query FROM kb_searches WHERE id = $1',
      [r.searchId],
    );
    expect(log.rows[0]).toMatchObject({ channel: 'agent', result_count: r.items.length, top_entry_id: fundId, top_score: r.items[0].score, query: '公积金提取' });
    const impressions = await t.db.query<{ entry_id: string }>(`SELECT entry_id FROM kb_usage WHERE search_id = $1 AND kind = 'shown'`, [r.searchId]);
    expect(impressions.rows.map((x) => x.entry_id).sort()).toEqual(r.items.map((h: { id: string }) => h.id).sort());
    // the helpful mark refers to this search
    await ok(await t.as('agent').post(`/api/kb/entries/${fundId}/feedback`, { helpful: true, searchId: r.searchId }));

    const none = await search('量子纠缠星际旅行');
    expect(none.items).toEqual([]);
    const gap = await t.db.query<{ result_count: number; top_entry_id: string | null }>('SELECT result_count, top_entry_id FROM kb_searches WHERE id = $1', [none.searchId]);
    expect(gap.rows[0]).toEqual({ result_count: 0, top_entry_id: null });

    const portal = await ok(await t.app.inject({ method: 'GET', url: `/api/public/kb?q=${encodeURIComponent('公积金提取')}` }));
    const publicLog = await t.db.query<{ channel: string; actor_id: string | null; result_count: number }>('SELECT channel, actor_id, result_count FROM kb_searches WHERE id = $1', [portal.searchId]);
    expect(publicLog.rows[0]).toEqual({ channel: 'public', actor_id: null, result_count: portal.items.length });
  });

  it('an agent answers directly from the entry: the use is counted and linked on the timeline (凉山 第十一条（一）; 邵阳 第十二条（一）)', async () => {
    const ticket = await ok(await t.as('agent').post('/api/tickets', newTicket({ type: 'consultation', content: '离职后公积金怎么提取' })), 201);
    const answered = await ok(await t.as('agent').act(ticket.id, 'answer', { answer: '离职满半年可提取，携带身份证办理', kbEntryId: fundId }));
    expect(answered.status).toBe('answered');
    expect(answered.events.at(-1)).toMatchObject({ action: 'answer', kbEntryId: fundId, kbEntry: { id: fundId, title: FUND.title } });
    const entry = await ok(await t.as('agent').get(`/api/kb/entries/${fundId}`));
    expect(entry.uses.used).toBe(1);
    expect(entry.uses.shown).toBeGreaterThan(0);

    const bogus = await ok(await t.as('agent').post('/api/tickets', newTicket({ type: 'consultation' })), 201);
    const bad = await t.as('agent').act(bogus.id, 'answer', { answer: '见知识库', kbEntryId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('知识条目不存在');
  });

  it('keeps every save as a version and shows the difference between two', async () => {
    const versions = await ok(await t.as('yzeditor').get(`/api/kb/entries/${fundId}/versions`));
    expect(versions.map((v: { action: string }) => v.action)).toEqual(['create', 'submit', 'return', 'edit', 'submit', 'approve']);
    expect(versions[2]).toMatchObject({ comment: '请补充网上办理的入口', actor: expect.stringContaining('reviewer') });
    const diff = await ok(await t.as('yzeditor').get(`/api/kb/entries/${fundId}/diff?from=1&to=6`));
    expect(diff.changes.state).toEqual({ from: 'draft', to: 'published' });
    const added = diff.changes.answer.filter((p: { added?: boolean }) => p.added).map((p: { value: string }) => p.value).join('');
    expect(added).toContain('网上办理：登录公积金中心网站');
    expect(diff.changes.title).toBeUndefined();
    const v1 = await ok(await t.as('yzeditor').get(`/api/kb/entries/${fundId}/versions/1`));
    expect(v1.answer).toBe(FUND.answer);

    // editing a published entry takes it back to draft: nothing unreviewed is served
    const current = await ok(await t.as('yzeditor').get(`/api/kb/entries/${fundId}`));
    const stale = await t.as('yzeditor').put(`/api/kb/entries/${fundId}`, { ...FUND, title: '住房公积金提取指南', version: current.version - 1 });
    expect(stale.statusCode).toBe(409);
    const edited = await ok(await t.as('yzeditor').put(`/api/kb/entries/${fundId}`, { ...FUND, title: '住房公积金提取指南', version: current.version }));
    expect(edited.state).toBe('draft');
    expect((await search('住房公积金提取')).items.map((i: { id: string }) => i.id)).not.toContain(fundId);
    const drafts = await search('公积金提取指南', 'yzeditor', '&state=draft');
    expect(drafts.items[0].id).toBe(fundId);
    expect((await t.as('agent').get('/api/kb/search?q=x&state=draft')).statusCode).toBe(403);
    await ok(await t.as('yzeditor').post(`/api/kb/entries/${fundId}/submit`, {}));
    await ok(await t.as('reviewer').post(`/api/kb/entries/${fundId}/approve`, {}));
  });

  it('public search returns published public entries only, without login (重庆 第十九条 向社会开放、拓展自助查询)', async () => {
    await publish('kbeditor', { title: '公积金中心内部审核口径', answer: '内部掌握：公积金提取材料不全时先受理后补正。', visibility: 'internal' });
    const res = await t.app.inject({ method: 'GET', url: `/api/public/kb?q=${encodeURIComponent('公积金提取')}` });
    const body = await ok(res);
    const titles = body.items.map((i: { title: string }) => i.title);
    expect(titles).toContain('住房公积金提取指南');
    expect(titles).not.toContain('公积金中心内部审核口径');
    expect(JSON.stringify(body)).not.toMatch(/reviewComment|uses/);
    const agent = await search('公积金中心内部审核口径');
    expect(agent.items[0].title).toBe('公积金中心内部审核口径');
    const internalId = agent.items[0].id;
    expect((await t.app.inject({ method: 'GET', url: `/api/public/kb/${internalId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/kb/${fundId}` })).statusCode).toBe(200);
  });

  it('refuses bad input in Chinese', async () => {
    const r = await t.as('yzeditor').post('/api/kb/entries', { ...FUND, effectiveFrom: '2027-01-01', expiresOn: '2026-12-31' });
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('失效日期不能早于生效日期');
    const unknown = await t.as('yzeditor').post('/api/kb/entries', { ...FUND, secret: 1 });
    expect(unknown.statusCode).toBe(422);
    const foreign = await t.as('jbeditor').post('/api/kb/entries', { ...FUND, ownerUnitId: yzCity });
    expect(foreign.statusCode).toBe(403);
    expect((await t.as('agent').post('/api/kb/entries', FUND)).statusCode).toBe(403);
  });
});
