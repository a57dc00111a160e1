import { Option, type Command } from 'commander';
import { DateInputError, parseDay } from '../../core/calendar/civil-date.ts';
import { DEMO_PASSWORD } from '../../server/auth/passwords.ts';
import { CliError } from '../files.ts';
import { simulateTelephonyDay, SimulationError } from '../telephony-simulator.ts';

function count(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${name} 应为 ${min}–${max} 之间的整数：${value}`);
  return n;
}

/**
 * `open12345 telephony simulate`: a simulated day of calls into a running server, through the
 * signed events API (src/cli/telephony-simulator.ts). Prints one line of JSON with what it sent.
 */
export function registerTelephonyCommand(program: Command): void {
  const telephony = program.command('telephony').description('话务：模拟电话平台');
  telephony
    .command('simulate')
    .description('模拟一天的话务：按时段的泊松来电、通话与放弃，经签名的话务事件接口发送到运行中的服务器；部分接通的来电由话务员登记工单并关联通话')
    .addOption(new Option('--date <YYYY-MM-DD>', '模拟的日期（北京时间）').makeOptionMandatory())
    .addOption(new Option('--calls <n>', '当天呼入量').makeOptionMandatory())
    .addOption(new Option('--agents <m>', '在席坐席数（全天）').makeOptionMandatory())
    .option('--url <url>', '服务器地址（默认 http://127.0.0.1:$PORT，PORT 默认 12345）')
    .option('--secret <secret>', '电话平台密钥（默认读取环境变量 TELEPHONY_EVENTS_SECRET，须与服务器一致）')
    .option('--seed <n>', '随机种子：同一种子同一天得到同样的话务', '12345')
    .option('--tickets <share>', '接通后登记工单的比例（0–1）', '0.3')
    .option('--agent-user <username>', '登记工单的话务员账号', 'agent')
    .option('--agent-password <password>', '该账号的密码（默认演示密码；也可用环境变量 SIMULATE_AGENT_PASSWORD）')
    .option('--first-extension <n>', '第一个坐席的分机号，其余依次递增', '8001')
    .option('--concurrency <n>', '同时发送的请求数', '4')
    .action(async (o: { date: string; calls: string; agents: string; url?: string; secret?: string; seed: string; tickets: string; agentUser: string; agentPassword?: string; firstExtension: string; concurrency: string }) => {
      try {
        parseDay(o.date);
      } catch (error) {
        if (error instanceof DateInputError) throw new CliError(error.message);
        throw error;
      }
      const secret = o.secret ?? process.env.TELEPHONY_EVENTS_SECRET;
      if (!secret) throw new CliError('请用 --secret 或环境变量 TELEPHONY_EVENTS_SECRET 提供电话平台密钥（与服务器的 TELEPHONY_EVENTS_SECRET 相同）');
      const share = Number(o.tickets);
      if (!(share >= 0 && share <= 1)) throw new CliError(`--tickets 应为 0 与 1 之间的小数：${o.tickets}`);
      const url = (o.url ?? `http://127.0.0.1:${process.env.PORT ?? 12345}`).replace(/\/+$/, '');
      try {
        const result = await simulateTelephonyDay({
          url,
          secret,
          date: o.date,
          calls: count('--calls', o.calls, 0, 200_000),
          agents: count('--agents', o.agents, 1, 2000),
          seed: count('--seed', o.seed, 0, 2 ** 31 - 1),
          ticketShare: share,
          agentUser: share > 0 ? { username: o.agentUser, password: o.agentPassword ?? process.env.SIMULATE_AGENT_PASSWORD ?? DEMO_PASSWORD } : undefined,
          firstExtension: count('--first-extension', o.firstExtension, 1, 99_999_999),
          concurrency: count('--concurrency', o.concurrency, 1, 64),
          progress: (line) => process.stderr.write(line),
        });
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } catch (error) {
        if (error instanceof SimulationError) throw new CliError(error.message);
        if (error instanceof TypeError && /fetch failed/.test(error.message)) throw new CliError(`无法连接服务器 ${url}：请先启动服务（npm start）或用 --url 指定地址`);
        throw error;
      }
    });
}
