import type { FastifyReply } from 'fastify';
import type { Queryable } from '../db/connection.ts';
import { accountLocked, reserveAccount, reserveAddress, tooManyAttempts, undoAddress, type LoginLimits } from './throttle.ts';

export interface AuthSettings {
  limits: LoginLimits;
  /** The embedded demo: its seeded accounts keep the demo password (see actorFromRow). */
  demoMode: boolean;
  secureCookies: boolean;
}

/**
 * Runs one secret check (a password or a TOTP code) under the throttle: the address and the
 * account each give up a slot first, atomically, and only then is the secret checked. A refused
 * attempt never reaches the check, so the number of checks is bounded whatever the concurrency.
 */
export async function throttledCheck(
  db: Queryable,
  reply: FastifyReply,
  who: { ip: string; username: string; now: number; limits: LoginLimits },
  check: () => Promise<boolean>,
): Promise<boolean> {
  const wait = await reserveAddress(db, who.ip, who.now, who.limits);
  if (wait !== null) {
    reply.header('retry-after', String(Math.ceil(wait)));
    throw tooManyAttempts(wait);
  }
  if (!(await reserveAccount(db, who.username, who.ip, who.now, who.limits))) {
    // Nothing was checked: this attempt costs the address nothing.
    await undoAddress(db, who.ip, who.limits);
    throw accountLocked();
  }
  const ok = await check();
  if (ok) await undoAddress(db, who.ip, who.limits);
  return ok;
}
