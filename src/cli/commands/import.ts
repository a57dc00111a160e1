import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { serverCalendar } from '../../server/admin/calendar-store.ts';
import { configureAudit } from '../../server/audit/record.ts';
import { migrate } from '../../server/db/migrate.ts';
import { parseHeaderMap, TicketImportError } from '../../server/tickets/import/columns.ts';
import { readTable, type Encoding } from '../../server/tickets/import/read.ts';
import { importTickets } from '../../server/tickets/import/write.ts';
import { CliError, readCalendarFiles, readJsonFile } from '../files.ts';
import { loadServerPolicy, openDatabase, openVault, readConfig } from './serve.ts';

interface Options {
  map?: string;
  createUnits?: boolean;
  dryRun?: boolean;
  center: string;
  encoding: string;
}

function operator(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * `open12345 import tickets FILE`: a legacy system's closed tickets, brought in with the preset, the
 * calendar, the keys and the database the server itself uses (POLICY, CALENDAR_FILES, KEY_FILE or
 * DATA_KEYS, DATABASE_URL or DATA_DIR), so imported tickets count in every indicator like live ones.
 */
export function registerImportCommand(program: Command): void {
  const imports = program.command('import').description('导入原有系统的数据');
  imports
    .command('tickets')
    .description('导入原有系统的已办结工单（CSV：UTF-8 或 GBK；或 xlsx）；有一行出错则全部不导入；重复导入同一文件不会重复添加')
    .argument('<file>', 'CSV 或 xlsx 文件，首行为表头（中文列名或英文键，见 README “导入历史工单”）')
    .option('--map <file>', '列名对照 JSON：{"原列名": "登记时间", …}')
    .option('--create-units', '主办单位不存在时在热线中心下新建（否则报错）')
    .option('--dry-run', '只检查，不写入')
    .option('--center <name>', '数据库中还没有热线中心时新建的中心名称', '热线中心')
    .option('--encoding <encoding>', 'CSV 编码：auto（默认，先试 UTF-8 再试 GBK）、utf-8、gbk', 'auto')
    .action(async (file: string, o: Options) => {
      const encoding = ({ auto: 'auto', 'utf-8': 'utf-8', utf8: 'utf-8', gbk: 'gbk', gb18030: 'gbk' } as Record<string, Encoding>)[o.encoding.toLowerCase()];
      if (!encoding) throw new CliError(`--encoding 应为 auto、utf-8 或 gbk：${o.encoding}`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new CliError(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const config = readConfig();
      const policy = loadServerPolicy(config);
      const calendarFiles = readCalendarFiles(config);
      try {
        const renames = o.map ? parseHeaderMap(readJsonFile(o.map)) : undefined;
        const table = await readTable(file, bytes, encoding);
        const vault = openVault(config);
        configureAudit({ enabled: config.audit.enabled, algorithm: config.audit.algorithm });
        const { db, release } = await openDatabase(config);
        try {
          await migrate(db);
          const calendar = await serverCalendar(db, calendarFiles);
          const summary = await importTickets(
            { db, policy, calendar, vault, now: Date.now() },
            table,
            { file: basename(file), ...(renames ? { renames } : {}), createUnits: Boolean(o.createUnits), dryRun: Boolean(o.dryRun), centerName: o.center, ...(operator() ? { operator: operator()! } : {}) },
          );
          process.stdout.write(`${JSON.stringify(summary)}\n`);
        } finally {
          await release();
        }
      } catch (error) {
        if (error instanceof TicketImportError) throw new CliError(error.message);
        throw error;
      }
    });
}
