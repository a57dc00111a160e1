import { Option, type Command } from 'commander';
import { agentsForErlangA } from '../../core/staffing/erlang-a.ts';
import { agentsFor } from '../../core/staffing/erlang-c.ts';
import { CliError } from '../files.ts';

function positive(name: string, value: string, { zero = false } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0)) throw new CliError(`${name} 应为${zero ? '非负' : '正'}数：${value}`);
  return n;
}

const MODELS = ['erlang-c', 'erlang-a'] as const;
const MAX_PATIENCE = 86_400;

/**
 * `open12345 staffing erlang`: the fewest agents for a service level (src/core/staffing), e.g. 凉山
 * 第十条's 接通率 or a 15-second answer target. Erlang C by default (nobody hangs up); with
 * `--model erlang-a --patience SECONDS` callers give up after an exponential patience (issue 14
 * item 5), and the answer adds the share abandoned. One line of JSON.
 */
export function registerStaffingCommand(program: Command): void {
  const staffing = program.command('staffing').description('坐席排班测算');
  staffing
    .command('erlang')
    .description('按 Erlang C（或 Erlang A：来电人等待超过耐心时长即挂断）计算达到服务水平目标所需的最少坐席数（输出一行 JSON：agents, serviceLevel, asaSeconds, occupancy；Erlang A 另有 abandonment）')
    .addOption(new Option('--calls <perHour>', '每小时呼入量').makeOptionMandatory())
    .addOption(new Option('--aht <seconds>', '平均处理时长（秒，通话 + 话后处理）').makeOptionMandatory())
    .addOption(new Option('--answer-within <seconds>', '服务水平的应答时限（秒），例如 15 或 20').makeOptionMandatory())
    .addOption(new Option('--target <fraction>', '服务水平目标（0–1 之间的小数），例如 0.8').makeOptionMandatory())
    .addOption(new Option('--model <model>', '排队模型：erlang-c（不放弃）或 erlang-a（按平均耐心时长放弃）').default('erlang-c'))
    .addOption(new Option('--patience <seconds>', '来电人平均耐心时长（秒；仅 erlang-a，服从指数分布）'))
    .action((opts: { calls: string; aht: string; answerWithin: string; target: string; model: string; patience?: string }) => {
      if (!(MODELS as readonly string[]).includes(opts.model)) throw new CliError(`--model 只能是 ${MODELS.join(' 或 ')}：${opts.model}`);
      const target = Number(opts.target);
      if (!(target > 0 && target < 1)) throw new CliError(`--target 应为 0 与 1 之间的小数：${opts.target}`);
      const input = {
        callsPerHour: positive('--calls', opts.calls, { zero: true }),
        ahtSeconds: positive('--aht', opts.aht),
        answerWithinSeconds: positive('--answer-within', opts.answerWithin, { zero: true }),
        target,
      };
      if (opts.model === 'erlang-c') {
        if (opts.patience !== undefined) throw new CliError('--patience 只用于 --model erlang-a（Erlang C 假定来电人不挂断）');
        process.stdout.write(`${JSON.stringify(agentsFor(input))}\n`);
        return;
      }
      if (opts.patience === undefined) throw new CliError('--model erlang-a 需要 --patience（来电人平均耐心时长，秒），例如 --patience 90');
      const patienceSeconds = positive('--patience', opts.patience);
      // a day is past any caller's patience; the chain's queue grows with patience × calls, so a larger
      // figure costs time and says nothing Erlang C does not
      if (patienceSeconds > MAX_PATIENCE) throw new CliError(`--patience 不应超过 ${MAX_PATIENCE} 秒（一天）；来电人从不挂断时请用 Erlang C（不加 --model）`);
      const figures = agentsForErlangA({ ...input, patienceSeconds });
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    });
}
