import { readFileSync } from 'node:fs';
import { AccountError } from '../server/accounts/users.ts';
import type { Db } from '../server/db/connection.ts';
import { BackupError } from '../server/db/backup.ts';
import { migrate } from '../server/db/migrate.ts';
import { UnitFileError } from '../server/units/import-file.ts';
import { UnitLookupError } from '../server/units/lookup.ts';
import { openDatabase, readConfig } from './commands/serve.ts';
import { CliError } from './files.ts';

/**
 * Runs an operator's command on the configured database (DATABASE_URL, or the embedded one in
 * DATA_DIR), migrated first so a fresh database works; the refusals of the layers below are said
 * as command-line errors (exit code 2).
 */
export async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const { db, release } = await openDatabase(readConfig());
  try {
    await migrate(db);
    return await fn(db);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await release();
  }
}

export function asCliError(error: unknown): unknown {
  if (error instanceof AccountError || error instanceof UnitFileError || error instanceof BackupError || error instanceof UnitLookupError) {
    return new CliError(error.message);
  }
  return error;
}

/** A password given on standard input (for scripts), instead of one we generate. */
export function readPasswordStdin(): string {
  const text = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!text) throw new CliError('标准输入中没有密码');
  return text;
}

/** How a one-time password is shown: once, with what the person must do with it. */
export function oneTimeNotice(username: string, password: string | null): string {
  return password
    ? `一次性密码：${password}\n（只显示这一次。请当面或通过安全渠道交给 ${username}；首次登录后必须修改密码）\n`
    : `已使用标准输入中的密码；${username} 首次登录后必须修改密码\n`;
}
