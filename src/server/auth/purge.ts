import type { Queryable } from '../db/connection.ts';
import { purgeSessions } from './sessions.ts';
import { purgeThrottle, type LoginLimits } from './throttle.ts';

/** The job that forgets what sign-in no longer needs: expired sessions and old login failures. */
export async function purgeAuthData(db: Queryable, now: number, limits: LoginLimits): Promise<{ sessions: number; failures: number }> {
  return { sessions: await purgeSessions(db, now), failures: await purgeThrottle(db, now, limits) };
}
