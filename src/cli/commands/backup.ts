import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backupEmbedded, backupPostgres, restoreEmbedded, restorePostgres } from '../../server/db/backup.ts';
import { lockDataDir } from '../data-lock.ts';
import { asCliError } from '../ops.ts';
import { readConfig } from './serve.ts';

/** open12345-20261123-093000, in Beijing time like every other time we show. */
function stamp(): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return `open12345-${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}${parts.second}`;
}

function size(file: string): string {
  return `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('备份数据库：PostgreSQL 用 pg_dump（自定义格式，可在服务运行时备份）；嵌入式数据库连同附件打成一个 tar（须先停止服务）')
    .option('--out <file>', '备份文件（默认 open12345-日期-时间.dump 或 .tar，在当前目录）')
    .action(async (o: { out?: string }) => {
      const config = readConfig();
      try {
        if (config.databaseUrl) {
          const out = resolve(o.out ?? `${stamp()}.dump`);
          await backupPostgres(config.databaseUrl, out);
          process.stdout.write(`已备份 PostgreSQL 数据库到 ${out}（${size(out)}）。附件不在其中：请另行备份 ${resolve(config.dataDir, 'attachments')}\n`);
          return;
        }
        const out = resolve(o.out ?? `${stamp()}.tar`);
        mkdirSync(config.dataDir, { recursive: true });
        const unlock = await lockDataDir(config.dataDir);
        try {
          const r = await backupEmbedded(config.dataDir, out);
          process.stdout.write(`已备份嵌入式数据库和 ${r.attachments} 个附件到 ${out}（${size(out)}）\n`);
        } finally {
          await unlock();
        }
      } catch (error) {
        throw asCliError(error);
      }
    });

  program
    .command('restore')
    .description('从备份恢复数据库：目标须为空（新建的 PostgreSQL 数据库或空的 DATA_DIR），除非加 --force')
    .argument('<file>', 'open12345 backup 生成的备份文件')
    .option('--force', '覆盖目标中已有的数据')
    .action(async (file: string, o: { force?: boolean }) => {
      const config = readConfig();
      const force = Boolean(o.force);
      try {
        if (config.databaseUrl) {
          await restorePostgres(config.databaseUrl, resolve(file), { force });
          process.stdout.write(`已从 ${file} 恢复 PostgreSQL 数据库。附件不在备份中：请把备份的附件放回 ${resolve(config.dataDir, 'attachments')}\n`);
          return;
        }
        mkdirSync(config.dataDir, { recursive: true });
        // the lock keeps a running server (or a second restore) off the folder while we replace it
        const unlock = await lockDataDir(config.dataDir);
        try {
          const r = await restoreEmbedded(config.dataDir, resolve(file), { force });
          process.stdout.write(`已从 ${file} 恢复嵌入式数据库和 ${r.attachments} 个附件到 ${config.dataDir}\n`);
        } finally {
          await unlock();
        }
      } catch (error) {
        throw asCliError(error);
      }
    });
}
