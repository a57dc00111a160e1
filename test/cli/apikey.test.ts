import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from './run.ts';
import { pgliteDb } from '../../src/server/db/connection.ts';
import { Calendar } from '../../src/core/calendar/calendar.ts';
import { getPreset } from '../../src/core/policy/presets.ts';
import { buildApp } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';
import { testVault } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'o12345-apikey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) => runCli(args, dir);

it('`open12345 apikey create` prints the key once; `list` shows its prefix only; `revoke` ends it at once (重庆 第二十一条 信息共享)', async () => {
  // the demo's units in the data folder the command reads
  const seeded = await pgliteDb(join(dir, 'pg'));
  await migrate(seeded);
  await seedDemo(seeded);
  await seeded.close();

  const made = await cli(['apikey', 'create', '--name', '区城管委业务系统', '--scopes', 'tickets:read,open311', '--unit', '渝中区']);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  const key = /API 密钥：(o12345_\S+)/.exec(made.stdout)![1]!;
  const id = /编号 ([0-9a-f-]{36})/.exec(made.stdout)![1]!;
  expect(made.stdout).toContain('只显示这一次');

  const list = await cli(['apikey', 'list']);
  expect(list.stdout).toContain(id);
  expect(list.stdout).toContain('区城管委业务系统');
  expect(list.stdout).toContain('渝中区');
  expect(list.stdout).not.toContain(key.slice(20));

  // the key opens the API as the unit's account, until revoked
  const db = await pgliteDb(join(dir, 'pg'));
  const app = await buildApp({ db, policy: getPreset('chongqing-2021'), calendar: new Calendar(), storage: memoryStorage(), vault: testVault(), demoMode: true, audit: { chainMs: 0 } });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'demo12345' } });
    const cookie = `o12345_sid=${login.cookies.find((c) => c.name === 'o12345_sid')!.value}`;
    const ok = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${key}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ displayName: '区城管委业务系统' });
    const revoked = await app.inject({ method: 'POST', url: `/api/admin/api-keys/${id}/revoke`, headers: { cookie } });
    expect(revoked.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
  } finally {
    await app.close();
    await db.close();
  }
  const again = await cli(['apikey', 'revoke', id]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('已吊销');
  const unknown = await cli(['apikey', 'create', '--name', 'x', '--scopes', 'everything']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('未知权限范围');
}, 120_000);
