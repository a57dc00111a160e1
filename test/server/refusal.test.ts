import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/** 不予受理 on the grounds each regulation lists (重庆 第九条, 凉山 第九条, 邵阳 第十条); 大足 lists none. */
const apps = new Map<string, TestApp>();
afterAll(async () => {
  for (const a of apps.values()) await a.close();
});

async function refuse(policy: string, body: Record<string, unknown>) {
  let t = apps.get(policy);
  if (!t) apps.set(policy, (t = await buildTestApp({ policy, now: '2026-11-23T09:30:00+08:00' })));
  const c = (await t.as('agent').post('/api/tickets', newTicket({ content: '反复来电辱骂话务员' }))).json();
  const r = await t.as('agent').act(c.id, 'reject', body);
  return { t, c, r };
}

describe('不予受理 grounds from the preset', () => {
  it('邵阳 第十条（九）: a harassing call, with its article on the record', async () => {
    const { t, r } = await refuse('shaoyang-2023', { ground: 'harassment', reason: '来电人反复辱骂话务员，无实质诉求' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().outcome).toMatchObject({ ground: 'harassment', groundLabel: '骚扰电话' });
    expect(r.json().outcome.basis).toContain('第十条（九）');
    const policy = (await t.as('agent').get('/api/policy')).json();
    expect(policy.refusalGrounds.map((g: { article?: string; basis: { article: string } }) => g.basis.article)).toEqual(
      ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'].map((n) => `第十条（${n}）`),
    );
  });

  it('凉山 第九条（三）: an emergency that belongs to 110/119/120/122', async () => {
    const { r } = await refuse('liangshan-2023', { ground: 'emergency', reason: '属120急救范围，已告知来电人' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().outcome.basis).toContain('第九条（三）');
  });

  it('邵阳: a ground of another regulation is refused with the list of this one', async () => {
    const { r } = await refuse('shaoyang-2023', { ground: 'emergency', reason: '属120急救范围' });
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('骚扰电话');
  });

  it('大足 lists no grounds: the reason and basis are written out, and a ground is refused', async () => {
    const named = await refuse('dazu-2021', { ground: 'litigation', reason: '属诉讼事项', basis: '民事诉讼法' });
    expect(named.r.statusCode).toBe(422);
    const plain = await refuse('dazu-2021', { reason: '属诉讼事项', basis: '民事诉讼法' });
    expect(plain.r.statusCode, plain.r.body).toBe(200);
    expect(plain.r.json().outcome).toMatchObject({ reason: '属诉讼事项', basis: '民事诉讼法' });
    expect((await refuse('dazu-2021', { reason: '属诉讼事项' })).r.statusCode).toBe(422);
  });
});
