import { TICKET_FLAG_LABELS, type TicketFlag } from '../flags/ticket-flags.ts';

/** The words a ticket's timeline uses for its codes (timeline.ts, timeline-details.ts). */
export const ROLE: Record<string, string> = { lead: '主办', assist: '协办', joint: '会签' };
export const SATISFACTION: Record<string, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };
export const RESOLUTION: Record<string, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' };
export const VISIT_METHOD: Record<string, string> = { phone: '电话回访', sms: '短信回访', onsite: '现场回访', web: '网上评价' };
export const FAULT: Record<string, string> = { unit: '承办单位原因', objective: '客观原因' };
export const SUPERVISE_METHOD: Record<string, string> = { system: '系统督办', other: '电话、现场、发函等' };

/** A value of an event's data as a line of text: nothing for null. */
export const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
/** 工单标记 named in Chinese: 涉企诉求、国办工单. */
export const flagNames = (v: unknown) => (Array.isArray(v) ? v.map((f) => TICKET_FLAG_LABELS[f as TicketFlag] ?? '其他标记').join('、') : '');
