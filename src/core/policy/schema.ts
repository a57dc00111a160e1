import { z } from 'zod';
import { CLOCK_STARTS, TICKET_TYPES } from '../vocabulary.ts';

/**
 * A regulation preset as data. Every rule carries its basis: the regulation file in
 * shared/regulations/ and the article, with the words of the article where they help a clerk.
 * A clock the regulation does not set is simply absent: we never invent one.
 */

export const basisSchema = z
  .object({
    file: z.string().regex(/^[a-z0-9-]+\.txt$/, '依据文件应为 regulations/ 下的文件名，例如 chongqing-2021.txt'),
    article: z.string().regex(/^第[一二三四五六七八九十百零]+条/, '条款应以“第X条”开头'),
    quote: z.string().min(1).optional(),
  })
  .strict();
export type Basis = z.infer<typeof basisSchema>;

const clockCore = {
  amount: z.number().nonnegative('时限不能为负数'),
  /** workingDays: 工作日; workingHours: 工作时间内的小时; hours: 自然小时 (7×24). */
  unit: z.enum(['workingDays', 'workingHours', 'hours']),
  from: z.enum(CLOCK_STARTS),
  /** 累计: the limit spans the whole chain of units up to the hotline (CQ 第十三条（一）). */
  cumulative: z.boolean().optional(),
  note: z.string().optional(),
  basis: basisSchema,
};

export const VARIANTS = ['complex', 'onsite', 'other'] as const;
export type Variant = (typeof VARIANTS)[number];
export const VARIANT_LABELS: Record<Variant, string> = {
  complex: '情况复杂',
  onsite: '需现场核实',
  other: '其他方式督办',
};

const variantRuleSchema = z.object(clockCore).strict();
export const clockRuleSchema = z
  .object({
    ...clockCore,
    variants: z.partialRecord(z.enum(VARIANTS), variantRuleSchema).optional(),
  })
  .strict();
export type ClockRule = z.infer<typeof clockRuleSchema>;
export type VariantRule = z.infer<typeof variantRuleSchema>;

const byTypeSchema = z
  .object({ byType: z.partialRecord(z.enum(TICKET_TYPES), clockRuleSchema) })
  .strict();
const byUrgencySchema = z
  .object({ byUrgency: z.partialRecord(z.enum(['special', 'emergency']), clockRuleSchema) })
  .strict();

export const clocksSchema = z
  .object({
    dispatch: clockRuleSchema.optional(),
    transfer: clockRuleSchema.optional(),
    sign: clockRuleSchema.optional(),
    return: clockRuleSchema.optional(),
    handle: byTypeSchema.optional(),
    firstResponse: byUrgencySchema.optional(),
    progress: byUrgencySchema.optional(),
    redo: clockRuleSchema.optional(),
    supervision: clockRuleSchema.optional(),
    answer: clockRuleSchema.optional(),
  })
  .strict();

export const extensionSchema = z
  .object({
    /** Working days before expiry by which the request must be made; 0 = any time before expiry. */
    leadWorkingDays: z.number().int().nonnegative(),
    /** How many extensions a ticket may have; null = the regulation sets no number. */
    maxCount: z.number().int().positive().nullable(),
    /** Longest extension in working days; null = no number set. */
    maxWorkingDays: z.number().int().positive().nullable(),
    excludedTypes: z.array(z.enum(TICKET_TYPES)),
    /** Who approves: the unit one level up, or the hotline center. */
    approver: z.enum(['upperUnit', 'center']),
    notifyCaller: z.boolean(),
    basis: basisSchema,
  })
  .strict();
export type ExtensionRule = z.infer<typeof extensionSchema>;

export const reminderSchema = z
  .object({
    level: z.number().int().positive(),
    action: z.enum(['remind', 'supervise', 'escalate']),
    trigger: z.discriminatedUnion('event', [
      /** The unit has not signed (responded) within n working days of dispatch. */
      z.object({ event: z.literal('notSigned'), workingDays: z.number().positive() }).strict(),
      /** The handling clock is about to run out (the deployment sets how soon). */
      z.object({ event: z.literal('dueSoon') }).strict(),
      z.object({ event: z.literal('overdue') }).strict(),
      /** Still not done after this many supervisions. */
      z.object({ event: z.literal('afterSupervisions'), count: z.number().int().positive() }).strict(),
      /** Issued by a supervisor by hand; the regulation names means, not a trigger. */
      z.object({ event: z.literal('manual') }).strict(),
    ]),
    means: z.array(z.string().min(1)).min(1),
    basis: basisSchema,
  })
  .strict();
export type ReminderRule = z.infer<typeof reminderSchema>;

export const policySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, '预设编号只能含小写字母、数字和连字符'),
    name: z.string().min(1),
    document: z.object({ title: z.string().min(1), number: z.string().min(1), file: z.string() }).strict(),
    clocks: clocksSchema,
    extension: extensionSchema.nullable(),
    /** What a return past its window means: the unit is taken to have signed, or the return is overdue. */
    returnLapse: z.object({ effect: z.enum(['signed', 'overdue']), basis: basisSchema }).strict().nullable(),
    /** Returns about these objects must carry on-site photos. */
    returnPhotos: z.object({ objects: z.array(z.string().min(1)).min(1), basis: basisSchema }).strict().nullable(),
    /**
     * 不予受理 grounds as the regulation lists them (重庆 第九条, 凉山 第九条, 邵阳 第十条): a refusal names
     * one; a ground marked `other` (the catch-all item) also needs the rule it rests on written out.
     * Absent: the regulation lists none, and a refusal states its reason and basis in words.
     */
    refusalGrounds: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z0-9-]+$/),
            label: z.string().min(1),
            other: z.boolean().optional(),
            basis: basisSchema,
          })
          .strict(),
      )
      .min(1)
      .optional(),
    /** What a unit's handling report must say (邵阳 第十五条) or how it answers the caller (重庆 第十三条). */
    reply: z.object({ rule: z.string().min(1), basis: basisSchema }).strict().optional(),
    reminders: z.array(reminderSchema),
    supervisionExtension: z
      .object({ maxCount: z.number().int().positive(), maxWorkingDays: z.number().int().positive(), basis: basisSchema })
      .strict()
      .nullable(),
    visit: z
      .object({
        /** A dissatisfied visit through the unit's fault sends the ticket back (重办) and is visited again. */
        redoOnFault: z.boolean(),
        /** Objective causes are explained and closed with a note (备注办结). */
        annotatedClosure: z.boolean(),
        /** The unit may appeal a dissatisfied rating (申诉/甄别). */
        appeal: z.boolean(),
        basis: z.array(basisSchema).min(1),
      })
      .strict(),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
