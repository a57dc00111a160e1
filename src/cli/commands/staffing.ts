import { Option, type Command } from 'commander';
import { agentsFor } from '../../core/staffing/erlang-c.ts';
import { CliError } from '../files.ts';

function positive(name: string, value: string, { zero = false } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0)) throw new CliError(`${name} 应为${zero ? '非负' : '正'}数：${value}`);
  return n;
}

/**
 * `open12345 staffing erlang`: the fewest agents for a service level (Erlang C, src/core/staffing),
 * e.g. 凉山 第十条's 接通率 or a 15-second answer target. One line of JSON.
 */
export function registerStaffingCommand(program: Command): void {
  const staffing = program.command('staffing').description('坐席排班测算');
  staffing
    .command('erlang')
    .description('按 Erlang C 计算达到服务水平目标所需的最少坐席数（输出一行 JSON：agents, serviceLevel, asaSeconds, occupancy）')
    .addOption(new Option('--calls <perHour>', '每小时呼入量').makeOptionMandatory())
    .addOption(new Option('--aht <seconds>', '平均处理时长（秒，通话 + 话后处理）').makeOptionMandatory())
    .addOption(new Option('--answer-within <seconds>', '服务水平的应答时限（秒），例如 15 或 20').makeOptionMandatory())
    .addOption(new Option('--target <fraction>', '服务水平目标（0–1 之间的小数），例如 0.8').makeOptionMandatory())
    .action((opts: { calls: string; aht: string; answerWithin: string; target: string }) => {
      const target = Number(opts.target);
      if (!(target > 0 && target < 1)) throw new CliError(`--target 应为 0 与 1 之间的小数：${opts.target}`);
      const figures = agentsFor({
        callsPerHour: positive('--calls', opts.calls, { zero: true }),
        ahtSeconds: positive('--aht', opts.aht),
        answerWithinSeconds: positive('--answer-within', opts.answerWithin, { zero: true }),
        target,
      });
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    });
}
