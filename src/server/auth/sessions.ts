import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connection.ts';
import type { Actor } from './actor.ts';

export const SESSION_COOKIE = 'o12345_sid';
export const SESSION_HOURS = 12;
/** A session between the password and the TOTP code lives this long. */
const TOTP_STEP_MINUTES = 5;

/** What the sessions table keeps instead of the cookie value: a stolen copy of the table opens nothing. */
export function sessionHash(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('hex');
}

/** A new session; its cookie value is returned once and stored only hashed. */
export async function createSession(db: Queryable, userId: string, now: number, stage: 'active' | 'totp' = 'active'): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  const ttl = stage === 'active' ? SESSION_HOURS * 3_600_000 : TOTP_STEP_MINUTES * 60_000;
  await db.query('INSERT INTO sessions (id, user_id, created_at, expires_at, stage) VALUES ($1, $2, $3, $4, $5)', [
    sessionHash(value),
    userId,
    new Date(now),
    new Date(now + ttl),
    stage,
  ]);
  return value;
}

export async function deleteSession(db: Queryable, cookieValue: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [sessionHash(cookieValue)]);
}

/** Ends every session of a user (disabled, password reset or changed), on every instance at once. */
export async function endSessions(db: Queryable, userId: string, exceptCookie?: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, exceptCookie ? sessionHash(exceptCookie) : '']);
}

export async function purgeSessions(db: Queryable, now: number): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sessions WHERE expires_at <= $1', [new Date(now)]);
  return rowCount;
}

export interface ActorRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  unit_id: string;
  unit_name: string;
  unit_path: string;
  unit_kind: string;
  default_password: boolean;
  demo_account: boolean;
  totp_enabled: boolean;
}

export const ACTOR_COLUMNS = `u.id, u.username, u.display_name, u.roles, u.unit_id,
  un.name AS unit_name, un.path AS unit_path, un.kind AS unit_kind,
  u.default_password, u.demo_account, (u.totp_secret IS NOT NULL) AS totp_enabled`;

/**
 * `demoMode`: the embedded demo, whose seeded accounts keep the published demo password; anywhere
 * else a password handed out by the system (demo seed or admin reset) must be changed first.
 */
export function actorFromRow(r: ActorRow, demoMode: boolean): Actor {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles as Actor['roles'],
    unit: { id: r.unit_id, name: r.unit_name, path: r.unit_path, kind: r.unit_kind },
    isCenter: r.unit_kind === 'center',
    mustChangePassword: r.default_password && !(r.demo_account && demoMode),
    totpEnabled: r.totp_enabled,
  };
}

/**
 * Who is behind a session cookie. Read from the database on every request, no in-process cache:
 * a logout, a disabled account or a changed password elsewhere counts at once on every instance
 * (one primary-key lookup; see the README for its measured cost).
 */
/**
 * Many sessions at once (the live streams' checks, src/server/live/session-checks.ts): one query for
 * all, keyed by the cookie value; a session not there (signed out, revoked, expired, user disabled)
 * is absent from the map.
 */
export async function actorsForSessions(db: Queryable, cookieValues: readonly string[], now: number, demoMode: boolean): Promise<Map<string, Actor>> {
  const byHash = new Map(cookieValues.map((v) => [sessionHash(v), v]));
  const { rows } = await db.query<ActorRow & { session_id: string }>(
    `SELECT s.id AS session_id, ${ACTOR_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
      WHERE s.id = ANY($1::text[]) AND s.stage = 'active' AND s.expires_at > $2 AND u.active`,
    [[...byHash.keys()], new Date(now)],
  );
  return new Map(rows.map((r) => [byHash.get(r.session_id)!, actorFromRow(r, demoMode)]));
}

export async function actorForSession(db: Queryable, cookieValue: string, now: number, demoMode: boolean): Promise<Actor | null> {
  const { rows } = await db.query<ActorRow>(
    `SELECT ${ACTOR_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
      WHERE s.id = $1 AND s.stage = 'active' AND s.expires_at > $2 AND u.active`,
    [sessionHash(cookieValue), new Date(now)],
  );
  return rows[0] ? actorFromRow(rows[0], demoMode) : null;
}
