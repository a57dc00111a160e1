import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/core/categories.ts';
import { createClassifier } from '../../src/server/classify/service.ts';
import { CLASSIFIER_SAMPLES } from '../../src/server/demo/classifier-samples.ts';
import { trainFromTickets } from '../../src/server/classify/training.ts';
import { retrainClassifierIfDue } from '../../src/server/jobs/classifier-retrain.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import type { Db } from '../../src/server/db/connection.ts';

// Closed tickets written for this test: two topics the demo samples know nothing about (their
// labels are made up), so a prediction of them can only come from a model trained on these tickets.
const TOPICS: Record<string, { category: string; texts: string[] }> = {
  甲类事务: { category: '甲类事务/子项', texts: ['蓝莓果园采摘期间游客太多', '蓝莓价格上涨', '果园里蓝莓树生虫', '蓝莓种植补贴怎么申请', '蓝莓采摘证办理'] },
  乙类事务: { category: '乙类事务', texts: ['风筝节活动场地安排', '风筝比赛报名方式', '放风筝的场地被占用', '风筝节门票咨询', '风筝协会登记'] },
};

let counter = 0;
async function insertTicket(db: Db, status: string, category: string | null, title: string | null, content: string) {
  counter += 1;
  await db.query(`INSERT INTO tickets (number, status, channel, type, title, content, category) VALUES ($1, $2, 'phone', 'help', $3, $4, $5)`, [
    `T${String(counter).padStart(8, '0')}`,
    status,
    title,
    content,
    category,
  ]);
}

describe('智能分类: training from closed tickets and POST /api/classify', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('answers with the demo model from the seed: category, calibrated confidence, top three, the driving words', async () => {
    const res = await t.as('agent').post('/api/classify', { text: '我家小区门口的路灯坏了，晚上一片漆黑' });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.category).toBe('城乡建设');
    expect(p.confidence).toBeGreaterThan(0.3);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(p.alternatives).toHaveLength(3);
    expect(p.alternatives[0]).toEqual({ category: p.category, confidence: p.confidence });
    expect(p.alternatives[1].confidence).toBeLessThanOrEqual(p.confidence);
    expect(p.words).toContain('路灯');
    const { rows } = await t.db.query<{ id: string; source: string }>('SELECT id, source FROM classifier_models WHERE active');
    expect(rows).toEqual([{ id: p.modelId, source: 'demo' }]);
    // registration keeps only the category: asked without the words, the same reading, no words
    const plain = await createClassifier(t.db).predict('我家小区门口的路灯坏了，晚上一片漆黑', { words: false });
    expect(plain).toEqual({ ...p, words: [] });
  });

  it('has demo samples for every first-level category the demo registers with', () => {
    expect([...new Set(CLASSIFIER_SAMPLES.map((e) => e.label))].sort()).toEqual(CATEGORIES.map((c) => c.value).sort());
  });

  it('refuses an empty text in Chinese, and a role without access', async () => {
    const empty = await t.as('dispatcher').post('/api/classify', { text: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().message).toContain('请输入诉求内容');
    expect((await t.as('dispatcher').post('/api/classify', {})).statusCode).toBe(422);
    const visitor = await t.as('visitor').post('/api/classify', { text: '路灯坏了' });
    expect(visitor.statusCode).toBe(403);
    expect(visitor.json().message).toContain('智能分类');
    expect((await t.as('handler1').post('/api/classify', { text: '路灯坏了' })).statusCode).toBe(403);
  });

  it('trains from closed tickets only, by the first level of their category, and serves the new model', async () => {
    for (const [, { category, texts }] of Object.entries(TOPICS)) {
      for (const [i, text] of texts.entries()) {
        // the same request in several wordings, as closed tickets pile up
        await insertTicket(t.db, 'closed', category, i % 2 ? null : '群众来电', `${text}，请相关部门处理`);
        await insertTicket(t.db, 'closed', category, null, `市民反映：${text}`);
        await insertTicket(t.db, 'closed', category, '来电', `${text}的问题希望尽快解决`);
      }
    }
    // not closed, or no category: never training data
    for (let i = 0; i < 5; i += 1) await insertTicket(t.db, 'handling', '丙类事务/未办结', null, '雪糕 雪糕 雪糕');
    await insertTicket(t.db, 'closed', null, null, '没有分类的工单');

    const info = await trainFromTickets(t.db);
    expect(info.labels).toEqual(['乙类事务', '甲类事务']);
    expect(info.trainedOn).toBe(30);
    expect(info.source).toBe('tickets');

    // the app's classifier checks for a newer model at most every 30 s: reload() picks it up at once
    await t.app.classifier.reload();
    const res = await t.as('admin').post('/api/classify', { text: '今年的蓝莓采摘什么时候开始' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ category: '甲类事务', modelId: info.id });
    expect(res.json().alternatives).toHaveLength(2);
    expect(res.json().words).toContain('蓝莓');
  });

  it('retrains on schedule once per interval across instances, only when enough new tickets closed', async () => {
    const options = { intervalMs: 24 * 3_600_000, minNewTickets: 3 };
    const now = Date.parse('2026-11-24T02:00:00+08:00');
    // two instances at once: one runs, the other finds it claimed
    const [a, b] = await Promise.all([retrainClassifierIfDue(t.db, options, now), retrainClassifierIfDue(t.db, options, now)]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    // nothing new since the last model from tickets
    expect([a, b].find((r) => r.ran)).toEqual({ ran: true, trained: false, closedTickets: 30 });
    expect((await retrainClassifierIfDue(t.db, options, now + 3_600_000)).ran).toBe(false);

    for (const text of TOPICS['乙类事务']!.texts) await insertTicket(t.db, 'closed', '乙类事务', null, `又有人说${text}`);
    const next = await retrainClassifierIfDue(t.db, options, now + options.intervalMs);
    expect(next).toMatchObject({ ran: true, trained: true, closedTickets: 35 });
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM classifier_models WHERE source = 'tickets'`);
    expect(rows[0]!.n).toBe(2);
  });

  it('predicts nothing while no model exists, and the route says so', async () => {
    await t.db.query('DELETE FROM classifier_models');
    expect(await createClassifier(t.db).predict('路灯坏了')).toBeNull();
    await t.app.classifier.reload();
    const res = await t.as('agent').post('/api/classify', { text: '路灯坏了' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('尚未训练分类模型');
  });
});
