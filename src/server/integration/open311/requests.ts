import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../../core/ticket/machine.ts';
import { maskName, maskPhonesIn } from '../../../core/ticket/privacy.ts';
import type { Queryable } from '../../db/connection.ts';
import type { Vault } from '../../privacy/vault.ts';
import { serviceOfCategory } from './services.ts';

/**
 * Open311's view of tickets. Only requests filed through Open311 are published: whoever filed them
 * with an app knew they would be public (as on FixMyStreet and city 311 sites); a call or a web
 * submission to the hotline was made in confidence and never appears here (重庆 第二十二条, 凉山 第二十条
 * keep callers' details to those who handle them). Even then, only public fields: no name, phone or
 * e-mail; phone numbers and the filer's name inside the description are masked as in notices.
 */
const CLOSED: TicketStatus[] = ['answered', 'rejected', 'referred', 'closed', 'terminated', 'merged', 'archived'];

export const open311Status = (status: string) => (CLOSED.includes(status as TicketStatus) ? 'closed' : 'open');

const statusesFor = (s: 'open' | 'closed') => (s === 'closed' ? CLOSED : (Object.keys(TICKET_STATUS_LABELS) as TicketStatus[]).filter((x) => !CLOSED.includes(x)));

export interface RequestFilter {
  ids?: string[];
  categories?: string[];
  start?: Date;
  end?: Date;
  statuses?: Array<'open' | 'closed'>;
}

interface Row {
  number: string; status: string; category: string | null; content: string; caller_name: string | null;
  created_at: Date; updated_at: Date; lat: number | null; long: number | null; address_string: string | null;
  media_url: string | null; agency: string | null; token: string;
}

/** Text with the filer's name (and any phone number or e-mail) masked. */
export function publicDescription(text: string, name: string | null): string {
  let out = maskPhonesIn(text).replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '***@***');
  if (name && name.length >= 2) out = out.split(name).join(maskName(name) ?? '**');
  return out;
}

function present(r: Row, vault: Vault) {
  const service = serviceOfCategory(r.category);
  return {
    service_request_id: r.number,
    status: open311Status(r.status),
    status_notes: r.status === 'visiting' ? '已办结，待回访' : (TICKET_STATUS_LABELS[r.status as TicketStatus] ?? r.status),
    service_name: service?.service_name ?? null,
    service_code: service?.service_code ?? null,
    description: publicDescription(r.content, vault.open(r.caller_name)),
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: formatInstant(r.created_at.getTime()),
    updated_datetime: formatInstant(r.updated_at.getTime()),
    expected_datetime: null,
    address: r.address_string,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.media_url,
  };
}
export type Open311Request = ReturnType<typeof present>;

/** GeoReport's GET requests: by ids (the other filters then do not apply), else by code, dates and status; newest first, at most 1000. */
export async function findRequests(db: Queryable, vault: Vault, f: RequestFilter): Promise<Open311Request[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.ids?.length) where.push(`t.number = ANY(${p(f.ids)}::text[])`);
  else {
    if (f.categories) where.push(`t.category = ANY(${p(f.categories)}::text[])`);
    if (f.start) where.push(`t.created_at >= ${p(f.start)}`);
    if (f.end) where.push(`t.created_at <= ${p(f.end)}`);
    if (f.statuses?.length) where.push(`t.status = ANY(${p(f.statuses.flatMap(statusesFor))}::text[])`);
  }
  const { rows } = await db.query<Row>(
    `SELECT t.number, t.status, t.category, t.content, t.caller_name, t.created_at, t.updated_at,
            o.lat, o.long, o.address_string, o.media_url, o.token,
            (SELECT un.name FROM assignments a JOIN units un ON un.id = a.unit_id
              WHERE a.ticket_id = t.id AND a.parent_id IS NULL AND a.status <> 'returned'
              ORDER BY (a.role = 'lead') DESC, a.created_at LIMIT 1) AS agency
       FROM open311_requests o JOIN tickets t ON t.id = o.ticket_id
      WHERE t.channel = 'open311' ${where.map((w) => `AND ${w}`).join(' ')}
      ORDER BY t.created_at DESC, t.number DESC LIMIT 1000`,
    params,
  );
  return rows.map((r) => present(r, vault));
}

export async function findToken(db: Queryable, token: string): Promise<{ service_request_id: string; token: string } | null> {
  const { rows } = await db.query<{ number: string }>('SELECT t.number FROM open311_requests o JOIN tickets t ON t.id = o.ticket_id WHERE o.token = $1', [token]);
  return rows[0] ? { service_request_id: rows[0].number, token } : null;
}
