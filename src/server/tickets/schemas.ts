import { z } from 'zod';
import { TICKET_STATUSES } from '../../core/ticket/machine.ts';
import { CHANNELS, TICKET_TYPES, URGENCIES } from '../../core/vocabulary.ts';
import { enterpriseFlagSchema, leaderInstructionFlagSchema, nationalFlagSchema, TICKET_FLAGS } from '../../core/flags/ticket-flags.ts';

export const MAX_CONTENT = 10_000;

import { uuid } from '../http/schemas.ts';

// Ids are uuids: anything else is refused with 422 before it reaches PostgreSQL.
export { uuid, uuidParams as idParams } from '../http/schemas.ts';
const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const phone = z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确');

export const createTicketSchema = z
  .object({
    channel: z.enum(CHANNELS),
    caller: z
      .object({ name: text(50, '来电人姓名').optional(), phone: phone.optional() })
      .strict()
      .default({}),
    content: z.string().trim().min(1, '请填写诉求内容').max(MAX_CONTENT, `诉求内容不能超过 ${MAX_CONTENT} 字`),
    type: z.enum(TICKET_TYPES),
    urgency: z.enum(URGENCIES).default('normal'),
    title: text(200, '标题').optional(),
    address: text(300, '地址').optional(),
    category: text(100, '分类').optional(),
    anonymous: z.boolean().default(false),
    confidential: z.boolean().default(false),
    /** The unit a complaint or report is about; it will never see the caller. */
    subjectUnitId: uuid.optional(),
    /** 情况复杂: the preset's longer handling limit applies where the regulation has one. */
    complex: z.boolean().default(false),
    attachments: z.array(uuid).max(20, '附件最多 20 个').default([]),
    // 工单标记 (src/core/flags/ticket-flags.ts): 涉企诉求, 国办工单 (重庆 第八条（二）), 领导批示件 (邵阳 第二十七条)
    enterprise: enterpriseFlagSchema.optional(),
    national: nationalFlagSchema.optional(),
    leaderInstruction: leaderInstructionFlagSchema.optional(),
    /** The deputy whose request it is (邵阳 第十八条); unset: found by the caller's phone in the register; null: none. */
    deputyId: uuid.nullable().optional(),
    /** The call this request came in on (the screen pop's call id): linked to the ticket with its recording. */
    callId: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((t) => t.anonymous || t.caller.phone, { message: '非匿名诉求请填写来电人电话', path: ['caller', 'phone'] });

export type CreateTicketInput = z.infer<typeof createTicketSchema>;

/** A comma-separated list of known values (status=dispatched,handling), each checked: 422 names the bad one. */
const listOf = <T extends string>(values: readonly T[], label: string) =>
  z
    .string()
    .max(300)
    .transform((v, c) => {
      const items = [...new Set(v.split(',').map((x) => x.trim()).filter(Boolean))];
      const bad = items.find((x) => !values.includes(x as T));
      if (bad !== undefined) {
        c.addIssue({ code: 'custom', message: `${label}“${bad.slice(0, 30)}”无效` });
        return z.NEVER;
      }
      return items as T[];
    });

/** A calendar day in Asia/Shanghai, as the date pickers send it. */
const day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为 YYYY-MM-DD 格式的日期`)
    .refine((d) => {
      const t = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
    }, `${label}不是有效的日期`);

export const SATISFACTIONS = ['satisfied', 'basic', 'dissatisfied'] as const;
export const LIST_SORTS = ['-createdAt', 'createdAt', '-number', 'number'] as const;

export const listQuerySchema = z
  .object({
    status: listOf(TICKET_STATUSES, '状态').optional(),
    /** Shares of exactly this unit (the dispatcher's and supervisor's lists). */
    unitId: uuid.optional(),
    /** Shares of this unit or any unit below it (工单查询). */
    unit: uuid.optional(),
    overdue: z.enum(['true', 'false'], { error: '是否超期应为 true 或 false' }).transform((v) => v === 'true').optional(),
    /** Words of the request, cut as the knowledge base cuts them (jieba): every word must occur. */
    q: z.string().trim().max(100, '查询内容不能超过 100 字').optional(),
    number: z.string().trim().regex(/^\d{1,20}$/, '工单编号只能是数字').optional(),
    /** The caller's number: center roles only; matched through the blind index (phones are sealed). */
    phone: z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确').optional(),
    from: day('开始日期').optional(),
    to: day('结束日期').optional(),
    type: listOf(TICKET_TYPES, '诉求类型').optional(),
    channel: listOf(CHANNELS, '渠道').optional(),
    /** A category and everything under it: 城乡建设 also finds 城乡建设/路灯照明. */
    category: z.string().trim().min(1).max(100, '分类不能超过 100 字').optional(),
    satisfaction: listOf(SATISFACTIONS, '满意度').optional(),
    /** Tickets carrying any of these flags (涉企诉求、国办工单、领导批示件、代表委员件). */
    flag: listOf(TICKET_FLAGS, '工单标记').optional(),
    /** Shares of the actor's own unit in these states (a unit's inbox tabs). */
    assignmentStatus: z.string().max(200).optional(),
    /**
     * Tickets waiting for the hotline's review of a return or an extension; or (sms-reply) a visit whose
     * SMS reply was 不满意 or could not be read, for the visitor to decide (凉山 第十三条（三）); or
     * (sms-failed) a visit whose SMS the gateway reported undelivered, for the visitor to call.
     */
    pending: z.enum(['return', 'extension', 'sms-reply', 'sms-failed']).optional(),
    dueSoon: z.enum(['true']).transform(() => true).optional(),
    sort: z.enum(LIST_SORTS, { error: `排序只能是 ${LIST_SORTS.join('、')}` }).default('-createdAt'),
    page: z.coerce.number({ error: '页码应为数字' }).int().min(1, '页码从 1 开始').max(100_000).default(1),
    pageSize: z.coerce.number({ error: '每页条数应为数字' }).int().min(1).max(100, '每页最多 100 条').default(20),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '开始日期不能晚于结束日期', path: ['from'] });

export type ListQuery = z.infer<typeof listQuerySchema>;
