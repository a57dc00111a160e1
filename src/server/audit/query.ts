import { formatInstant, parseDay, startOfDay } from '../../core/calendar/civil-date.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { Db } from '../db/connection.ts';
import type { Vault } from '../privacy/vault.ts';
import { invalid } from '../http/errors.ts';
import { actionLabel } from './labels.ts';

export interface AuditFilter {
  userId?: string | undefined;
  unitId?: string | undefined;
  /** A ticket's number or id. */
  ticket?: string | undefined;
  /** The caller's phone: records about any ticket of that caller. */
  phone?: string | undefined;
  action?: string | undefined;
  /** Days (YYYY-MM-DD, Asia/Shanghai), both included. */
  from?: string | undefined;
  to?: string | undefined;
}

function dayStart(text: string, field: string): Date {
  try {
    return new Date(startOfDay(parseDay(text)));
  } catch {
    throw invalid(`${field} 应为 YYYY-MM-DD 格式的日期`, [{ path: field, message: '日期无效' }]);
  }
}

/** WHERE clause and parameters for a filter; the caller's tickets are found as caller history finds them. */
function where(f: AuditFilter, vault: Vault): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const parts: string[] = [];
  if (f.userId) parts.push(`a.actor_id::text = ${p(f.userId.toLowerCase())}`);
  if (f.unitId) parts.push(`a.actor_unit_id::text = ${p(f.unitId.toLowerCase())}`);
  if (f.ticket) parts.push(`(a.ticket_id::text = ${p(f.ticket.toLowerCase())} OR t.number = ${p(f.ticket)})`);
  if (f.phone) parts.push(`a.ticket_id IN (SELECT id FROM tickets WHERE caller_phone_idx = ${p(vault.phoneIndex(f.phone))})`);
  if (f.action) parts.push(`(a.action = ${p(f.action)} OR a.action LIKE ${p(`${f.action.replace(/[\\%_]/g, (m) => `\\${m}`)}.%`)})`);
  if (f.from) parts.push(`a.at >= ${p(dayStart(f.from, 'from'))}`);
  if (f.to) parts.push(`a.at < ${p(new Date(dayStart(f.to, 'to').getTime() + 86_400_000))}`);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

interface Row {
  id: string;
  seq: string | null;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_unit_name: string | null;
  client_address: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ticket_id: string | null;
  ticket_number: string | null;
  caller_phone: string | null;
  detail: Record<string, unknown>;
}

function present(r: Row, vault: Vault) {
  return {
    seq: r.seq === null ? null : Number(r.seq),
    at: formatInstant(r.at.getTime()),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorUnit: r.actor_unit_name,
    clientAddress: r.client_address,
    action: r.action,
    actionLabel: actionLabel(r.action),
    objectType: r.object_type,
    objectId: r.object_id,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    // the security officer sees whose data it was, masked (最小必要)
    caller: maskPhone(vault.open(r.caller_phone)),
    detail: r.detail,
  };
}
export type AuditItem = ReturnType<typeof present>;

const SELECT = `SELECT a.id::text AS id, a.seq::text AS seq, a.at, a.actor_id, a.actor_name, a.actor_unit_name, a.client_address, a.action,
  a.object_type, a.object_id, a.ticket_id, t.number AS ticket_number, t.caller_phone, a.detail
  FROM audit_log a LEFT JOIN tickets t ON t.id = a.ticket_id`;

export async function listAudit(db: Db, vault: Vault, f: AuditFilter, page: number, pageSize: number): Promise<{ total: number; items: AuditItem[] }> {
  const w = where(f, vault);
  const [count, rows] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a LEFT JOIN tickets t ON t.id = a.ticket_id ${w.sql}`, w.params),
    db.query<Row>(`${SELECT} ${w.sql} ORDER BY a.at DESC, a.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, w.params),
  ]);
  return { total: count.rows[0]?.n ?? 0, items: rows.rows.map((r) => present(r, vault)) };
}

export const EXPORT_LIMIT = 50_000;

/** CSV for a spreadsheet: BOM so Excel reads UTF-8; cells that start a formula are quoted as text. */
export async function exportAudit(db: Db, vault: Vault, f: AuditFilter): Promise<{ csv: string; rows: number }> {
  const w = where(f, vault);
  const { rows } = await db.query<Row>(`${SELECT} ${w.sql} ORDER BY a.at, a.id LIMIT ${EXPORT_LIMIT}`, w.params);
  const header = ['序号', '时间', '操作人', '所属单位', '客户端地址', '操作', '对象', '工单编号', '来电人', '详情'];
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = rows.map((r) => present(r, vault)).map((r) =>
    [r.seq ?? '', r.at, r.actorName, r.actorUnit, r.clientAddress, r.actionLabel, r.objectId, r.ticketNumber, r.caller, JSON.stringify(r.detail)].map(cell).join(','),
  );
  return { csv: `\ufeff${[header.join(','), ...lines].join('\r\n')}\r\n`, rows: rows.length };
}
