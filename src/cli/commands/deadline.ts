import { Option, type Command } from 'commander';
import { Calendar, parseInstant } from '../../core/calendar/index.ts';
import { computeDeadline, deadlineToJson, getPreset, resolvePolicy, type Policy } from '../../core/policy/index.ts';
import { CLOCKS, TICKET_TYPES, URGENCIES } from '../../core/vocabulary.ts';
import { VARIANTS } from '../../core/policy/schema.ts';
import { CliError, readCalendarOverride, readJsonFile } from '../files.ts';

export function loadPolicy(opts: { policy?: string; policyFile?: string }): Policy {
  if (opts.policyFile) return resolvePolicy(readJsonFile(opts.policyFile));
  if (!opts.policy) throw new CliError('请用 --policy 指定时限预设（例如 chongqing-2021），或用 --policy-file 指定自定义策略');
  return getPreset(opts.policy);
}

export function loadCalendar(opts: { calendar?: string[]; officialYear?: number[]; hours?: string }): Calendar {
  const overrides = (opts.calendar ?? []).map((path) => readCalendarOverride(path, opts.officialYear ?? []));
  const workingHours = opts.hours ? (readJsonFile(opts.hours) as never) : undefined;
  return new Calendar({ overrides, workingHours });
}

export const calendarOptions = (cmd: Command) =>
  cmd
    .option('--calendar <file...>', '日历覆盖文件（JSON 或 ICS）：当年官方安排、本地调整、单位日历')
    .option('--official-year <year...>', 'ICS 文件中这些年份为官方安排', (v, acc: number[] = []) => [...acc, Number(v)])
    .option('--hours <file>', '办公时段配置（JSON，见 README）');

export function registerDeadlineCommand(program: Command): void {
  const cmd = program
    .command('deadline')
    .description('按时限预设计算某一时限的到期时间（输出一行 JSON）')
    .option('--policy <id>', '时限预设编号，例如 chongqing-2021')
    .option('--policy-file <file>', '自定义时限策略文件（JSON），代替 --policy')
    .addOption(new Option('--clock <clock>', `时限：${CLOCKS.join('|')}`).makeOptionMandatory())
    .addOption(new Option('--from <iso>', '起算事件的时间（ISO 8601；无时区时按北京时间）').makeOptionMandatory())
    .option('--type <type>', `诉求类型：${TICKET_TYPES.join('|')}`)
    .option('--urgency <urgency>', `紧急程度：${URGENCIES.join('|')}`)
    .option('--complex', '情况复杂（相当于 --variant complex）')
    .option('--variant <variant>', `特殊情形：${VARIANTS.join('|')}`);
  calendarOptions(cmd).action((opts) => {
    const policy = loadPolicy(opts);
    const calendar = loadCalendar(opts);
    const query = {
      clock: opts.clock as string,
      type: opts.type as string | undefined,
      urgency: opts.urgency as string | undefined,
      variant: (opts.variant as string | undefined) ?? (opts.complex ? 'complex' : undefined),
      from: parseInstant(opts.from as string),
    };
    const deadline = computeDeadline(policy, calendar, query);
    process.stdout.write(`${JSON.stringify(deadlineToJson(policy, query, deadline))}\n`);
  });
}
