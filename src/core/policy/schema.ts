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
      /**
       * Still not done after this many rounds of 催办 and 督办 on the ticket (大足 第七条 numbers them
       * as one sequence: 第一次催办 … 第二次督办 … 督办2次仍未办结). Reaching the count says nothing about
       * when the matter has failed, so it may only raise a proposal (below), never act by itself.
       */
      z.object({ event: z.literal('afterSupervisions'), count: z.number().int().positive() }).strict(),
      /**
       * A supervision's own limit (clocks.supervision: 邵阳 第二十四条 5/10 working days) passed with the
       * share still not replied: the supervision has failed (经督办后仍未得到解决).
       */
      z.object({ event: z.literal('supervisionLapsed') }).strict(),
      /** Issued by a supervisor by hand; the regulation names means, not a trigger. */
      z.object({ event: z.literal('manual') }).strict(),
    ]),
    means: z.array(z.string().min(1)).min(1),
    /**
     * The platform does not act: it puts the step in the supervisor's 待我审批 as a proposal and a
     * person decides (where the text names an office that acts and sets no time for it).
     */
    proposal: z.boolean().optional(),
    basis: basisSchema,
  })
  .strict()
  .refine((r) => r.trigger.event !== 'afterSupervisions' || r.proposal === true, {
    message: '按督办次数触发的规则只能作为督办建议（proposal: true）：督办次数本身不说明督办已经失败',
    path: ['proposal'],
  })
  .refine((r) => r.trigger.event !== 'supervisionLapsed' || r.action === 'escalate', {
    message: '督办时限届满触发的只能是升级（escalate）',
    path: ['action'],
  });
export type ReminderRule = z.infer<typeof reminderSchema>;

export const SUPERVISION_DETECTORS = [
  /** An open ticket with at least `min` later requests linked to it as repeats (tickets.repeat_of). */
  'repeatedRequests',
  /** A ticket whose units asked to return it at least `min` times. */
  'repeatedReturns',
  /** A ticket with at least `min` returns the center refused (the unit's return was not justified). */
  'refusedReturns',
  /** One share given at least `min` extensions. */
  'repeatedExtensions',
  /** Sent back for redo and still dissatisfied through the unit's fault (a second redo). */
  'redoDissatisfied',
  /** A knowledge entry that expired after its owner unit was asked to update it (kb/expiry.ts). */
  'kbNotUpdated',
  /** Supervised at least `min` times and its unit has still sent no reply (大足 第十条（三）). */
  'supervisedNoReply',
  /** A 特殊事项 or 特殊紧急事项 whose unit let a limit pass (大足 第十条（一）对紧急事项拖延推诿). */
  'urgentOverdue',
] as const;
export type SupervisionDetector = (typeof SUPERVISION_DETECTORS)[number];

export const supervisionTriggerSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9-]+$/),
    /** What the clerk reads: the kind of matter as the article names it. */
    label: z.string().min(1),
    detect: z.enum(SUPERVISION_DETECTORS),
    /** The threshold where the detector counts; the texts set none, so the preset says it is ours. */
    min: z.number().int().positive().optional(),
    /** 督办 (with the supervision clock) or 催办, as the article says; 问责建议 where it names the
     * cases the center proposes accountability for (大足 第十条), sent to the bodies in `to`. */
    action: z.enum(['supervise', 'remind', 'accountability']),
    to: z.string().min(1).optional(),
    /** The center judges (e.g. 事实清楚、政策法规依据明确): a proposal in the supervisor's 待我审批. */
    proposal: z.boolean(),
    basis: basisSchema,
  })
  .strict()
  // accountability is the center's call, and goes to someone: 大足 第十条 区政务服务管理办会同区政府办公室提出问责建议
  .refine((t) => t.action !== 'accountability' || (t.proposal && t.to), { message: '问责建议须由督办员决定（proposal: true），并写明报送对象（to）' });
export type SupervisionTrigger = z.infer<typeof supervisionTriggerSchema>;

/**
 * 特殊事项、特殊紧急事项 (快速联动): whom the hotline reports such a matter to at once (凉山 第十二条（四）:
 * 州政府办公室), whether the units it goes to are told besides the order (电话告知相关承办部门), and the
 * matters the regulation sends to a named unit (邵阳 第十二条（二）: 自然灾害、事故灾害 → 应急管理局 …).
 */
export const fastLaneSchema = z
  .object({
    report: z
      .object({
        /** The office as the article names it; the notice goes to the deployment's gateway for it. */
        to: z.string().min(1),
        urgencies: z.array(z.enum(['special', 'emergency'])).min(1),
        basis: basisSchema,
      })
      .strict()
      .optional(),
    tellUnits: z.object({ urgencies: z.array(z.enum(['special', 'emergency'])).min(1), basis: basisSchema }).strict().optional(),
    routes: z
      .array(
        z
          .object({
            /** The kind of event as the article names it. */
            matter: z.string().min(1),
            /** Words of a request that name such an event. */
            keywords: z.array(z.string().min(1)).min(1),
            /** The unit, as the end of its name (“应急管理局” matches 市应急管理局 and 渝中区应急管理局). */
            unit: z.string().min(1),
            basis: basisSchema,
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export type FastLane = z.infer<typeof fastLaneSchema>;

/** What a return must carry besides its reason (凉山 第十二条（二）; 邵阳 第十三条). */
export const RETURN_FIELDS = ['basis', 'suggestedUnit'] as const;
export type ReturnField = (typeof RETURN_FIELDS)[number];

/**
 * How returns (退单) travel and what they carry, beyond their window (clocks.return). Absent: a
 * return of any share goes to the hotline and needs only its reason.
 */
export const returnsSchema = z
  .object({
    /**
     * 逐级向上提交 (CQ 第十三条（一）, DZ 第六条（一）): a share passed down to a sub-unit is returned to
     * the unit that passed it down, which takes it back or passes the return on to the hotline.
     */
    upChain: z.boolean(),
    /**
     * 累计时间 (same articles): one return window for the whole chain, counted from the start of the
     * first-level share; a share passed down gets what is left of it, not a window of its own.
     */
    cumulativeWindow: z.boolean(),
    /** The article for upChain and cumulativeWindow; required when either is set. */
    chainBasis: basisSchema.optional(),
    /** Fields a return must fill; `onsite`: only a return after an on-site check (邵阳 第十三条). */
    requiredFields: z
      .array(z.object({ field: z.enum(RETURN_FIELDS), when: z.enum(['always', 'onsite']), basis: basisSchema }).strict())
      .default([]),
  })
  .strict()
  .refine((r) => !(r.upChain || r.cumulativeWindow) || r.chainBasis !== undefined, {
    message: '逐级退回或累计退单时限须写明依据条款（chainBasis）',
    path: ['chainBasis'],
  })
  .refine((r) => new Set(r.requiredFields.map((f) => f.field)).size === r.requiredFields.length, {
    message: '同一退单字段只能列一次',
    path: ['requiredFields'],
  });
export type ReturnsRule = z.infer<typeof returnsSchema>;

export const policySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, '预设编号只能含小写字母、数字和连字符'),
    name: z.string().min(1),
    document: z.object({ title: z.string().min(1), number: z.string().min(1), file: z.string() }).strict(),
    clocks: clocksSchema,
    extension: extensionSchema.nullable(),
    /** What a return past its window means: the unit is taken to have signed, or the return is overdue. */
    returnLapse: z.object({ effect: z.enum(['signed', 'overdue']), basis: basisSchema }).strict().nullable(),
    /** Where a return goes, whether its window is one for the whole chain, and what it must carry. */
    returns: returnsSchema.optional(),
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
    reply: z
      .object({
        rule: z.string().min(1),
        basis: basisSchema,
        /**
         * A matter that cannot be solved now needs its measures and a date by which it will be (邵阳
         * 第十五条: 制定具体措施……告知……明确的解决期限): the reply is refused without them.
         */
        unsolvedPlan: z.object({ basis: basisSchema }).strict().optional(),
      })
      .strict()
      .optional(),
    reminders: z.array(reminderSchema),
    /**
     * 本单位审核: a unit's reply waits for the unit's reviewer before it leaves the unit. `default` is
     * what a unit does unless its admin chose otherwise (units.reply_review); `checklist`, where the
     * text names the checks (大足 第五条（二）: 政策关、保密关、来源关、文字关), must be ticked in full to approve.
     */
    unitReview: z
      .object({
        default: z.boolean(),
        checklist: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]+$/), label: z.string().min(1) }).strict()).min(1).optional(),
        basis: basisSchema,
      })
      .strict()
      .optional(),
    /**
     * 牵头单位汇总答复: where a ticket has a lead (主办) and assisting (协办) shares, the assisting units
     * reply to the lead, which answers once for all (重庆 第十三条（二）, 大足 第六条（二）, 凉山 第十一条（三）).
     * Absent: every unit's reply goes to the center (joint 会签 shares always do).
     */
    consolidation: z.object({ basis: basisSchema }).strict().optional(),
    /**
     * Kinds of matter the hotline supervises beyond the clocks (邵阳 第二十四条, 凉山 第二十二条, 重庆
     * 第十五条), as far as the data can tell them: evaluated by the supervision-trigger job, each at most
     * once per matter.
     */
    supervisionTriggers: z.array(supervisionTriggerSchema).optional(),
    fastLane: fastLaneSchema.optional(),
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
        /** The hotline may visit by SMS, the caller answering 1/2/3 (凉山 第十三条（一）短信回访). */
        sms: z
          .object({
            /** Sent by the platform once the ticket waits for its visit (凉山: 办结后，及时进行短信回访), not only by a visitor. */
            auto: z.boolean().optional(),
            basis: basisSchema,
          })
          .strict()
          .optional(),
        /**
         * A caller not reached after this many tries may be closed as 联系不上; such a visit is not
         * rated (the texts say nothing of how it counts: it is left out of the satisfaction rate).
         */
        unreachable: z.object({ attempts: z.number().int().positive(), counts: z.literal('notRated'), basis: basisSchema }).strict().optional(),
        /**
         * Kinds of matter handled by law rather than by satisfaction (行政调解类、执法办案类: 重庆 第十四条,
         * 凉山 第十三条（三）, 邵阳 第二十五条, 四川 五（二）): the center marks a ticket with one, and its
         * visit is left out of the satisfaction rate.
         */
        exemptKinds: z
          .array(z.object({ code: z.string().regex(/^[a-z0-9-]+$/), label: z.string().min(1), basis: basisSchema }).strict())
          .optional(),
      })
      .strict(),
  })
  .strict()
  .refine((p) => !p.returns?.cumulativeWindow || p.clocks.return !== undefined, {
    message: '累计退单时限须有退单时限（clocks.return）',
    path: ['returns', 'cumulativeWindow'],
  });

export type Policy = z.infer<typeof policySchema>;
