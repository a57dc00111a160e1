import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteDb } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const dir = mkdtempSync(join(tmpdir(), 'o12345-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keyFile = join(dir, 'keys.json');

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', DATA_KEYS: '', DATA_DIR: dir, KEY_FILE: keyFile, DEMO: 'false' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A database with a ticket written as before encryption (no server running). */
async function plaintextTicket(): Promise<void> {
  const db = await pgliteDb(join(dir, 'pg'));
  await migrate(db);
  await db.query(
    `INSERT INTO tickets (number, status, channel, type, content, caller_name, caller_phone) VALUES ('OLD-1', 'registered', 'phone', 'help', '旧工单', '王老五', '13600001111')`,
  );
  await db.close();
}

async function callerColumns(): Promise<string> {
  const db = await pgliteDb(join(dir, 'pg'));
  const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM tickets t`);
  await db.close();
  return rows.map((r) => r.row).join('\n');
}

describe('open12345 keys', () => {
  it('init, migrate seals old plaintext, status, rotate; keys never printed; a wrong key refused at start', async () => {
    const init = await cli(['keys', 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const k1 = JSON.parse(readFileSync(keyFile, 'utf8'));

    await plaintextTicket();
    const migrated = await cli(['migrate']);
    expect(migrated.stdout).toContain('已加密 3 项历史个人信息');
    expect(await callerColumns()).not.toMatch(/王老五|13600001111/);

    const rotated = await cli(['keys', 'rotate', '--algorithm', 'sm4']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain('新密钥 k2（sm4）');
    expect(rotated.stdout).toContain('已重新加密 2 项');
    const status = await cli(['keys', 'status']);
    expect(status.stdout).toContain('当前密钥：k2（sm4）');
    expect(status.stdout).toContain('数据库中的个人信息：k2 2 项');
    const file = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(file.keys.map((k: { id: string }) => k.id)).toEqual(['k1', 'k2']);
    for (const out of [init, migrated, status, rotated]) for (const k of file.keys) expect(out.stdout + out.stderr).not.toContain(k.key);
    expect(await callerColumns()).toMatch(/v1:k2:/);

    // the first key back alone: the server (and migrate) refuses to start, saying why
    writeFileSync(keyFile, JSON.stringify(k1), { mode: 0o600 });
    const wrong = await cli(['migrate']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('缺少密钥 k2');
  }, 300_000);
});
