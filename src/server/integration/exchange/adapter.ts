import type { ReportKind, UpperSchedule } from '../../../core/exchange/plan.ts';
import type { LeaderInstructionFlag } from '../../../core/flags/ticket-flags.ts';
import type { TicketType, Urgency } from '../../../core/vocabulary.ts';

/**
 * 上级平台适配器: what one upper platform (国务院“互联网+督查”, 国家政务服务平台, 省 12345 平台 …) speaks,
 * turned into the hotline's own order and report. The platforms differ in field names and envelopes;
 * the exchange (receive.ts, report.ts, deliver.ts) only sees these shapes. 凉山 第五条（三）, 凉山 第八条（二）,
 * 重庆 第八条（二）. The reference adapter (reference-adapter.ts) documents a plain JSON mapping (README).
 */

/** An order as the hotline takes it, whatever the platform's wire form. */
export interface UpperOrder {
  /** The platform's own number for the order: with the platform, what makes a second delivery the same order. */
  externalId: string;
  title?: string;
  content: string;
  type: TicketType;
  urgency: Urgency;
  caller: { name?: string; phone?: string };
  anonymous: boolean;
  address?: string;
  category?: string;
  /** The platform's deadline (an instant), or null when it sets none. */
  deadline: number | null;
  /** What the platform asks of the hotline with the order (交办意见). */
  instructions: string | null;
  /** 国办工单: passed down from the 国务院 platform (邵阳 第二十七条 counts it in the evaluation). */
  national: boolean;
  /** 领导批示件: a leader's instruction that came with the order. */
  leaderInstruction?: LeaderInstructionFlag;
}

/** A report back, in the hotline's terms; the adapter writes it in the platform's. */
export interface UpperReport {
  /** Unique per report: the platform's de-duplication key when a retry repeats a delivered report. */
  messageId: string;
  kind: ReportKind;
  externalId: string;
  /** The hotline's ticket number. */
  ticketNumber: string;
  /** When it happened, ISO 8601 +08:00. */
  at: string;
  status: string;
  /** What happened, in Chinese. */
  text: string;
  /** 办结: the units' reply, as the unit wrote it. */
  reply?: { unitName: string | null; result: string | null; process: string | null; at: string } | null;
  /** 办结: the visit (回访): how the caller judged it. */
  visit?: { satisfaction: string | null; resolution: string | null; method: string | null; at: string | null } | null;
}

export type ReadOrder = { order: UpperOrder } | { problems: Array<{ path: string; message: string }> };
export type ReadAck = { ok: true; receipt: string | null } | { ok: false; error: string };

export interface UpperPlatformAdapter {
  /** Adapter id as named in EXCHANGE_PLATFORMS. */
  id: string;
  /** The platform's wire form of an order → the order, or what is wrong with it (answered 422, in Chinese). */
  readOrder(body: unknown): ReadOrder;
  /** A report → the body posted to the platform (JSON). */
  writeReport(report: UpperReport): unknown;
  /** The platform's answer to a report → acknowledged (with its receipt), or not (retried later). */
  readAck(status: number, body: unknown): ReadAck;
}

/** One upper platform as a deployment configures it (EXCHANGE_PLATFORMS, a JSON array). */
export interface UpperPlatform {
  /** The id in the inbound address: POST /api/exchange/{id}/orders. */
  id: string;
  /** Its name for people: 国务院“互联网+督查”平台. */
  name: string;
  adapter: string;
  /** Where reports are posted. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` with each report, when the platform asks for one. */
  token?: string;
  /** Every order from it is a 国办工单 (the national platforms). */
  national?: boolean;
  /** The platform's schedule; DEFAULT_SCHEDULE's parts otherwise. */
  schedule?: Partial<UpperSchedule>;
}
