import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { parseUnitFile } from '../../server/units/import-file.ts';
import { exportUnits, importUnits } from '../../server/units/import.ts';
import { CliError } from '../files.ts';
import { asCliError, withDatabase } from '../ops.ts';

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function registerUnitsCommand(program: Command): void {
  const units = program.command('units').description('单位树：导入与导出');
  units
    .command('import')
    .description('从 CSV 或 JSON 文件建立/更新单位树（列：name, kind, parent, region_code, duties），全部成功或全部不变；重复导入不产生重复单位')
    .argument('<file>', 'CSV（首行为表头）或 JSON 数组；parent 写上级单位名称，重名时写完整路径（A/B/C）；duties 用“;”或“、”分隔')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      let rows;
      try {
        rows = parseUnitFile(text, extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
      } catch (error) {
        throw asCliError(error);
      }
      if (!rows.length) throw new CliError(`${file} 中没有单位`);
      const r = await withDatabase((db) => importUnits(db, rows));
      process.stdout.write(`已导入 ${rows.length} 个单位：新建 ${r.created}，更新 ${r.updated}，未变 ${r.unchanged}\n`);
    });
  units
    .command('export')
    .description('导出单位树（可再导入）')
    .option('--format <format>', 'csv 或 json', 'csv')
    .option('--out <file>', '写入文件（默认输出到标准输出）')
    .action(async (o: { format: string; out?: string }) => {
      if (o.format !== 'csv' && o.format !== 'json') throw new CliError(`--format 应为 csv 或 json：${o.format}`);
      const rows = await withDatabase((db) => exportUnits(db));
      const text =
        o.format === 'json'
          ? `${JSON.stringify(rows, null, 2)}\n`
          : ['name,kind,parent,region_code,duties', ...rows.map((r) => [r.name, r.kind, r.parent, r.region_code, r.duties.join(';')].map(csvCell).join(','))].join('\n') + '\n';
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
    });
}
