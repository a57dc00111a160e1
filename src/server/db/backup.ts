import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, closeSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Backups of the whole database. PostgreSQL: pg_dump's custom format, restored with pg_restore
 * (the PostgreSQL client must be installed, of the server's major version or newer). Embedded
 * PGlite: one tar file with PGlite's own dump of its data folder and the attachments folder.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}

const MANIFEST = 'manifest.json';
const PGDATA = 'pgdata.tar.gz';

/** Runs a PostgreSQL client program; its complaint, if any, is passed on as it said it. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(program, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === 'ENOENT' ? `找不到 ${program}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt install postgresql-client），版本不低于服务器` : error.message,
        ),
      ),
    );
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${program} 失败（退出码 ${code}）：${err.trim()}`))));
  });
}

/** The connection for pg_dump/pg_restore, with the password in the environment rather than on a command line others can see. */
function clientArgs(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const env = { ...process.env };
  try {
    const u = new URL(databaseUrl);
    if (u.password) {
      env.PGPASSWORD = decodeURIComponent(u.password);
      u.password = '';
    }
    return { url: u.toString(), env };
  } catch {
    return { url: databaseUrl, env };
  }
}

export async function backupPostgres(databaseUrl: string, out: string): Promise<void> {
  const { url, env } = clientArgs(databaseUrl);
  await run('pg_dump', ['--format=custom', '--file', out, '--dbname', url], env);
}

/** Tables in the database (outside PostgreSQL's own schemas): a restore onto any of them would mix two databases. */
export async function postgresTableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_toast%'`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

export async function restorePostgres(databaseUrl: string, file: string, opts: { force: boolean }): Promise<void> {
  checkKind(file, 'postgres');
  if (!opts.force && (await postgresTableCount(databaseUrl)) > 0) {
    throw new BackupError('目标数据库不是空的：恢复会覆盖其中的数据。确需覆盖请加 --force；否则请先 createdb 一个新数据库');
  }
  const { url, env } = clientArgs(databaseUrl);
  // one transaction: a restore that fails half-way leaves the database as it was
  const args = ['--no-owner', '--exit-on-error', '--single-transaction', ...(opts.force ? ['--clean', '--if-exists'] : []), '--dbname', url, file];
  await run('pg_restore', args, env);
}

/** What a backup file holds, from its first bytes: pg_dump's custom format starts with PGDMP, ours is a tar. */
export function backupKind(file: string): 'postgres' | 'pglite' | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new BackupError(`无法读取备份文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const head = Buffer.alloc(512);
  const n = readSync(fd, head, 0, 512, 0);
  closeSync(fd);
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  if (n >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite';
  return null;
}

function checkKind(file: string, want: 'postgres' | 'pglite'): void {
  const kind = backupKind(file);
  if (kind === want) return;
  if (kind === null) throw new BackupError(`${file} 不是 open12345 的备份文件`);
  throw new BackupError(
    kind === 'postgres'
      ? `${file} 是 PostgreSQL 的备份（pg_dump）：请设置 DATABASE_URL 后恢复到 PostgreSQL`
      : `${file} 是嵌入式数据库的备份：请不设 DATABASE_URL、用 DATA_DIR 指定数据目录后恢复`,
  );
}

function tar(args: string[]): Promise<void> {
  return run('tar', args, process.env);
}

/**
 * The embedded database and its attachments, while nobody else has the data folder (the caller
 * holds its lock). PGlite's dumpDataDir gives a consistent copy of its folder.
 */
export async function backupEmbedded(dataDir: string, out: string): Promise<{ attachments: number }> {
  const pgDir = join(dataDir, 'pg');
  if (!existsSync(join(pgDir, 'PG_VERSION'))) throw new BackupError(`数据目录 ${dataDir} 中没有数据库，没有可备份的内容`);
  const staging = mkdtempSync(join(tmpdir(), 'o12345-backup-'));
  try {
    const db = await PGlite.create({ dataDir: pgDir });
    let migrations: string[] = [];
    try {
      migrations = (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    } catch {
      // a folder that was never migrated is still backed up as it is
    }
    const dump = await db.dumpDataDir('gzip');
    await db.close();
    writeFileSync(join(staging, PGDATA), Buffer.from(await dump.arrayBuffer()));
    writeFileSync(join(staging, MANIFEST), JSON.stringify({ format: 'open12345-backup', version: 1, engine: 'pglite', createdAt: new Date().toISOString(), migrations }, null, 2));
    const attachmentsDir = join(dataDir, 'attachments');
    const attachments = existsSync(attachmentsDir) ? readdirSync(attachmentsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
    await tar(['-cf', out, '-C', staging, MANIFEST, PGDATA, ...(existsSync(attachmentsDir) ? ['-C', dataDir, 'attachments'] : [])]);
    return { attachments };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Whether a data folder holds anything a restore would overwrite. */
export function embeddedHasData(dataDir: string): boolean {
  const attachments = join(dataDir, 'attachments');
  return existsSync(join(dataDir, 'pg', 'PG_VERSION')) || (existsSync(attachments) && readdirSync(attachments).length > 0);
}

/** Restores an embedded backup into dataDir (the caller holds its lock). */
export async function restoreEmbedded(dataDir: string, file: string, opts: { force: boolean }): Promise<{ attachments: number }> {
  checkKind(file, 'pglite');
  if (!opts.force && embeddedHasData(dataDir)) {
    throw new BackupError(`数据目录 ${dataDir} 中已有数据：恢复会覆盖它。确需覆盖请加 --force；否则请换一个空的 DATA_DIR`);
  }
  const staging = mkdtempSync(join(tmpdir(), 'o12345-restore-'));
  try {
    await tar(['-xf', file, '-C', staging]);
    let manifest: { format?: string; engine?: string } = {};
    try {
      manifest = JSON.parse(readFileSync(join(staging, MANIFEST), 'utf8')) as typeof manifest;
    } catch {
      // checked just below
    }
    if (manifest.format !== 'open12345-backup' || manifest.engine !== 'pglite' || !existsSync(join(staging, PGDATA))) {
      throw new BackupError(`${file} 不是 open12345 嵌入式数据库的备份`);
    }
    // loaded beside the live folder first: a failure half-way leaves the old data in place
    const loading = join(dataDir, 'pg.restoring');
    rmSync(loading, { recursive: true, force: true });
    const db = await PGlite.create({ dataDir: loading, loadDataDir: new Blob([readFileSync(join(staging, PGDATA))]) });
    await db.query('SELECT 1');
    await db.close();
    rmSync(join(dataDir, 'pg'), { recursive: true, force: true });
    renameSync(loading, join(dataDir, 'pg'));
    const attachments = join(dataDir, 'attachments');
    rmSync(attachments, { recursive: true, force: true });
    let count = 0;
    if (existsSync(join(staging, 'attachments'))) {
      cpSync(join(staging, 'attachments'), attachments, { recursive: true });
      count = readdirSync(attachments, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    }
    return { attachments: count };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
