import type { Command } from 'commander';
import { formatDay, parseDay } from '../../core/calendar/civil-date.ts';
import { scorecard } from '../../server/analytics/scorecard.ts';
import type { Attribution } from '../../server/analytics/counts.ts';
import { CliError } from '../files.ts';
import { withDatabase } from '../ops.ts';

/** The longest period one scorecard covers: a year and a bit (an annual evaluation, 重庆 第二十四条). */
const MAX_DAYS = 400;

export function registerAnalyticsCommand(program: Command): void {
  const analytics = program.command('analytics').description('考核与分析');
  analytics
    .command('scorecard')
    .description('各承办单位在一段时间内的考核指标、综合得分和同类排名（JSON；比率为 0–1 的小数，保留 4 位，分母为 0 时为 null）')
    .requiredOption('--from <day>', '开始日期 YYYY-MM-DD（北京时间，含当天）')
    .requiredOption('--to <day>', '结束日期 YYYY-MM-DD（北京时间，含当天）')
    .option('--by <basis>', 'dispatched：按派单时间归期（默认）；closed：按办结时间归期', 'dispatched')
    .option('--unit <id>', '只输出这个单位')
    .action(async (o: { from: string; to: string; by: string; unit?: string }) => {
      const from = parseDay(o.from);
      const to = parseDay(o.to);
      if (to < from) throw new CliError(`--to（${o.to}）早于 --from（${o.from}）`);
      if (to - from + 1 > MAX_DAYS) throw new CliError(`一次最多统计 ${MAX_DAYS} 天`);
      if (o.by !== 'dispatched' && o.by !== 'closed') throw new CliError(`--by 应为 dispatched 或 closed：${o.by}`);
      const card = await withDatabase(async (db) => {
        if (o.unit) {
          const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(o.unit);
          const found = uuid ? (await db.query('SELECT 1 FROM units WHERE id = $1', [o.unit])).rows.length : 0;
          if (!found) throw new CliError(`没有这个单位：${o.unit}`);
        }
        return scorecard(db, { from, to, by: o.by as Attribution, now: Date.now(), ...(o.unit ? { unitId: o.unit } : {}) });
      });
      const out = {
        from: formatDay(from),
        to: formatDay(to),
        by: o.by,
        units: card.units.map((u) => ({
          unit: { id: u.unit.id, name: u.unit.name },
          received: u.received,
          onTimeRate: u.onTimeRate,
          overdue: u.overdue,
          responseRate: u.responseRate,
          resolutionRate: u.resolutionRate,
          satisfactionRate: u.satisfactionRate,
          returnRate: u.returnRate,
          extensionRate: u.extensionRate,
          redoRate: u.redoRate,
          score: u.score,
          rank: u.rank,
        })),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    });
}
