import { randomInt } from 'node:crypto';
import { passwordProblem } from './passwords.ts';

// No 0/O, 1/l/I: the password is read off a screen and typed once.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/**
 * A one-time password handed to a person by the command line (first admin, new user, reset): 14
 * characters from 56 (~81 bits), with letters and digits so it passes our own password rule. The
 * account gets default_password, so it must be changed at the first sign-in.
 */
export function oneTimePassword(username: string): string {
  for (;;) {
    const chars = Array.from({ length: 14 }, (_, i) => (i % 5 === 4 ? DIGITS : LETTERS + DIGITS));
    const password = chars.map((set) => set[randomInt(set.length)]).join('');
    if (!passwordProblem(password, username)) return password;
  }
}
