import { z } from 'zod';
import { day as realDay, uuid } from '../http/schemas.ts';

export { uuid, uuidParams as idParams } from '../http/schemas.ts';

const day = realDay();

const entryFields = z
  .object({
    title: z.string().trim().min(1, '请填写标题').max(200, '标题不能超过 200 字'),
    questions: z.array(z.string().trim().min(1, '问法不能为空').max(200, '每个问法不能超过 200 字')).max(50, '问法最多 50 个').default([]),
    answer: z.string().trim().min(1, '请填写答案').max(50_000, '答案不能超过 50000 字').describe('Markdown；其中的 HTML 按文本显示，不会被渲染'),
    category: z.string().trim().min(1).max(100, '分类不能超过 100 字').optional(),
    ownerUnitId: uuid.optional().describe('维护单位（谁提供、谁维护、谁更新）；不填为本单位'),
    basis: z
      .object({
        text: z.string().trim().min(1, '请填写依据').max(2000, '依据不能超过 2000 字'),
        url: z.string().trim().url('依据链接应为网址').max(500).optional(),
      })
      .strict()
      .optional(),
    effectiveFrom: day.optional(),
    expiresOn: day.optional(),
    visibility: z.enum(['internal', 'public']).default('internal').describe('internal 仅工作人员可见；public 公众自助查询也可见'),
    attachments: z.array(uuid).max(20, '附件最多 20 个').default([]),
  })
  .strict();

const datesInOrder = (e: { effectiveFrom?: string | undefined; expiresOn?: string | undefined }) => !e.effectiveFrom || !e.expiresOn || e.effectiveFrom <= e.expiresOn;
const DATES_MESSAGE = { message: '失效日期不能早于生效日期', path: ['expiresOn'] };

export const versionField = z.number().int().positive().optional().describe('乐观锁：提交时的条目版本，不一致返回 409');

export const entryInputSchema = entryFields.refine(datesInOrder, DATES_MESSAGE);
export const entryUpdateSchema = entryFields.extend({ version: versionField }).strict().refine(datesInOrder, DATES_MESSAGE);

export type EntryInput = z.infer<typeof entryInputSchema>;

/** An entry pushed by a unit's or a sub-centre's system (kb/feed.ts): its owner is the key's unit, no files. */
export const feedInputSchema = entryFields.omit({ ownerUnitId: true, attachments: true }).strict().refine(datesInOrder, DATES_MESSAGE);
export type FeedInput = z.infer<typeof feedInputSchema>;

export const transitionSchema = z
  .object({
    comment: z.string().trim().max(2000, '意见不能超过 2000 字').optional(),
    version: versionField,
  })
  .strict();

const states = z
  .string()
  .max(100)
  .regex(/^(draft|pending|published|expired|withdrawn)(,(draft|pending|published|expired|withdrawn))*$/, '状态应为 draft、pending、published、expired、withdrawn，多个用逗号分隔');

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1, '请输入要查找的内容').max(2000, '查询不能超过 2000 字'),
    category: z.string().max(100).optional(),
    ownerUnitId: uuid.optional(),
    state: states.optional().describe('默认只查已发布的条目'),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export const listQuerySchema = z
  .object({
    state: states.optional(),
    ownerUnitId: uuid.optional(),
    category: z.string().max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const feedbackSchema = z
  .object({
    helpful: z.boolean(),
    searchId: z.coerce.number().int().positive().optional().describe('该条目出现在哪次查询的结果中（查询结果返回的 searchId）'),
  })
  .strict();
