import { createWriteStream, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { configFromEnv } from '../../server/config.ts';
import { scratchDatabase } from '../../server/db/scratch.ts';
import { migrate } from '../../server/db/migrate.ts';
import { loadEvalCorpus, runEvalQueries, type EvalCorpusLine, type EvalQueryLine } from '../../server/kb/eval.ts';
import { exportEntries, importEntries, ImportError } from '../../server/kb/io.ts';
import { CliError } from '../files.ts';
import { openDatabase } from './serve.ts';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`无法读取文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function readJsonLines<T>(path: string, check: (v: Record<string, unknown>) => boolean, what: string): T[] {
  return readText(path)
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new CliError(`${path} 第 ${i + 1} 行不是合法的 JSON`);
      }
      if (!v || typeof v !== 'object' || !check(v as Record<string, unknown>)) throw new CliError(`${path} 第 ${i + 1} 行应为 ${what}`);
      return v as T;
    });
}

/** A database of its own for one evaluation: in-memory PGlite, or a fresh schema on DATABASE_URL. */
const evalDatabase = () => scratchDatabase(process.env.DATABASE_URL, 'kb_eval');

export function registerKbCommand(program: Command): void {
  const kb = program.command('kb').description('知识库：导入、导出、检索效果评测');

  kb.command('import')
    .description('从 JSON Lines 文件导入知识条目（字段见 README“知识库”一节）；与 serve 使用同一数据库配置')
    .argument('<file>', '.jsonl 文件，每行一个条目')
    .option('--state <state>', '未写 state 的行导入后的状态：draft（默认）或 published', 'draft')
    .action(async (file: string, opts: { state: string }) => {
      if (!['draft', 'published'].includes(opts.state)) throw new CliError('--state 只能是 draft 或 published');
      const text = readText(file);
      const { db, release } = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        const r = await importEntries(db, text, { defaultState: opts.state });
        process.stdout.write(`${JSON.stringify(r)}\n`);
      } catch (error) {
        if (error instanceof ImportError) throw new CliError(error.message);
        throw error;
      } finally {
        await release();
      }
    });

  kb.command('export')
    .description('把全部知识条目导出为 JSON Lines（不给文件名时写到标准输出）')
    .argument('[file]', '输出文件')
    .action(async (file: string | undefined) => {
      const { db, release } = await openDatabase(configFromEnv());
      const out = file ? createWriteStream(file) : process.stdout;
      try {
        await migrate(db);
        for await (const line of exportEntries(db)) {
          if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
      } finally {
        if (file) await new Promise((r) => (out as ReturnType<typeof createWriteStream>).end(r));
        await release();
      }
    });

  kb.command('eval')
    .description('检索效果评测：在全新的索引上跑一组查询，输出一个 JSON：{n, mrr10, recall1, recall10, p50Ms, p95Ms}')
    .requiredOption('--corpus <file>', '语料 .jsonl，每行 {id, title, answer}')
    .requiredOption('--queries <file>', '查询 .jsonl，每行 {query, expected}（expected 为语料中的 id）')
    .action(async (opts: { corpus: string; queries: string }) => {
      const corpus = readJsonLines<EvalCorpusLine>(opts.corpus, (v) => v.id !== undefined && typeof v.title === 'string' && typeof v.answer === 'string', '{id, title, answer}');
      const queries = readJsonLines<EvalQueryLine>(opts.queries, (v) => typeof v.query === 'string' && v.expected !== undefined, '{query, expected}');
      const { db, drop } = await evalDatabase();
      try {
        await migrate(db);
        await loadEvalCorpus(db, corpus);
        process.stdout.write(`${JSON.stringify(await runEvalQueries(db, queries))}\n`);
      } finally {
        await drop();
      }
    });
}
