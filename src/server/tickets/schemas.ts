import { z } from 'zod';
import { CHANNELS, TICKET_TYPES, URGENCIES } from '../../core/vocabulary.ts';

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
  })
  .strict()
  .refine((t) => t.anonymous || t.caller.phone, { message: '非匿名诉求请填写来电人电话', path: ['caller', 'phone'] });

export type CreateTicketInput = z.infer<typeof createTicketSchema>;

export const listQuerySchema = z
  .object({
    status: z.string().max(200).optional(),
    unitId: uuid.optional(),
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    q: z.string().max(100).optional(),
    phone: z.string().max(20).optional(),
    /** Shares of the actor's own unit in these states (a unit's inbox tabs). */
    assignmentStatus: z.string().max(200).optional(),
    /** Tickets waiting for the hotline's review of a return or an extension. */
    pending: z.enum(['return', 'extension']).optional(),
    dueSoon: z.enum(['true']).transform(() => true).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
