import { dayFromYmd, DAY_MS, HOUR_MS, MINUTE_MS, SHANGHAI_OFFSET_MS, type Instant } from '../../../core/calendar/civil-date.ts';
import { CHANNEL_LABELS, SATISFACTION_LABELS } from '../../../core/ticket/labels.ts';
import { TICKET_TYPE_LABELS, type Channel, type TicketType } from '../../../core/vocabulary.ts';
import { MAX_CONTENT } from '../schemas.ts';
import { columnName, ImportRowError, type ColumnKey } from './columns.ts';

/** One row of a legacy file, checked: code names, instants, counts. */
export interface LegacyTicket {
  row: number;
  number: string;
  registeredAt: Instant;
  channel: Channel;
  type: TicketType;
  category: string | null;
  content: string;
  address: string | null;
  callerName: string | null;
  callerPhone: string | null;
  /** The lead unit as written (a name, or a path of names); null for a request answered by the center itself. */
  unit: string | null;
  dispatchedAt: Instant | null;
  signedAt: Instant | null;
  /** The handling limit as the old system kept it; null to compute it with the preset, as dispatch does. */
  dueAt: Instant | null;
  /** A limit given as a day (no time): the end of that day, which needs the calendar (民法典 第二百零三条). */
  dueDay: number | null;
  repliedAt: Instant | null;
  contacted: boolean | null;
  returns: number;
  extensions: number;
  redo: number;
  visitedAt: Instant | null;
  satisfaction: 'satisfied' | 'basic' | 'dissatisfied' | null;
  resolution: 'resolved' | 'partly' | 'unresolved' | null;
  appeal: 'approved' | 'rejected' | null;
  closedAt: Instant;
  process: string | null;
  result: string | null;
}

const RESOLUTION_LABELS = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' } as const;
const APPEAL_LABELS = { approved: '通过', rejected: '未通过' } as const;
const YES = ['是', '已联系', 'y', 'yes', 'true', '1'];
const NO = ['否', '未联系', 'n', 'no', 'false', '0'];

/** A value by its code or its Chinese label (a trailing 类 allowed: 投诉类). */
function oneOf<T extends string>(labels: Record<T, string>, raw: string, what: string): T {
  const v = raw.trim();
  const bare = v.endsWith('类') ? v.slice(0, -1) : v;
  const hit = (Object.keys(labels) as T[]).find((code) => code === v.toLowerCase() || labels[code] === v || labels[code] === bare);
  if (!hit) throw new Error(`${what}「${v}」无效，应为 ${(Object.keys(labels) as T[]).map((c) => `${labels[c]}（${c}）`).join('、')}`);
  return hit;
}

const TIME_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * Beijing wall-clock time `YYYY-MM-DD HH:mm[:ss]` (also with / or a T, as spreadsheets write it),
 * whatever the process's time zone. A day alone is taken only where the column allows it.
 */
export function parseBeijingTime(text: string, allowDay: boolean): { at: Instant; day: number | null } {
  const m = TIME_RE.exec(text.trim());
  if (!m) throw new Error(`时间「${text}」格式不对，应为 YYYY-MM-DD HH:mm[:ss]（北京时间）`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayFromYmd(y, mo, d);
  const back = new Date(day * DAY_MS);
  if (mo < 1 || mo > 12 || back.getUTCMonth() + 1 !== mo || back.getUTCDate() !== d) throw new Error(`不存在的日期「${text}」`);
  if (m[4] === undefined) {
    if (!allowDay) throw new Error(`时间「${text}」缺少时刻，应为 YYYY-MM-DD HH:mm[:ss]（北京时间）`);
    return { at: day * DAY_MS - SHANGHAI_OFFSET_MS, day };
  }
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) throw new Error(`不存在的时刻「${text}」`);
  return { at: day * DAY_MS + hh * HOUR_MS + mm * MINUTE_MS + ss * 1000 - SHANGHAI_OFFSET_MS, day: null };
}

// A NUL or a lone surrogate cannot be stored in PostgreSQL text; the API refuses them too (invalid_text).
const UNREADABLE = new RegExp(`${String.fromCharCode(0)}|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`);

/**
 * Reads one row into a LegacyTicket, or throws ImportRowError with the first thing wrong with it,
 * in Chinese. `now` refuses times in the future: history has happened.
 */
export function readRow(row: number, cells: string[], at: Map<ColumnKey, number>, now: Instant): LegacyTicket {
  const raw = (k: ColumnKey) => {
    const i = at.get(k);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const fail = (reason: string): never => {
    throw new ImportRowError(row, reason);
  };
  for (const [k, i] of at) if (UNREADABLE.test(cells[i] ?? '')) fail(`${columnName(k)}包含无法识别的字符（如空字符）`);
  const text = (k: ColumnKey, max: number): string | null => {
    const v = raw(k);
    if (v.length > max) fail(`${columnName(k)}不能超过 ${max} 字`);
    return v || null;
  };
  const required = (k: ColumnKey, max: number): string => text(k, max) ?? fail(`${columnName(k)}为空`);
  const guarded = <T>(k: ColumnKey, fn: (v: string) => T): T | null => {
    const v = raw(k);
    if (!v) return null;
    try {
      return fn(v);
    } catch (error) {
      return fail(`${columnName(k)}：${(error as Error).message}`);
    }
  };
  const time = (k: ColumnKey) => guarded(k, (v) => parseBeijingTime(v, false).at);
  const count = (k: ColumnKey) =>
    guarded(k, (v) => {
      if (!/^\d{1,3}$/.test(v)) throw new Error(`「${v}」应为不小于 0 的整数`);
      return Number(v);
    }) ?? 0;

  const number = required('number', 50);
  if (/\s/.test(number)) fail(`${columnName('number')}「${number}」中不能有空格`);
  const phone = text('caller_phone', 20);
  if (phone && !/^[0-9+\-\s]{5,20}$/.test(phone)) fail(`${columnName('caller_phone')}「${phone}」格式不正确`);
  const due = guarded('due_at', (v) => parseBeijingTime(v, true));
  const t: LegacyTicket = {
    row,
    number,
    registeredAt: time('registered_at') ?? fail(`${columnName('registered_at')}为空`),
    channel: guarded('channel', (v) => oneOf(CHANNEL_LABELS, v, '渠道')) ?? fail(`${columnName('channel')}为空`),
    type: guarded('type', (v) => oneOf(TICKET_TYPE_LABELS, v, '诉求类型')) ?? fail(`${columnName('type')}为空`),
    category: text('category', 100),
    content: required('content', MAX_CONTENT),
    address: text('address', 300),
    callerName: text('caller_name', 50),
    callerPhone: phone,
    unit: text('unit', 300),
    dispatchedAt: time('dispatched_at'),
    signedAt: time('signed_at'),
    dueAt: due && due.day === null ? due.at : null,
    dueDay: due?.day ?? null,
    repliedAt: time('replied_at'),
    contacted: guarded('contacted', (v) => {
      const x = v.toLowerCase();
      if (YES.includes(x)) return true;
      if (NO.includes(x)) return false;
      throw new Error(`「${v}」应为 是 或 否`);
    }),
    returns: count('returns'),
    extensions: count('extensions'),
    redo: count('redo'),
    visitedAt: time('visited_at'),
    satisfaction: guarded('satisfaction', (v) => oneOf(SATISFACTION_LABELS, v, '满意度')),
    resolution: guarded('resolution', (v) => oneOf(RESOLUTION_LABELS, v, '解决情况')),
    appeal: guarded('appeal', (v) => oneOf(APPEAL_LABELS, v, '申诉结果')),
    closedAt: time('closed_at') ?? fail(`${columnName('closed_at')}为空：只能导入已办结的工单`),
    process: text('process', 5000),
    result: text('result', 5000),
  };
  checkLife(t, fail, now);
  return t;
}

/** The times must follow the ticket's life in order, and a share needs what the live engine always has. */
function checkLife(t: LegacyTicket, fail: (reason: string) => never, now: Instant): void {
  const order = (earlier: ColumnKey, a: Instant | null, later: ColumnKey, b: Instant | null) => {
    if (a !== null && b !== null && b < a) fail(`${columnName(later)}早于${columnName(earlier)}`);
  };
  if (t.unit) {
    if (t.dispatchedAt === null) fail(`有主办单位但${columnName('dispatched_at')}为空`);
    if (t.repliedAt === null) fail(`有主办单位但${columnName('replied_at')}为空（只能导入已办结的工单）`);
    if (t.contacted === null) fail(`${columnName('contacted')}为空（应为 是 或 否，计入响应率）`);
  } else {
    for (const k of ['dispatched_at', 'signed_at', 'due_at', 'extensions'] as const) {
      const has = k === 'extensions' ? t.extensions > 0 : k === 'due_at' ? t.dueAt !== null || t.dueDay !== null : (k === 'dispatched_at' ? t.dispatchedAt : t.signedAt) !== null;
      if (has) fail(`${columnName(k)}有值但${columnName('unit')}为空`);
    }
  }
  order('registered_at', t.registeredAt, 'dispatched_at', t.dispatchedAt);
  order('dispatched_at', t.dispatchedAt, 'signed_at', t.signedAt);
  order('signed_at', t.signedAt ?? t.dispatchedAt, 'replied_at', t.repliedAt);
  order('registered_at', t.registeredAt, 'replied_at', t.repliedAt);
  order('replied_at', t.repliedAt ?? t.registeredAt, 'visited_at', t.visitedAt);
  for (const [k, v] of [['registered_at', t.registeredAt], ['replied_at', t.repliedAt], ['visited_at', t.visitedAt]] as const) order(k, v, 'closed_at', t.closedAt);
  if (t.dueAt !== null && t.dispatchedAt !== null && t.dueAt <= t.dispatchedAt) fail(`${columnName('due_at')}不晚于${columnName('dispatched_at')}`);
  if (t.closedAt > now) fail(`${columnName('closed_at')}晚于现在：只能导入已办结的工单`);
  if (t.appeal && t.satisfaction !== 'dissatisfied') fail(`有${columnName('appeal')}，但满意度不是“不满意”（只有不满意的回访可以申诉）`);
}
