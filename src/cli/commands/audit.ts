import type { Command } from 'commander';
import { sealHead } from '../../server/audit/seal.ts';
import { configureAudit } from '../../server/audit/record.ts';
import { verifyAudit } from '../../server/audit/verify.ts';
import { configFromEnv } from '../../server/config.ts';
import { migrate } from '../../server/db/migrate.ts';
import { CliError, ExitStatus } from '../files.ts';
import { openDatabase } from './serve.ts';

function config() {
  try {
    return configFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export function registerAuditCommand(program: Command): void {
  const cmd = program.command('audit').description('安全审计：校验审计日志的哈希链、封存链头（与 serve 使用同一数据库配置）');

  cmd
    .command('verify')
    .description('重新计算审计链，核对时间线与访问日志，并与封存值比对；指出第一条被篡改、删除、调换或截断的记录。完好时退出码 0，否则 1')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }) => {
      const c = config();
      configureAudit({ algorithm: c.audit.algorithm });
      const { db, release } = await openDatabase(c);
      let ok: boolean;
      try {
        await migrate(db);
        const r = await verifyAudit(db, { sealsDir: c.audit.sealsDir });
        ok = r.ok;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        } else {
          const head = r.head ? `链头第 ${r.head.seq} 条` : '尚无记录';
          process.stdout.write(`审计记录 ${r.records} 条，${head}，核对封存 ${r.sealsChecked} 次。\n`);
          if (r.ok) {
            process.stdout.write('审计日志完整：未发现篡改、删除、调换或截断。\n');
          } else {
            process.stdout.write(`审计日志已被破坏。第一处：${r.first!.message}\n`);
            if (r.problems.length > 1) {
              process.stdout.write(`全部发现（${r.problems.length} 处${r.problems.length >= 50 ? '，只列前 50 处' : ''}）：\n`);
              for (const p of r.problems) process.stdout.write(`  - ${p.message}\n`);
            }
          }
        }
      } finally {
        await release();
      }
      if (!ok) throw new ExitStatus(1);
    });

  cmd
    .command('seal')
    .description('立即封存审计链头（序号、哈希、时间）：追加到 AUDIT_SEAL_DIR（默认 DATA_DIR/audit-seals）的文件，并写入发件箱（audit-seal）')
    .action(async () => {
      const c = config();
      configureAudit({ algorithm: c.audit.algorithm });
      const { db, release } = await openDatabase(c);
      try {
        await migrate(db);
        const seal = await sealHead(db, { dir: c.audit.sealsDir, now: Date.now() });
        process.stdout.write(seal ? `已封存：第 ${seal.seq} 条，${seal.hash}，${seal.at}\n` : '尚无审计记录，无需封存\n');
      } finally {
        await release();
      }
    });
}
