import type { Command } from 'commander';
import { CliError } from '../files.ts';
import { calendarOptions, loadCalendar } from './deadline.ts';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function registerCalendarCommand(program: Command): void {
  const cmd = program
    .command('calendar')
    .description('列出某年的放假日与调休上班日，并说明该年安排是官方公布还是暂按法定规则推算')
    .requiredOption('--year <year>', '年份，例如 2026')
    .option('--json', '以 JSON 输出');
  calendarOptions(cmd).action((opts) => {
    const year = Number(opts.year);
    if (!Number.isInteger(year)) throw new CliError(`年份应为整数：${opts.year as string}`);
    const summary = loadCalendar(opts).yearSummary(year);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const lines = [
      `${year}年 ${summary.status === 'official' ? '官方安排' : '暂定（官方安排尚未公布）'}`,
      `来源：${summary.source}`,
      ...(summary.overrides.length ? [`叠加：${summary.overrides.join('、')}`] : []),
      `工作日：${summary.workingDays} 天`,
      '',
      `放假（${summary.daysOff.length} 天）：`,
      ...summary.daysOff.map((d) => `  ${d.date} ${WEEKDAYS[d.weekday]}  ${d.name}`),
      '',
      `调休上班（${summary.makeupWorkdays.length} 天）：`,
      ...(summary.makeupWorkdays.length
        ? summary.makeupWorkdays.map((d) => `  ${d.date} ${WEEKDAYS[d.weekday]}  ${d.name}`)
        : [summary.status === 'provisional' ? '  （调休上班日须待官方通知，暂无）' : '  无']),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
