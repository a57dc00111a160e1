import { isScope, SCOPES, type Scope } from '../../../core/access/scopes.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Db, Queryable } from '../../db/connection.ts';
import { findUnit, type UnitRef } from '../../units/lookup.ts';
import { keyLabel, newKey } from './material.ts';

/** A refusal said to the administrator (page: 422; command line: exit 2), in Chinese. */
export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

export interface ApiKeyView {
  id: string;
  accountId: string;
  name: string;
  label: string;
  scopes: Scope[];
  unit: { id: string; name: string };
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedFrom: string | null;
  replaces: string | null;
}

export function parseScopes(text: string | readonly string[]): Scope[] {
  const list = (typeof text === 'string' ? text.split(/[,，、\s]+/) : [...text]).map((s) => s.trim()).filter(Boolean);
  if (!list.length) throw new ApiKeyError(`至少指定一个权限范围（可用：${SCOPES.join(', ')}）`);
  const unknown = list.filter((s) => !isScope(s));
  if (unknown.length) throw new ApiKeyError(`未知权限范围：${unknown.join('、')}（可用：${SCOPES.join(', ')}）`);
  return [...new Set(list)] as Scope[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The unit a key is limited to: an id, a name or a path; the center when none is given. */
async function unitFor(q: Queryable, ref: string | undefined): Promise<UnitRef> {
  if (ref && UUID.test(ref)) {
    const { rows } = await q.query<UnitRef>('SELECT id, name, kind FROM units WHERE id = $1 AND active', [ref]);
    if (!rows[0]) throw new ApiKeyError(`单位不存在或已停用：${ref}`);
    return rows[0];
  }
  if (ref) return findUnit(q, ref).catch((e: Error) => { throw new ApiKeyError(e.message); });
  const { rows } = await q.query<UnitRef>("SELECT id, name, kind FROM units WHERE kind = 'center' ORDER BY path LIMIT 1");
  if (!rows[0]) throw new ApiKeyError('没有热线中心单位');
  return rows[0];
}

const SELECT = `SELECT k.id, k.account_id, u.display_name AS name, k.prefix, k.scopes, un.id AS unit_id, un.name AS unit_name,
                       k.created_at, k.revoked_at, k.last_used_at, k.last_used_from, k.replaces
                  FROM api_keys k JOIN users u ON u.id = k.account_id JOIN units un ON un.id = u.unit_id`;

interface Row {
  id: string; account_id: string; name: string; prefix: string; scopes: string[]; unit_id: string; unit_name: string;
  created_at: Date; revoked_at: Date | null; last_used_at: Date | null; last_used_from: string | null; replaces: string | null;
}

const present = (r: Row): ApiKeyView => ({
  id: r.id, accountId: r.account_id, name: r.name, label: keyLabel(r.prefix), scopes: r.scopes as Scope[],
  unit: { id: r.unit_id, name: r.unit_name }, createdAt: r.created_at, revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at, lastUsedFrom: r.last_used_from, replaces: r.replaces,
});

export async function listKeys(q: Queryable): Promise<ApiKeyView[]> {
  const { rows } = await q.query<Row>(`${SELECT} ORDER BY (k.revoked_at IS NULL) DESC, k.created_at DESC`);
  return rows.map(present);
}

export interface NewKey {
  name: string;
  scopes: Scope[];
  unit?: string;
}

/**
 * A system account and its first key, in one transaction with its audit record. The account can
 * never sign in (no password: '!' is no argon2 hash) and holds no role: its keys' scopes decide.
 * Returns the key itself — the only time it is seen.
 */
export async function createKey(db: Db, k: NewKey, by: Actor | null, now: number): Promise<{ key: string; view: ApiKeyView }> {
  const name = k.name.trim();
  if (!name || name.length > 50) throw new ApiKeyError('名称为 1–50 个字');
  if (!k.scopes.length) throw new ApiKeyError('至少指定一个权限范围');
  return db.transaction(async (tx) => {
    const unit = await unitFor(tx, k.unit);
    const m = newKey();
    const { rows: acct } = await tx.query<{ id: string }>(
      `INSERT INTO users (username, display_name, unit_id, roles, password_hash, kind) VALUES ($1, $2, $3, '{}', '!', 'service') RETURNING id`,
      [`svc.${m.prefix}`, name, unit.id],
    );
    const accountId = acct[0]!.id;
    const { rows } = await tx.query<{ id: string }>(
      'INSERT INTO api_keys (account_id, prefix, secret_hash, scopes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [accountId, m.prefix, m.secretHash, k.scopes, new Date(now), by?.id ?? null],
    );
    const id = rows[0]!.id;
    await audit(tx, { action: 'apikey.create', at: now, actor: by, actorName: by ? undefined : '命令行', objectType: 'api-key', objectId: id, detail: { name, scopes: k.scopes, unit: unit.name, key: keyLabel(m.prefix) } });
    const view = (await tx.query<Row>(`${SELECT} WHERE k.id = $1`, [id])).rows[0]!;
    return { key: m.key, view: present(view) };
  });
}

/** Ends a key at once: the next request with it is refused on every instance (nothing caches keys). */
export async function revokeKey(db: Db, id: string, by: Actor | null, now: number): Promise<ApiKeyView> {
  if (!UUID.test(id)) throw new ApiKeyError(`密钥不存在：${id}`);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Row>(`${SELECT} WHERE k.id = $1 FOR UPDATE OF k`, [id]);
    if (!rows[0]) throw new ApiKeyError(`密钥不存在：${id}`);
    if (rows[0].revoked_at) throw new ApiKeyError('该密钥已吊销');
    await tx.query('UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1', [id, new Date(now), by?.id ?? null]);
    await audit(tx, { action: 'apikey.revoke', at: now, actor: by, actorName: by ? undefined : '命令行', objectType: 'api-key', objectId: id, detail: { name: rows[0].name, key: keyLabel(rows[0].prefix) } });
    return present({ ...rows[0], revoked_at: new Date(now) });
  });
}

/**
 * A new key for the same account and scopes; the old one is revoked in the same transaction, so
 * there is never a moment with two keys or none. Returns the new key, shown once.
 */
export async function rotateKey(db: Db, id: string, by: Actor | null, now: number): Promise<{ key: string; view: ApiKeyView }> {
  if (!UUID.test(id)) throw new ApiKeyError(`密钥不存在：${id}`);
  return db.transaction(async (tx) => {
    const { rows: old } = await tx.query<Row>(`${SELECT} WHERE k.id = $1 FOR UPDATE OF k`, [id]);
    if (!old[0]) throw new ApiKeyError(`密钥不存在：${id}`);
    if (old[0].revoked_at) throw new ApiKeyError('该密钥已吊销，不能轮换；请新建');
    const m = newKey();
    await tx.query('UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1', [id, new Date(now), by?.id ?? null]);
    const { rows } = await tx.query<{ id: string }>(
      'INSERT INTO api_keys (account_id, prefix, secret_hash, scopes, created_at, created_by, replaces) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [old[0].account_id, m.prefix, m.secretHash, old[0].scopes, new Date(now), by?.id ?? null, id],
    );
    const newId = rows[0]!.id;
    await audit(tx, { action: 'apikey.rotate', at: now, actor: by, actorName: by ? undefined : '命令行', objectType: 'api-key', objectId: newId, detail: { name: old[0].name, replaces: id, key: keyLabel(m.prefix), old: keyLabel(old[0].prefix) } });
    const view = (await tx.query<Row>(`${SELECT} WHERE k.id = $1`, [newId])).rows[0]!;
    return { key: m.key, view: present(view) };
  });
}
