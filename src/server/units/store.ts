import { randomUUID } from 'node:crypto';
import type { Role } from '../../core/vocabulary.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Queryable } from '../db/connection.ts';

export type UnitKind = 'center' | 'district' | 'department' | 'street' | 'community' | 'enterprise';

export interface NewUnit {
  parentId?: string | null;
  name: string;
  kind: UnitKind;
  regionCode?: string | null;
  responsibilities?: string[];
}

export async function createUnit(db: Queryable, u: NewUnit): Promise<string> {
  const id = randomUUID();
  let path = `/${id}/`;
  if (u.parentId) {
    const { rows } = await db.query<{ path: string }>('SELECT path FROM units WHERE id = $1', [u.parentId]);
    if (!rows[0]) throw new Error(`上级单位不存在：${u.parentId}`);
    path = `${rows[0].path}${id}/`;
  }
  await db.query(
    'INSERT INTO units (id, parent_id, path, name, kind, region_code, responsibilities) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [id, u.parentId ?? null, path, u.name, u.kind, u.regionCode ?? null, u.responsibilities ?? []],
  );
  return id;
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  password: string;
  defaultPassword?: boolean;
  /** Seeded for the embedded demo: keeps the demo password while the server runs as the demo. */
  demoAccount?: boolean;
  passwordHash?: string;
}

export async function createUser(db: Queryable, u: NewUser): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, unit_id, roles, password_hash, default_password, demo_account)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [u.username, u.displayName, u.unitId, u.roles, u.passwordHash ?? (await hashPassword(u.password)), u.defaultPassword ?? false, u.demoAccount ?? false],
  );
  return rows[0]!.id;
}
