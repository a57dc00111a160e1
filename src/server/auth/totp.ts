import { generateSecret, generateURI, verify } from 'otplib';
import type { Queryable } from '../db/connection.ts';

const ISSUER = '12345热线';

export function newTotpSecret(username: string): { secret: string; uri: string } {
  const secret = generateSecret();
  return { secret, uri: generateURI({ issuer: ISSUER, label: username, secret }) };
}

/**
 * The time step a code matches at the app's clock (one step of tolerance either way for phones
 * whose clock drifts), or null. A step at or before `afterStep` is refused: a code works once.
 */
export async function totpStep(secret: string, code: string, now: number, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now / 1000),
    epochTolerance: 30,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Records the step as used; false when a parallel request used this step (or a later one) first. */
export async function useStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)', [userId, step]);
  return rowCount > 0;
}
