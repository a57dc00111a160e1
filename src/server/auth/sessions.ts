import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connection.ts';
import type { Actor } from './actor.ts';

export const SESSION_COOKIE = 'o12345_sid';
export const SESSION_HOURS = 12;

export async function createSession(db: Queryable, userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '${SESSION_HOURS} hours')`, [id, userId]);
  return id;
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  cache.delete(id);
  await db.query('DELETE FROM sessions WHERE id = $1', [id]);
}

/**
 * Who is behind a session, remembered for a few seconds so a busy agent's requests do not each
 * read the sessions table. A logout elsewhere takes effect here within CACHE_MS.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;
const cache = new Map<string, { actor: Actor; until: number }>();

export function forgetSessions(): void {
  cache.clear();
}

interface ActorRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  unit_id: string;
  unit_name: string;
  unit_path: string;
  unit_kind: string;
}

export const ACTOR_COLUMNS = `u.id, u.username, u.display_name, u.roles, u.unit_id,
  un.name AS unit_name, un.path AS unit_path, un.kind AS unit_kind`;

export function actorFromRow(r: ActorRow): Actor {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles as Actor['roles'],
    unit: { id: r.unit_id, name: r.unit_name, path: r.unit_path, kind: r.unit_kind },
    isCenter: r.unit_kind === 'center',
  };
}

export async function actorForSession(db: Queryable, sessionId: string): Promise<Actor | null> {
  const hit = cache.get(sessionId);
  const now = Date.now();
  if (hit && hit.until > now) return hit.actor;
  const actor = await loadActor(db, sessionId);
  if (actor) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(sessionId, { actor, until: now + CACHE_MS });
  } else cache.delete(sessionId);
  return actor;
}

async function loadActor(db: Queryable, sessionId: string): Promise<Actor | null> {
  const { rows } = await db.query<ActorRow>(
    `SELECT ${ACTOR_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
      WHERE s.id = $1 AND s.expires_at > now() AND u.active`,
    [sessionId],
  );
  return rows[0] ? actorFromRow(rows[0]) : null;
}
