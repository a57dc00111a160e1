import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { Calendar } from '../../src/core/calendar/calendar.ts';
import { getPreset } from '../../src/core/policy/presets.ts';
import { buildApp } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { pgliteDb } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';
import { testVault } from '../helpers.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const dir = mkdtempSync(join(tmpdir(), 'o12345-audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

it('`open12345 audit seal` and `audit verify`: intact → 0; an edited record → 1, naming it; a cut tail → caught by the seal', async () => {
  const db = await pgliteDb(join(dir, 'pg'));
  await migrate(db);
  await seedDemo(db);
  const app = await buildApp({ db, policy: getPreset('chongqing-2021'), calendar: new Calendar(), storage: memoryStorage(), vault: testVault(), demoMode: true, audit: { chainMs: 0 } });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: 'demo12345' } });
  const cookie = `o12345_sid=${login.cookies.find((c) => c.name === 'o12345_sid')!.value}`;
  for (let i = 0; i < 3; i += 1) {
    const r = await app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie }, payload: { channel: 'phone', caller: { name: '张三', phone: '13812341234' }, content: `路灯不亮第${i}处`, type: 'help' } });
    expect(r.statusCode).toBe(201);
  }
  await app.close();
  await db.close();

  const sealed = await cli(['audit', 'seal']);
  expect(sealed.code, sealed.stderr).toBe(0);
  expect(sealed.stdout).toMatch(/已封存：第 \d+ 条/);
  expect(readFileSync(join(dir, 'audit-seals', 'seals.jsonl'), 'utf8')).toMatch(/"seq":\d+/);
  const intact = await cli(['audit', 'verify']);
  expect(intact.code, intact.stderr).toBe(0);
  expect(intact.stdout).toContain('审计日志完整');

  const db2 = await pgliteDb(join(dir, 'pg'));
  await db2.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await db2.query("UPDATE audit_log SET actor_name = '别人' WHERE seq = 3");
  const last = Number((await db2.query<{ n: string }>('SELECT max(seq)::text AS n FROM audit_log')).rows[0]!.n);
  await db2.query('DELETE FROM audit_log WHERE seq = $1', [last]);
  await db2.close();

  const broken = await cli(['audit', 'verify']);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain('第一处：第 3 条审计记录被篡改');
  expect(broken.stdout).toContain('尾部被截断');
  const json = await cli(['audit', 'verify', '--json']);
  expect(json.code).toBe(1);
  const r = JSON.parse(json.stdout);
  expect(r.first).toMatchObject({ kind: 'edited', seq: 3 });
  // the deleted last record covered the third ticket's register event: that event is now unrecorded too
  expect(r.problems.map((p: { kind: string }) => p.kind)).toEqual(['edited', 'truncated', 'row-unrecorded']);
}, 240_000);
