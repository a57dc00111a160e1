import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is a const enum the compiler cannot inline across packages: Argon2id is 2.
const ARGON2ID = 2 as Algorithm;

/** argon2id with the library's defaults (~14 ms a hash here): slow for a guesser, fine for a login. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

export const DEMO_PASSWORD = 'demo12345';

/** A password we will accept for a new or changed account. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 10) return '密码至少 10 位';
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  if (!/[0-9]/.test(password) || !/[a-zA-Z]/.test(password)) return '密码须同时包含字母和数字';
  if (password === DEMO_PASSWORD) return '不能使用演示密码';
  return null;
}
