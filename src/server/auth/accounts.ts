import { randomInt } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { endSessions } from './sessions.ts';
import { clearAccount } from './throttle.ts';

// No 0/O, 1/l/I: read aloud or copied from a screen by the user it is for.
const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A one-time password of 12 characters (~70 bits), which passes the password rules. */
export function temporaryPassword(username: string): string {
  const all = LETTERS + DIGITS;
  for (;;) {
    const chars = Array.from({ length: 12 }, () => all[randomInt(all.length)]!);
    chars[randomInt(12)] = DIGITS[randomInt(DIGITS.length)]!;
    const password = chars.join('');
    if (!passwordProblem(password, username)) return password;
  }
}

/**
 * An admin resets a password: the user gets a temporary one that must be changed at the next
 * sign-in, every session of theirs ends, and a lock on the account is lifted.
 */
export async function resetPassword(db: Db, userId: string): Promise<{ username: string; temporaryPassword: string } | null> {
  const user = await db.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [userId]);
  if (!user.rows[0]) return null;
  const { username } = user.rows[0];
  const password = temporaryPassword(username);
  const hashed = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, default_password = true, demo_account = false WHERE id = $1', [userId, hashed]);
    await endSessions(tx, userId);
    await clearAccount(tx, username);
  });
  return { username, temporaryPassword: password };
}

/** Disabling ends the user's sessions in the same transaction: refused on every instance at once. */
export async function setActive(db: Db, userId: string, active: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query('UPDATE users SET active = $2 WHERE id = $1', [userId, active]);
    if (!active) await endSessions(tx, userId);
    return rowCount > 0;
  });
}

export async function resetTotp(db: Db, userId: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = $1', [userId]);
  return rowCount > 0;
}
