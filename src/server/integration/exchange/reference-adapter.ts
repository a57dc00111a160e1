import { z } from 'zod';
import { parseInstant } from '../../../core/calendar/civil-date.ts';
import { leaderInstructionFlagSchema } from '../../../core/flags/ticket-flags.ts';
import { TICKET_TYPES, URGENCIES } from '../../../core/vocabulary.ts';
import { CALENDAR_YEARS, instant } from '../../http/schemas.ts';
import { MAX_CONTENT } from '../../tickets/schemas.ts';
import type { ReadAck, ReadOrder, UpperPlatformAdapter, UpperReport } from './adapter.ts';

/**
 * The reference adapter: the plain JSON mapping documented in the README (上级平台交换), which a
 * deployment's own adapter for a real platform follows field by field. Used by the tests.
 *
 * In:  { orderId, title?, content, type?, urgency?, caller?: { name?, phone? }, anonymous?, address?,
 *        category?, deadline?, instructions?, national?, leaderInstruction?: { by, text, on? } }
 * Out: { orderId, messageId, kind, localNumber, at, status, text, reply?, visit? }
 * Ack: HTTP 2xx with { "ack": true, "receipt"?: string }; anything else is retried.
 */
const text = (max: number, label: string) => z.string({ error: `${label}应为文字` }).trim().max(max, `${label}不能超过 ${max} 字`);

const orderSchema = z
  .object({
    orderId: z
      .string({ error: '请提供上级平台工单编号 orderId' })
      .trim()
      .min(1, '请提供上级平台工单编号 orderId')
      .max(40, '上级平台工单编号不能超过 40 位')
      .regex(/^[A-Za-z0-9-]+$/, '上级平台工单编号只能是字母、数字和连字符'),
    title: text(200, '标题').optional(),
    content: z.string({ error: '请提供诉求内容 content' }).trim().min(1, '请提供诉求内容 content').max(MAX_CONTENT, `诉求内容不能超过 ${MAX_CONTENT} 字`),
    type: z.enum(TICKET_TYPES, { error: `诉求类型 type 应为 ${TICKET_TYPES.join('/')} 之一` }).default('help'),
    urgency: z.enum(URGENCIES, { error: `紧急程度 urgency 应为 ${URGENCIES.join('/')} 之一` }).default('normal'),
    caller: z
      .object({ name: text(50, '诉求人姓名').optional(), phone: z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '诉求人电话格式不正确').optional() })
      .strict()
      .default({}),
    anonymous: z.boolean().optional(),
    address: text(300, '地址').optional(),
    category: text(100, '分类').optional(),
    deadline: instant(CALENDAR_YEARS).optional(),
    instructions: text(2000, '交办意见').optional(),
    national: z.boolean().default(false),
    leaderInstruction: leaderInstructionFlagSchema.optional(),
  })
  .strict();

export const referenceAdapter: UpperPlatformAdapter = {
  id: 'reference',
  readOrder(body: unknown): ReadOrder {
    const parsed = orderSchema.safeParse(body);
    if (!parsed.success) return { problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    const o = parsed.data;
    return {
      order: {
        externalId: o.orderId,
        ...(o.title ? { title: o.title } : {}),
        content: o.content,
        type: o.type,
        urgency: o.urgency,
        caller: o.caller,
        // without a phone the hotline cannot call back: the order is anonymous to it
        anonymous: o.anonymous ?? !o.caller.phone,
        ...(o.address ? { address: o.address } : {}),
        ...(o.category ? { category: o.category } : {}),
        deadline: o.deadline ? parseInstant(o.deadline) : null,
        instructions: o.instructions ?? null,
        national: o.national,
        ...(o.leaderInstruction ? { leaderInstruction: o.leaderInstruction } : {}),
      },
    };
  },
  writeReport(r: UpperReport) {
    return {
      orderId: r.externalId,
      messageId: r.messageId,
      kind: r.kind,
      localNumber: r.ticketNumber,
      at: r.at,
      status: r.status,
      text: r.text,
      ...(r.reply ? { reply: r.reply } : {}),
      ...(r.visit ? { visit: r.visit } : {}),
    };
  },
  readAck(status: number, body: unknown): ReadAck {
    if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
    const b = body as { ack?: unknown; receipt?: unknown } | null;
    if (!b || b.ack !== true) return { ok: false, error: '上级平台未确认（应答缺少 "ack": true）' };
    return { ok: true, receipt: typeof b.receipt === 'string' ? b.receipt.slice(0, 200) : null };
  },
};

/** The adapters this build knows, by id; a deployment adds its own here. */
export const ADAPTERS: Record<string, UpperPlatformAdapter> = { reference: referenceAdapter };
