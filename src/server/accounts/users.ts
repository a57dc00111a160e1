import { ROLES, type Role } from '../../core/vocabulary.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { endSessions } from '../auth/sessions.ts';
import { clearAccount } from '../auth/throttle.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { createUnit, createUser } from '../units/store.ts';
import { findUnit } from '../units/lookup.ts';

/** A refusal said to the person at the command line (or the page), in Chinese. */
export class AccountError extends Error {
  override name = 'AccountError';
}

// The same rules as the admin page (src/server/admin/routes.ts): units only hold unit roles.
const UNIT_ROLES: Role[] = ['handler', 'unit_admin', 'kb_editor'];
const USERNAME = /^[a-z0-9_.-]{3,32}$/;

export function parseRoles(text: string): Role[] {
  const roles = text.split(/[,，、\s]+/).filter(Boolean);
  if (!roles.length) throw new AccountError('至少指定一个角色');
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new AccountError(`未知角色：${unknown.join('、')}（可用：${ROLES.join(', ')}）`);
  return [...new Set(roles)] as Role[];
}

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) throw new AccountError('用户名为 3–32 位小写字母、数字或 _ . -');
}

async function checkPassword(password: string, username: string): Promise<string> {
  const problem = passwordProblem(password, username);
  if (problem) throw new AccountError(problem);
  return hashPassword(password);
}

export interface NewAccount {
  username: string;
  displayName: string;
  /** A unit name or path (see findUnit). */
  unit: string;
  roles: Role[];
  password: string;
}

/** Creates a user with a one-time password: default_password makes them change it at first sign-in. */
export async function createAccount(db: Db, a: NewAccount): Promise<{ id: string; unitName: string }> {
  checkUsername(a.username);
  const passwordHash = await checkPassword(a.password, a.username);
  return db.transaction(async (tx) => {
    const unit = await findUnit(tx, a.unit).catch((error: Error) => {
      throw new AccountError(error.message);
    });
    const centerOnly = a.roles.filter((r) => !UNIT_ROLES.includes(r));
    if (unit.kind !== 'center' && centerOnly.length) throw new AccountError(`承办单位的用户不能担任热线中心角色：${centerOnly.join('、')}`);
    await refuseTakenUsername(tx, a.username);
    const id = await createUser(tx, { ...a, unitId: unit.id, password: '', passwordHash, defaultPassword: true });
    return { id, unitName: unit.name };
  });
}

async function refuseTakenUsername(tx: Queryable, username: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM users WHERE username = $1', [username]);
  if (rows.length) throw new AccountError(`用户名已存在：${username}`);
}

/**
 * The first admin of a fresh deployment. On an empty unit tree it also creates the center (the
 * root every other unit hangs under); otherwise the admin joins the existing center.
 */
export async function createFirstAdmin(
  db: Db,
  a: { username: string; displayName: string; centerName: string; password: string },
): Promise<{ id: string; unitName: string; createdCenter: boolean }> {
  checkUsername(a.username);
  const passwordHash = await checkPassword(a.password, a.username);
  return db.transaction(async (tx) => {
    await refuseTakenUsername(tx, a.username);
    const { rows: centers } = await tx.query<{ id: string; name: string }>("SELECT id, name FROM units WHERE kind = 'center' AND parent_id IS NULL ORDER BY created_at");
    let center = centers.find((c) => c.name === a.centerName) ?? (centers.length === 1 ? centers[0] : undefined);
    let createdCenter = false;
    if (!center) {
      const { rows: any } = await tx.query('SELECT 1 FROM units LIMIT 1');
      if (any.length) throw new AccountError(`单位树中没有热线中心「${a.centerName}」`);
      center = { id: await createUnit(tx, { name: a.centerName, kind: 'center' }), name: a.centerName };
      createdCenter = true;
    }
    const id = await createUser(tx, {
      username: a.username, displayName: a.displayName, unitId: center.id, roles: ['admin'], password: '', passwordHash, defaultPassword: true,
    });
    return { id, unitName: center.name, createdCenter };
  });
}

async function userId(tx: Queryable, username: string): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  if (!rows[0]) throw new AccountError(`用户不存在：${username}`);
  return rows[0].id;
}

/**
 * A new one-time password: the account must change it at its next sign-in, every session it has
 * ends (whoever was signed in is out), and a lock on the account is lifted so the owner can get in.
 */
export async function resetPassword(db: Db, username: string, password: string): Promise<void> {
  const passwordHash = await checkPassword(password, username);
  await db.transaction(async (tx) => {
    const id = await userId(tx, username);
    // as the admin page's reset (src/server/auth/accounts.ts): a demo account loses its demo exemption too
    await tx.query('UPDATE users SET password_hash = $2, default_password = true, demo_account = false WHERE id = $1', [id, passwordHash]);
    await endSessions(tx, id);
    await clearAccount(tx, username);
  });
}

/** Disabling ends the account's sessions too; an account cannot sign in while disabled. */
export async function setActive(db: Db, username: string, active: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const id = await userId(tx, username);
    const { rowCount } = await tx.query('UPDATE users SET active = $2 WHERE id = $1 AND active <> $2', [id, active]);
    if (!active) await endSessions(tx, id);
    return rowCount > 0;
  });
}
