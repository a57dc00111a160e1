import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run.ts';
import { serverPort } from '../ports.ts';

const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const EXAMPLE = join(import.meta.dirname, '../../examples/units.csv');
const dir = mkdtempSync(join(tmpdir(), 'o12345-deploy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCli;

describe('an embedded deployment from the command line', () => {
  it('creates the admin and the unit tree, backs them up with the attachments, and restores them into an empty folder only', async () => {
    const data = join(dir, 'data');
    const admin = await cli(['admin', 'create', '--username', 'admin', '--name', '张管理', '--unit', '示范市12345热线中心'], data);
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('已创建热线中心「示范市12345热线中心」');
    expect(admin.stdout).toMatch(/一次性密码：[A-Za-z0-9]{12,}\n/);

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'name,kind,parent,region_code,duties\n东湖区,district,示范市12345热线中心,,\n和平街道,街道,东胡区,,\n');
    const refused = await cli(['units', 'import', bad], data);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('第 3 行：上级单位「东胡区」不存在');

    expect((await cli(['units', 'import', EXAMPLE], data)).stdout).toContain('已导入 12 个单位：新建 11，更新 0，未变 1');
    expect((await cli(['units', 'import', EXAMPLE], data)).stdout).toContain('新建 0，更新 0，未变 12');
    const created = await cli(['users', 'create', '--username', 'agent01', '--name', '李话务', '--unit', '示范市12345热线中心', '--roles', 'agent,visitor'], data);
    expect(created.code).toBe(0);

    mkdirSync(join(data, 'attachments'), { recursive: true });
    writeFileSync(join(data, 'attachments', 'recording-1'), 'voice');
    const backup = join(dir, 'backup.tar');
    const b = await cli(['backup', '--out', backup], data);
    expect(b.stdout).toContain('已备份嵌入式数据库和 1 个附件');

    // a folder with data in it is not overwritten by mistake
    const onto = await cli(['restore', backup], data);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toContain('已有数据');

    const fresh = join(dir, 'restored');
    expect((await cli(['restore', backup], fresh)).code).toBe(0);
    expect(readFileSync(join(fresh, 'attachments', 'recording-1'), 'utf8')).toBe('voice');
    const before = (await cli(['units', 'export'], data)).stdout;
    const after = await cli(['units', 'export'], fresh);
    expect(after.stdout).toBe(before);
    expect(after.stdout.split('\n').filter(Boolean)).toHaveLength(13);
    // the restored database has the accounts too: the user exists (and can be disabled there)
    expect((await cli(['users', 'disable', 'agent01'], fresh)).stdout).toContain('已停用 agent01');
    expect((await cli(['users', 'disable', 'nobody'], fresh)).stderr).toContain('用户不存在：nobody');
  }, 240_000);

  it('starts again at once after the server was killed with kill -9', async () => {
    const data = join(dir, 'crash');
    const port = serverPort();
    const start = () => {
      const p = spawn(process.execPath, [BIN, 'serve'], {
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: data, PORT: String(port), HOST: '127.0.0.1', JOBS: 'false', WEB: 'false', DEMO: 'false' },
      });
      let out = '';
      const up = new Promise<string>((resolve) => {
        const onData = (d: Buffer) => {
          out += d.toString();
          if (/已启动|错误/.test(out)) resolve(out);
        };
        p.stdout.on('data', onData);
        p.stderr.on('data', onData);
        p.on('exit', () => resolve(out));
      });
      const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
      return { p, up, exited };
    };
    const first = start();
    expect(await first.up).toContain('已启动');
    first.p.kill('SIGKILL');
    await first.exited;
    expect(existsSync(`${data}.lock`)).toBe(true); // the dead server's lock is still there

    const t0 = Date.now();
    const second = start();
    const out = await second.up;
    const seconds = (Date.now() - t0) / 1000;
    second.p.kill('SIGTERM');
    await second.exited;
    // before: 「正被另一个 open12345 进程使用」 for 15 s after the crash
    expect(out).toContain('已启动');
    console.log(`restart after kill -9: up in ${seconds.toFixed(1)} s`);
  }, 180_000);
});
