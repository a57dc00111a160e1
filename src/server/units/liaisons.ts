import { formatInstant, type Instant } from '../../core/calendar/civil-date.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import { coversUnit, hasRole, type Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { conflict, forbidden, invalid, notFound } from '../http/errors.ts';

/**
 * 热线联络员与驻场值守: each unit's fixed hotline liaison — whom the center's dispatchers and
 * supervisors call about the unit's tickets — with a backup, and the staff stationed at the hotline
 * (大足 第四条（二） 明确专职工作人员、相对固定的热线联络员，工作驻场值守人员; 凉山 第七条（一） 明确相对固定的
 * 专(兼)职工作人员负责热线办理工作). 相对固定: one liaison per unit; a unit without one is flagged to the
 * administrator (units/routes.ts). A liaison is a user of the unit or a named contact; either way it has
 * an office phone, a work number shown to every signed-in user; the mobile is masked like a duty phone.
 */
export const LIAISON_ROLES = ['liaison', 'backup', 'onsite'] as const;
export type LiaisonRole = (typeof LIAISON_ROLES)[number];
export const LIAISON_ROLE_LABELS: Record<LiaisonRole, string> = { liaison: '热线联络员', backup: '备用联络员', onsite: '驻场值守' };

export interface LiaisonRow {
  id: string;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  role: LiaisonRole;
  user_id: string | null;
  username: string | null;
  person_name: string;
  title: string | null;
  office_phone: string;
  mobile: string | null;
  note: string | null;
  updated_at: Date;
}

export const LIAISON_SELECT = `SELECT l.id, l.unit_id, un.name AS unit_name, un.path AS unit_path, l.role, l.user_id, us.username,
    l.person_name, l.title, l.office_phone, l.mobile, l.note, l.updated_at
  FROM unit_liaisons l JOIN units un ON un.id = l.unit_id LEFT JOIN users us ON us.id = l.user_id`;

const ROLE_ORDER = `CASE l.role WHEN 'liaison' THEN 0 WHEN 'backup' THEN 1 ELSE 2 END`;
export const LIAISON_ORDER = `ORDER BY un.path, ${ROLE_ORDER}, l.person_name`;

export function presentLiaison(actor: Actor, r: LiaisonRow) {
  // the mobile in full to the center, which must reach the person, and to the unit and those above it
  const full = actor.isCenter || coversUnit(actor, r.unit_path);
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    role: r.role,
    roleLabel: LIAISON_ROLE_LABELS[r.role],
    userId: r.user_id,
    username: r.username,
    name: r.person_name,
    title: r.title,
    officePhone: r.office_phone,
    mobile: full ? r.mobile : maskPhone(r.mobile),
    mobileMasked: !full && r.mobile !== null,
    note: r.note,
    updatedAt: formatInstant(r.updated_at.getTime()),
  };
}
export type PresentedLiaison = ReturnType<typeof presentLiaison>;

/**
 * Who keeps a unit's liaisons: the system administrator for every unit, and the unit's own 单位管理员
 * for its liaison and backup. The on-site staff are arranged by the center (大足 第四条（二） is the
 * 区政务服务管理办's duty): the administrator, or the center's own 单位管理员.
 */
export function mayEditLiaison(actor: Actor, unitId: string, role: LiaisonRole): boolean {
  if (hasRole(actor, 'admin')) return true;
  if (!hasRole(actor, 'unit_admin') || actor.unit.id !== unitId) return false;
  return role !== 'onsite' || actor.isCenter;
}

export function requireLiaisonEditor(actor: Actor, unit: { id: string; name: string }, role: LiaisonRole): void {
  if (!mayEditLiaison(actor, unit.id, role)) {
    throw forbidden(role === 'onsite' ? '驻场值守人员由系统管理员或热线中心的单位管理员安排' : `只有系统管理员或「${unit.name}」的单位管理员可以设置该单位的热线联络员`);
  }
}

export interface LiaisonInput {
  role: LiaisonRole;
  userId?: string | null | undefined;
  name?: string | null | undefined;
  title?: string | null | undefined;
  officePhone: string;
  mobile?: string | null | undefined;
  note?: string | null | undefined;
}

export async function unitForLiaison(db: Queryable, unitId: string): Promise<{ id: string; name: string; path: string; active: boolean }> {
  const { rows } = await db.query<{ id: string; name: string; path: string; active: boolean }>('SELECT id, name, path, active FROM units WHERE id = $1 FOR SHARE', [unitId]);
  if (!rows[0]) throw notFound('单位不存在');
  return rows[0];
}

/** The person's name: given, or the linked user's — who must be an active person of the unit itself. */
async function resolvePerson(tx: Queryable, unitId: string, e: LiaisonInput): Promise<string> {
  if (e.userId) {
    const { rows } = await tx.query<{ display_name: string; unit_id: string; active: boolean; kind: string }>(
      'SELECT display_name, unit_id, active, kind FROM users WHERE id = $1',
      [e.userId],
    );
    const u = rows[0];
    if (!u || u.kind !== 'person') throw invalid('所选用户不存在', [{ path: 'userId', message: '用户不存在' }]);
    if (u.unit_id !== unitId) throw invalid('联络员须为本单位的用户，或填写姓名作为联系人', [{ path: 'userId', message: '不是本单位的用户' }]);
    if (!u.active) throw invalid('所选用户已停用', [{ path: 'userId', message: '用户已停用' }]);
    return e.name || u.display_name;
  }
  if (!e.name) throw invalid('请选择本单位的用户，或填写联络员姓名', [{ path: 'name', message: '请填写姓名' }]);
  return e.name;
}

const oneLiaison = (unitName: string) => conflict(`「${unitName}」已有热线联络员（相对固定，每个单位一位），请修改现有联络员或设为备用联络员`, 'liaison_exists');

async function hasLiaison(tx: Queryable, unitId: string, except: string | null): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM unit_liaisons WHERE unit_id = $1 AND role = 'liaison' AND id IS DISTINCT FROM $2`, [unitId, except]);
  return rows.length > 0;
}

export async function insertLiaison(tx: Queryable, unit: { id: string; name: string }, e: LiaisonInput, actor: Actor, now: Instant): Promise<string> {
  const name = await resolvePerson(tx, unit.id, e);
  if (e.role === 'liaison' && (await hasLiaison(tx, unit.id, null))) throw oneLiaison(unit.name);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO unit_liaisons (unit_id, role, user_id, person_name, title, office_phone, mobile, note, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10) RETURNING id`,
    [unit.id, e.role, e.userId || null, name, e.title || null, e.officePhone, e.mobile || null, e.note || null, actor.id, new Date(now)],
  );
  return rows[0]!.id;
}

export async function updateLiaison(tx: Queryable, row: LiaisonRow, e: LiaisonInput, actor: Actor, now: Instant): Promise<void> {
  const name = await resolvePerson(tx, row.unit_id, e);
  if (e.role === 'liaison' && (await hasLiaison(tx, row.unit_id, row.id))) throw oneLiaison(row.unit_name);
  await tx.query(
    `UPDATE unit_liaisons SET role = $2, user_id = $3, person_name = $4, title = $5, office_phone = $6, mobile = $7, note = $8, updated_by = $9, updated_at = $10
     WHERE id = $1`,
    [row.id, e.role, e.userId || null, name, e.title || null, e.officePhone, e.mobile || null, e.note || null, actor.id, new Date(now)],
  );
}

export async function liaisonForUpdate(tx: Queryable, unitId: string, id: string): Promise<LiaisonRow> {
  const { rows } = await tx.query<LiaisonRow>(`${LIAISON_SELECT} WHERE l.id = $1 AND l.unit_id = $2 FOR UPDATE OF l`, [id, unitId]);
  if (!rows[0]) throw notFound('联络员记录不存在');
  return rows[0];
}

/** The liaisons of the units asked (their liaison, backups and on-site staff), for the ticket page. */
export async function liaisonsOf(db: Queryable, unitIds: string[], roles: readonly LiaisonRole[] = LIAISON_ROLES): Promise<LiaisonRow[]> {
  const { rows } = await db.query<LiaisonRow>(`${LIAISON_SELECT} WHERE l.unit_id = ANY($1::uuid[]) AND l.role = ANY($2::text[]) ${LIAISON_ORDER}`, [unitIds, roles]);
  return rows;
}
