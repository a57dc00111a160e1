import { z } from 'zod';
import { REPORT_KINDS } from '../../../core/exchange/plan.ts';
import type { ReadAck, UpperPlatformAdapter, UpperReport } from './adapter.ts';
import { ADAPTERS, referenceAdapter } from './reference-adapter.ts';

/**
 * open12345 ↔ open12345 (跨区域转办, 重庆 第八条（二）; 川渝通办): the adapter one instance (B) names for
 * another (A) in its EXCHANGE_PLATFORMS. Orders are the reference adapter's JSON plus where they come
 * from (`origin`); reports are the reference adapter's. A reads B's reports with readReport and B's
 * answer to an order with readOrderAck — the same module on both sides, so the two cannot drift.
 *
 * Order: reference order + { origin?: { number } }
 * Report: { orderId, messageId, kind, localNumber, at, status, text, reply?, visit? }
 * Acks:   report → { ack: true, receipt }; order → 200/201 { ticketId, number }
 */
const originSchema = z.object({ number: z.string().trim().min(1).max(40) }).strict();

export interface PeerOrderOut {
  orderId: string;
  title?: string;
  content: string;
  type: string;
  urgency: string;
  caller: { name?: string; phone?: string };
  anonymous: boolean;
  address?: string;
  category?: string;
  deadline?: string;
  instructions?: string;
  origin: { number: string };
}

const when = z.string().max(40);
const reportSchema = z
  .object({
    orderId: z.string({ error: '请提供 orderId' }).trim().min(1, '请提供 orderId').max(60),
    messageId: z.string({ error: '请提供 messageId' }).trim().min(1, '请提供 messageId').max(100),
    kind: z.enum(REPORT_KINDS, { error: `kind 应为 ${REPORT_KINDS.join('/')} 之一` }),
    localNumber: z.string({ error: '请提供对方工单编号 localNumber' }).trim().min(1).max(40),
    at: when,
    status: z.string().max(40),
    text: z.string().max(5000),
    reply: z
      .object({ unitName: z.string().max(200).nullable(), result: z.string().max(5000).nullable(), process: z.string().max(5000).nullable(), at: when })
      .strict()
      .nullable()
      .optional(),
    visit: z
      .object({ satisfaction: z.string().max(40).nullable(), resolution: z.string().max(40).nullable(), method: z.string().max(40).nullable(), at: when.nullable() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export type PeerReportIn = Omit<UpperReport, 'externalId' | 'ticketNumber'> & { orderId: string; localNumber: string };

export const peerAdapter: UpperPlatformAdapter & {
  readReport(body: unknown): { report: PeerReportIn } | { problems: Array<{ path: string; message: string }> };
  readOrderAck(status: number, body: unknown): ReadAck;
} = {
  id: 'open12345',
  readOrder(body) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return referenceAdapter.readOrder(body);
    const { origin, ...rest } = body as Record<string, unknown>;
    const from = origin === undefined ? null : originSchema.safeParse(origin);
    if (from && !from.success) return { problems: [{ path: 'origin', message: '来源 origin 应为 { number }（原工单编号）' }] };
    const read = referenceAdapter.readOrder(rest);
    if ('problems' in read || !from) return read;
    // where it came from stays with the order's 交办意见 (the other instance's ticket number for the units)
    const note = `跨平台转办（原工单编号 ${from.data.number}）`;
    return { order: { ...read.order, instructions: read.order.instructions ? `${note}：${read.order.instructions}` : note } };
  },
  writeReport: (r) => referenceAdapter.writeReport(r),
  readAck: (status, body) => referenceAdapter.readAck(status, body),
  readReport(body) {
    const parsed = reportSchema.safeParse(body);
    if (!parsed.success) return { problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    const r = parsed.data;
    return { report: { ...r, reply: r.reply ?? null, visit: r.visit ?? null } };
  },
  readOrderAck(status, body) {
    if (status !== 200 && status !== 201) return { ok: false, error: `HTTP ${status}${errorOf(body)}` };
    const b = body as { number?: unknown } | null;
    if (!b || typeof b.number !== 'string') return { ok: false, error: '对方平台应答缺少工单编号 number' };
    return { ok: true, receipt: b.number };
  },
};

function errorOf(body: unknown): string {
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? `：${m.slice(0, 200)}` : '';
}

// registered beside the reference adapter (imported by config.ts and the app): a platform names it `open12345`
ADAPTERS[peerAdapter.id] = peerAdapter;
