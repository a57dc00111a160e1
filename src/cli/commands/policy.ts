import type { Command } from 'commander';
import { getPreset, PRESET_IDS, resolvePolicy } from '../../core/policy/index.ts';
import { readJsonFile } from '../files.ts';
import { formatTrace, isGap, tracePreset } from './policy-trace.ts';

export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('时限预设：列出、查看、校验自定义策略');
  policy
    .command('list')
    .description('列出内置的时限预设')
    .action(() => {
      for (const id of PRESET_IDS) {
        const p = getPreset(id);
        process.stdout.write(`${id}\t${p.document.title}（${p.document.number}）\n`);
      }
    });
  policy
    .command('show <id>')
    .description('以 JSON 输出一个预设（含每条规则的依据）')
    .action((id: string) => {
      process.stdout.write(`${JSON.stringify(getPreset(id), null, 2)}\n`);
    });
  policy
    .command('validate <file>')
    .description('校验自定义时限策略文件（完整预设，或 {"extends": "<预设>", ...修改}）')
    .action((file: string) => {
      const result = resolvePolicy(readJsonFile(file));
      process.stdout.write(`${file}：校验通过（${result.id}，${result.document.title}）\n`);
    });
  policy
    .command('trace [preset]')
    .description('条款追溯：办法的每一条（款）由哪条预设规则、哪些代码和测试落实；不给预设则四部地方办法都列')
    .option('--gaps', '只列缺规则/功能或缺测试的条款')
    .option('--json', '以 JSON 输出')
    .action((id: string | undefined, opts: { gaps?: boolean; json?: boolean }) => {
      const ids = id ? [id] : ['chongqing-2021', 'dazu-2021', 'liangshan-2023', 'shaoyang-2023'];
      const traces = ids.map((p) => ({ preset: p, ...tracePreset(p) }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(traces.map((t) => ({ ...t, rows: opts.gaps ? t.rows.filter(isGap) : t.rows })), null, 2)}\n`);
        return;
      }
      process.stdout.write(traces.map((t) => formatTrace(t, !!opts.gaps)).join('\n'));
    });
}
