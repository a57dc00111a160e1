import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryPredictor } from '../../src/server/dispatch/suggestions.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

// Reads 油烟 as 环境保护 and fails on 故障, to show registration never waits on the classifier.
const classifier: CategoryPredictor = {
  async predict(text) {
    if (text.includes('故障')) throw new Error('model broken');
    if (!text.includes('油烟')) return null;
    return { category: '环境保护', confidence: 0.73, alternatives: [{ category: '环境保护', confidence: 0.73 }], words: ['油烟'], modelId: 'model-7' };
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ classifier });
});
afterAll(() => t.close());

describe('the predicted category is saved with the ticket at registration (智能分类)', () => {
  it('keeps category, calibrated confidence and model beside the agent’s own category', async () => {
    const res = await t.as('agent').post('/api/tickets', newTicket({ content: '楼下饭店油烟很大，窗户都不敢开', category: '商贸旅游/消费维权' }));
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.category).toBe('商贸旅游/消费维权');
    expect(created.predictedCategory).toEqual({ category: '环境保护', confidence: expect.closeTo(0.73, 5), modelId: 'model-7' });
    const read = (await t.as('dispatcher').get(`/api/tickets/${created.id}`)).json();
    expect(read.predictedCategory.category).toBe('环境保护');
    // available to analysis in the database
    const { rows } = await t.db.query('SELECT predicted_category, predicted_model_id FROM tickets WHERE id = $1', [created.id]);
    expect(rows[0]).toEqual({ predicted_category: '环境保护', predicted_model_id: 'model-7' });
  });

  it('registers without a prediction when there is no model or the classifier fails', async () => {
    for (const content of ['路灯不亮已经一周了', '电梯故障困人']) {
      const res = await t.as('agent').post('/api/tickets', newTicket({ content }));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().predictedCategory).toBeNull();
    }
  });

  it('a unit does not see the prediction', async () => {
    const created = (await t.as('agent').post('/api/tickets', newTicket({ content: '饭店油烟扰民' }))).json();
    const unit = await t.unitId('解放碑街道办事处');
    expect((await t.as('dispatcher').act(created.id, 'dispatch', { units: [{ unitId: unit, role: 'lead' }] })).statusCode).toBe(200);
    const seen = (await t.as('handler1').get(`/api/tickets/${created.id}`)).json();
    expect(seen.predictedCategory).toBeNull();
  });
});
