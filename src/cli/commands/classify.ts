import type { Command } from 'commander';
import { evaluate, type Evaluation } from '../../core/classify/evaluate.ts';
import { exampleFromLine } from '../../core/classify/labeled.ts';
import { classify, trainClassifier, TrainingDataError, type Example } from '../../core/classify/model.ts';
import { classifierTokenizer } from '../../server/classify/tokenizer.ts';
import { trainAndSave, trainFromTickets } from '../../server/classify/training.ts';
import { configFromEnv } from '../../server/config.ts';
import { migrate } from '../../server/db/migrate.ts';
import { CliError } from '../files.ts';
import { readJsonLines } from './kb.ts';
import { openDatabase } from './serve.ts';

export function readLabeledFile(path: string): Example[] {
  return readJsonLines<Record<string, unknown>>(path, (v) => exampleFromLine(v) !== null, '{label, title 和/或 body}').map((v) => exampleFromLine(v)!);
}

/**
 * Trains on one set and measures on the other as `classify eval` prints it; each prediction is
 * made as the service makes it, with the words that drove it.
 */
export function evaluateClassifier(train: readonly Example[], test: readonly Example[]): Evaluation {
  const tokenize = classifierTokenizer();
  tokenize('预热'); // loading jieba's dictionary is not training time
  try {
    return evaluate(train, test, (e) => trainClassifier(e, tokenize), (m, text) => classify(m, text, tokenize).ranked[0]!.label);
  } catch (error) {
    if (error instanceof TrainingDataError) throw new CliError(error.message);
    throw error;
  }
}

export function registerClassifyCommand(program: Command): void {
  const cmd = program.command('classify').description('智能分类：按诉求内容预测一级分类（训练、评测）');

  cmd
    .command('eval')
    .description('在一个文件上训练、在另一个文件上评测，输出一个 JSON：{macroF1, accuracy, perClass, trainSeconds, msPerPrediction}')
    .requiredOption('--train <file>', '训练集 .jsonl，每行 {label, title 和/或 body}')
    .requiredOption('--test <file>', '测试集 .jsonl，格式同上')
    .action((opts: { train: string; test: string }) => {
      const result = evaluateClassifier(readLabeledFile(opts.train), readLabeledFile(opts.test));
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });

  cmd
    .command('train')
    .description('训练分类模型并存入数据库（成为当前启用的模型）：默认用已办结工单（一级分类为分类中第一个“/”之前的部分），或用 --file 的文件；与 serve 使用同一数据库配置')
    .option('--file <file>', '用此 .jsonl 文件训练，每行 {label, title 和/或 body}')
    .option('--database-url <url>', 'PostgreSQL 连接串（默认取 DATABASE_URL，否则为 DATA_DIR 中的嵌入式数据库）')
    .action(async (opts: { file?: string; databaseUrl?: string }) => {
      const examples = opts.file ? readLabeledFile(opts.file) : null;
      const config = configFromEnv();
      const { db, release } = await openDatabase(opts.databaseUrl ? { ...config, databaseUrl: opts.databaseUrl } : config);
      try {
        await migrate(db);
        const info = examples ? await trainAndSave(db, examples, 'file') : await trainFromTickets(db);
        process.stdout.write(`${JSON.stringify({ id: info.id, source: info.source, trainedOn: info.trainedOn, labels: info.labels, bytes: info.bytes, metrics: info.metrics })}\n`);
      } catch (error) {
        if (error instanceof TrainingDataError) throw new CliError(error.message);
        throw error;
      } finally {
        await release();
      }
    });
}
