import type { Queryable } from '../db/connection.ts';
import { AppError } from '../http/errors.ts';

/** How hard sign-in is for a guesser (LOGIN_* variables; see config.ts). */
export interface LoginLimits {
  /** Failures an address may make in a window before each further attempt must wait. */
  freeFailures: number;
  /** Failures are forgotten after this long without a new one; also the longest wait and the lock. */
  windowMinutes: number;
  /** The last-resort account lock needs this many failures in a window … */
  lockFailures: number;
  /** … coming from at least this many distinct addresses (one address alone never locks anyone). */
  lockAddresses: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { freeFailures: 5, windowMinutes: 15, lockFailures: 30, lockAddresses: 3 };

const MAX_ADDRESSES = 16;

export const addressKey = (ip: string) => `address:${ip}`;
export const accountKey = (username: string) => `account:${username}`;

export function tooManyAttempts(retryAfterSeconds: number): AppError {
  const wait = Math.max(1, Math.ceil(retryAfterSeconds));
  const when = wait < 60 ? `${wait} 秒` : `${Math.ceil(wait / 60)} 分钟`;
  return new AppError(429, 'too_many_attempts', `登录尝试过于频繁，请 ${when}后再试`, { retryAfter: wait });
}

export function accountLocked(): AppError {
  return new AppError(423, 'locked', '该账号短时间内被多处反复尝试登录，已临时锁定。请稍后再试或联系系统管理员解锁');
}

/**
 * Takes one password (or code) check for a client address, counted as a failure until it is shown
 * otherwise (`undoAddress`). One statement, so that however many requests arrive together, only
 * `freeFailures` of them pass before the address must wait; each failure after that doubles the
 * wait (1 s, 2 s, 4 s … up to the window). Returns the seconds to wait when refused, else null.
 */
export async function reserveAddress(db: Queryable, ip: string, now: number, limits: LoginLimits): Promise<number | null> {
  const at = new Date(now);
  const stale = new Date(now - limits.windowMinutes * 60_000);
  const failures = `(CASE WHEN t.last_failure_at <= $3 THEN 1 ELSE t.failures + 1 END)`;
  const wait = (n: string) => `(CASE WHEN ${n} >= $4 THEN $2::timestamptz + least(power(2, ${n} - $4), $5) * interval '1 second' END)`;
  const { rows } = await db.query(
    `INSERT INTO login_throttle AS t (key, failures, last_failure_at, next_attempt_at)
     VALUES ($1, 1, $2, ${wait('1')})
     ON CONFLICT (key) DO UPDATE SET failures = ${failures}, last_failure_at = $2, next_attempt_at = ${wait(failures)}
      WHERE t.next_attempt_at IS NULL OR t.next_attempt_at <= $2
     RETURNING failures`,
    [addressKey(ip), at, stale, limits.freeFailures, limits.windowMinutes * 60],
  );
  if (rows.length) return null;
  const held = await db.query<{ next_attempt_at: Date | null }>('SELECT next_attempt_at FROM login_throttle WHERE key = $1', [addressKey(ip)]);
  const until = held.rows[0]?.next_attempt_at?.getTime() ?? now + 1000;
  return Math.max(1, (until - now) / 1000);
}

/** The check passed: it was not a failure of this address after all. */
export async function undoAddress(db: Queryable, ip: string, limits: LoginLimits): Promise<void> {
  // Only this attempt is taken back: a guesser who signs in to an account of their own between
  // guesses gains nothing, but an office where someone mistyped is not held up afterwards.
  await db.query(
    `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
            next_attempt_at = CASE WHEN failures - 1 < $2 THEN NULL ELSE next_attempt_at END
      WHERE key = $1`,
    [addressKey(ip), limits.freeFailures],
  );
}

/**
 * Takes one check for an account, unless it is locked (returns false). The account is locked only
 * when `lockFailures` failures came from `lockAddresses` distinct addresses within the window: a
 * distributed guesser is stopped, while one address (already slowed by its own counter) can never
 * shut the owner out.
 */
export async function reserveAccount(db: Queryable, username: string, ip: string, now: number, limits: LoginLimits): Promise<boolean> {
  const at = new Date(now);
  const stale = new Date(now - limits.windowMinutes * 60_000);
  const until = new Date(now + limits.windowMinutes * 60_000);
  const failures = `(CASE WHEN t.last_failure_at <= $3 THEN 1 ELSE t.failures + 1 END)`;
  const addresses = `(CASE WHEN t.last_failure_at <= $3 THEN ARRAY[$4::text]
                          WHEN $4 = ANY(t.addresses) OR cardinality(t.addresses) >= ${MAX_ADDRESSES} THEN t.addresses
                          ELSE t.addresses || $4::text END)`;
  const { rows } = await db.query(
    `INSERT INTO login_throttle AS t (key, failures, last_failure_at, addresses)
     VALUES ($1, 1, $2, ARRAY[$4::text])
     ON CONFLICT (key) DO UPDATE SET failures = ${failures}, last_failure_at = $2, addresses = ${addresses},
            locked_until = CASE WHEN ${failures} >= $5 AND cardinality(${addresses}) >= $6 THEN $7::timestamptz END
      WHERE t.locked_until IS NULL OR t.locked_until <= $2
     RETURNING failures`,
    [accountKey(username), at, stale, ip, limits.lockFailures, limits.lockAddresses, until],
  );
  return rows.length > 0;
}

/** The owner proved who they are: the account's count starts again. */
export async function clearAccount(db: Queryable, username: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [accountKey(username)]);
}

export async function isLocked(db: Queryable, username: string, now: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM login_throttle WHERE key = $1 AND locked_until > $2', [accountKey(username), new Date(now)]);
  return rows.length > 0;
}

/** Rows whose last failure is older than the window and that hold no lock: nothing remembers them. */
export async function purgeThrottle(db: Queryable, now: number, limits: LoginLimits): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM login_throttle WHERE last_failure_at <= $1 AND (locked_until IS NULL OR locked_until <= $2)',
    [new Date(now - limits.windowMinutes * 60_000), new Date(now)],
  );
  return rowCount;
}
