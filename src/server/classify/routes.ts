import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../auth/actor.ts';
import { AppError, forbidden } from '../http/errors.ts';
import type { Classifier } from './service.ts';

const category = z.object({ category: z.string(), confidence: z.number() });

const predictionSchema = category.extend({
  alternatives: z.array(category),
  words: z.array(z.string()),
  modelId: z.string(),
});

/** POST /api/classify: the agent's and dispatcher's category suggestion for a request's text. */
export function classifyRoutes(app: FastifyInstance, classifier: Classifier): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/classify',
    {
      schema: {
        tags: ['智能分类'],
        summary: '按诉求内容预测一级分类（含置信度、备选分类和起决定作用的词）',
        description: 'confidence 为 0–1 的校准概率；alternatives 为最可能的三个分类（含最佳）。尚未训练模型时返回 409。',
        body: z.object({ text: z.string().trim().min(1, '请输入诉求内容').max(10_000, '内容不能超过 10000 字') }).strict(),
        response: { 200: predictionSchema },
      },
    },
    async (request) => {
      if (!hasRole(request.actor!, 'agent', 'dispatcher', 'admin')) throw forbidden('只有话务员、派单员和系统管理员可以使用智能分类');
      const prediction = await classifier.predict(request.body.text);
      if (!prediction) throw new AppError(409, 'no_model', '尚未训练分类模型：请先运行 open12345 classify train');
      return prediction;
    },
  );
}
