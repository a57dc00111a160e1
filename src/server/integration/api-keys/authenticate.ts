import type { FastifyRequest } from 'fastify';
import { rolesForScopes, scopeForRoute, type Scope } from '../../../core/access/scopes.ts';
import type { Actor } from '../../auth/actor.ts';
import type { LoginLimits } from '../../auth/throttle.ts';
import { audit } from '../../audit/record.ts';
import type { Queryable } from '../../db/connection.ts';
import { AppError, forbidden } from '../../http/errors.ts';
import { keyLabel, parseKey, secretMatches } from './material.ts';

/** The key behind a request, beside its actor (request.apiKey). */
export interface ApiKeyUse {
  id: string;
  prefix: string;
  scopes: Scope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKeyUse | null;
  }
}

export const keyRefused = (message = 'API 密钥无效或已吊销') => new AppError(401, 'invalid_api_key', message);

const throttleKey = (ip: string) => `apikey:${ip}`;

/**
 * Failures per address, in the sign-in throttle's table (shared by every instance): after
 * `freeFailures` wrong keys within the window, each further try waits 1 s, 2 s, 4 s … up to the
 * window. Only failures count, so a working client pays one indexed read per call, no write.
 */
async function heldFor(db: Queryable, ip: string, now: number): Promise<number | null> {
  const { rows } = await db.query<{ next_attempt_at: Date | null }>('SELECT next_attempt_at FROM login_throttle WHERE key = $1', [throttleKey(ip)]);
  const until = rows[0]?.next_attempt_at?.getTime();
  return until !== undefined && until > now ? (until - now) / 1000 : null;
}

async function recordFailure(db: Queryable, ip: string, now: number, limits: LoginLimits): Promise<void> {
  const failures = `(CASE WHEN t.last_failure_at <= $3 THEN 1 ELSE t.failures + 1 END)`;
  const wait = (n: string) => `(CASE WHEN ${n} >= $4 THEN $2::timestamptz + least(power(2, ${n} - $4), $5) * interval '1 second' END)`;
  await db.query(
    `INSERT INTO login_throttle AS t (key, failures, last_failure_at, next_attempt_at) VALUES ($1, 1, $2, ${wait('1')})
     ON CONFLICT (key) DO UPDATE SET failures = ${failures}, last_failure_at = $2, next_attempt_at = ${wait(failures)}`,
    [throttleKey(ip), new Date(now), new Date(now - limits.windowMinutes * 60_000), limits.freeFailures, limits.windowMinutes * 60],
  );
}

function tooManyFailures(seconds: number): AppError {
  const wait = Math.max(1, Math.ceil(seconds));
  return new AppError(429, 'too_many_attempts', `API 密钥错误次数过多，请 ${wait} 秒后再试`, { retryAfter: wait });
}

interface KeyRow {
  id: string; prefix: string; secret_hash: string; scopes: string[]; revoked_at: Date | null;
  account_id: string; username: string; display_name: string; active: boolean; kind: string;
  unit_id: string; unit_name: string; unit_path: string; unit_kind: string;
}

/**
 * Who is behind a key, read from the database on every call — no cache, so a revoked key is
 * refused at once on every instance. A wrong, unknown or revoked key answers the same 401 and
 * counts against the address; a refused key is audited by its prefix, never its secret.
 */
export async function actorForKey(
  db: Queryable,
  text: string,
  at: { now: number; ip: string; limits: LoginLimits },
): Promise<{ actor: Actor; key: ApiKeyUse }> {
  const held = await heldFor(db, at.ip, at.now);
  if (held !== null) throw tooManyFailures(held);
  const parsed = parseKey(text);
  const { rows } = parsed
    ? await db.query<KeyRow>(
        `SELECT k.id, k.prefix, k.secret_hash, k.scopes, k.revoked_at, u.id AS account_id, u.username, u.display_name, u.active, u.kind,
                un.id AS unit_id, un.name AS unit_name, un.path AS unit_path, un.kind AS unit_kind
           FROM api_keys k JOIN users u ON u.id = k.account_id JOIN units un ON un.id = u.unit_id WHERE k.prefix = $1`,
        [parsed.prefix],
      )
    : { rows: [] };
  const row = rows[0];
  const matches = secretMatches(parsed?.secret ?? '', row?.secret_hash ?? null);
  if (!row || !matches || row.revoked_at || !row.active || row.kind !== 'service') {
    await recordFailure(db, at.ip, at.now, at.limits);
    await audit(db, {
      action: 'apikey.refused', at: at.now, actor: null, actorName: row?.display_name ?? 'API 密钥',
      objectType: 'api-key', objectId: row?.id ?? null,
      detail: { key: parsed ? keyLabel(parsed.prefix) : '(格式不符)', reason: !row || !matches ? 'unknown' : row.revoked_at ? 'revoked' : 'inactive' },
    });
    throw keyRefused();
  }
  // last use to the minute: one write a minute per key at most, not one per call
  await db.query(
    `UPDATE api_keys SET last_used_at = $2, last_used_from = $3 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - interval '1 minute' OR last_used_from IS DISTINCT FROM $3)`,
    [row.id, new Date(at.now), at.ip],
  );
  const scopes = row.scopes as Scope[];
  const isCenter = row.unit_kind === 'center';
  return {
    actor: {
      id: row.account_id,
      username: row.username,
      displayName: row.display_name,
      roles: rolesForScopes(scopes, isCenter),
      unit: { id: row.unit_id, name: row.unit_name, path: row.unit_path, kind: row.unit_kind },
      isCenter,
      mustChangePassword: false,
      totpEnabled: false,
    },
    key: { id: row.id, prefix: row.prefix, scopes },
  };
}

/** The key in a request: `Authorization: Bearer <key>`; null when there is no such header. */
export function bearerOf(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (h === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
}

/** Whether a key's scopes open this route; throws 403 otherwise. */
export function requireScope(key: ApiKeyUse, atCenter: boolean, method: string, route: string): void {
  const need = scopeForRoute(method, route, atCenter);
  if (need === 'any') return;
  if (need === null) throw forbidden('API 密钥不能访问此接口（仅限登录用户）');
  if (!key.scopes.includes(need)) throw forbidden(`该 API 密钥没有 ${need} 权限`);
}
