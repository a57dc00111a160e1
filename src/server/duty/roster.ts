import { formatInstant, type Instant } from '../../core/calendar/civil-date.ts';
import { openLabel, openState, unitCalendar, unitHoursLabel, type UnitHours } from '../../core/calendar/unit-hours.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import { coversUnit, hasRole, type Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import type { UnitContact } from '../units/admin.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';

/**
 * 值班表: a unit's roster entries — who is on duty (值班), a leader's day answering at the hotline
 * (领导接听, 邵阳 第八条 领导接听日), a unit head's turn at the hotline (负责人轮值, 邵阳 第八条 部门负责人
 * 轮值日, 重庆 第六条（一）驻场轮值) — each with its time span and a phone to reach the person.
 * Entries stay on record after they end, so who was on duty at an hour can be shown afterwards (大足
 * 第十条（二）: 值班制度不落实 is answered for). Every instant compared is the app's clock (ctx.now), never the
 * database's.
 */

export const DUTY_KINDS = ['duty', 'leader', 'rota'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const DUTY_KIND_LABELS: Record<DutyKind, string> = { duty: '值班', leader: '领导接听', rota: '负责人轮值' };

export interface EntryRow {
  id: string;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  kind: DutyKind;
  person_name: string;
  title: string | null;
  phone: string | null;
  starts_at: Date;
  ends_at: Date;
  note: string | null;
}

export const ENTRY_SELECT = `SELECT d.id, d.unit_id, u.name AS unit_name, u.path AS unit_path, d.kind, d.person_name, d.title, d.phone,
    d.starts_at, d.ends_at, d.note
  FROM duty_entries d JOIN units u ON u.id = d.unit_id`;

/**
 * Duty phones are shown as callers' are (core/ticket/privacy.ts): in full to the center, which must
 * reach the person, and to the unit's own staff and the units above it; masked to other units.
 */
export function seesPhone(actor: Actor, unitPath: string): boolean {
  return actor.isCenter || coversUnit(actor, unitPath);
}

export function presentEntry(actor: Actor, r: EntryRow, now: Instant) {
  const full = seesPhone(actor, r.unit_path);
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    kind: r.kind,
    kindLabel: DUTY_KIND_LABELS[r.kind],
    name: r.person_name,
    title: r.title,
    phone: full ? r.phone : maskPhone(r.phone),
    phoneMasked: !full && r.phone !== null,
    startsAt: formatInstant(r.starts_at.getTime()),
    endsAt: formatInstant(r.ends_at.getTime()),
    note: r.note,
    current: r.starts_at.getTime() <= now && now < r.ends_at.getTime(),
  };
}
export type PresentedEntry = ReturnType<typeof presentEntry>;

export interface UnitRow {
  id: string;
  name: string;
  path: string;
  kind: string;
  active: boolean;
  own_hours: UnitHours | null;
  /** The unit's standing contacts (系统管理 · 单位), shown where no one is on the roster. */
  contacts: UnitContact[];
}

export const UNIT_COLUMNS = 'id, name, path, kind, active, own_hours, contacts';

/** A unit's hours and whether it is at work now, by its own hours or the deployment's. */
export function presentUnitState(ctx: AppContext, u: UnitRow, now: Instant) {
  const state = openState(unitCalendar(ctx.calendar, u.own_hours), now);
  return {
    unitId: u.id,
    unitName: u.name,
    hours: { mode: u.own_hours?.mode ?? ('office' as const), label: unitHoursLabel(u.own_hours), config: u.own_hours?.mode === 'own' ? u.own_hours.hours : null },
    open: state.open,
    aroundTheClock: state.aroundTheClock,
    closesAt: state.closesAt === null ? null : formatInstant(state.closesAt),
    opensAt: state.opensAt === null ? null : formatInstant(state.opensAt),
    stateLabel: openLabel(state, now),
  };
}

export async function unitForRoster(db: Queryable, unitId: string, lock = false): Promise<UnitRow> {
  const { rows } = await db.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM units WHERE id = $1${lock ? ' FOR SHARE' : ''}`, [unitId]);
  if (!rows[0]) throw notFound('单位不存在');
  return rows[0];
}

/** 系统管理员 for any unit; a unit's own 单位管理员 for its unit (邵阳 第二十七条: each unit provides its 值班表). */
export function mayEditRoster(actor: Actor, unitId: string): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'unit_admin') && actor.unit.id === unitId);
}

export function requireRosterEditor(actor: Actor, unit: { id: string; name: string }): void {
  if (!mayEditRoster(actor, unit.id)) throw forbidden(`只有系统管理员或「${unit.name}」的单位管理员可以编辑该单位的值班表`);
}

export interface EntryInput {
  kind: DutyKind;
  name: string;
  title?: string | null | undefined;
  phone?: string | null | undefined;
  startsAt: Instant;
  endsAt: Instant;
  note?: string | null | undefined;
}

const MAX_SPAN_DAYS = 31;

/** What the schema cannot check alone: the span's order and length, and a phone for whoever is on duty. */
export function checkEntry(e: EntryInput): void {
  if (e.endsAt <= e.startsAt) throw invalid('结束时间应晚于开始时间', [{ path: 'endsAt', message: '结束时间应晚于开始时间' }]);
  if (e.endsAt - e.startsAt > MAX_SPAN_DAYS * 86_400_000) {
    throw invalid(`一条安排最长 ${MAX_SPAN_DAYS} 天，更长的值班请分段登记`, [{ path: 'endsAt', message: `最长 ${MAX_SPAN_DAYS} 天` }]);
  }
  // the hotline must be able to reach whoever is on duty at any hour (邵阳 第二十条 24小时响应)
  if (e.kind === 'duty' && !e.phone) throw invalid('值班安排须填写联系电话，以便热线随时联系到值班人员', [{ path: 'phone', message: '请填写联系电话' }]);
}

export async function insertEntry(tx: Queryable, unitId: string, e: EntryInput, actor: Actor, now: Instant): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO duty_entries (unit_id, kind, person_name, title, phone, starts_at, ends_at, note, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10) RETURNING id`,
    [unitId, e.kind, e.name, e.title || null, e.phone || null, new Date(e.startsAt), new Date(e.endsAt), e.note || null, actor.id, new Date(now)],
  );
  return rows[0]!.id;
}

export async function updateEntry(tx: Queryable, id: string, e: EntryInput, actor: Actor, now: Instant): Promise<void> {
  await tx.query(
    `UPDATE duty_entries SET kind = $2, person_name = $3, title = $4, phone = $5, starts_at = $6, ends_at = $7, note = $8, updated_by = $9, updated_at = $10
     WHERE id = $1`,
    [id, e.kind, e.name, e.title || null, e.phone || null, new Date(e.startsAt), new Date(e.endsAt), e.note || null, actor.id, new Date(now)],
  );
}

export async function entryForUpdate(tx: Queryable, id: string): Promise<EntryRow> {
  const { rows } = await tx.query<EntryRow>(`${ENTRY_SELECT} WHERE d.id = $1 FOR UPDATE OF d`, [id]);
  if (!rows[0]) throw notFound('值班安排不存在');
  return rows[0];
}
