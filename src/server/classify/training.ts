import { performance } from 'node:perf_hooks';
import { TrainingDataError, trainClassifierWithReport, type Example } from '../../core/classify/model.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { saveModel, type ModelSource, type StoredModelInfo } from './store.ts';
import { classifierTokenizer } from './tokenizer.ts';

/** Training a model from examples and storing it as the active one; the examples from closed tickets. */

/** Fewer examples than this teach nothing worth serving. */
export const MIN_EXAMPLES = 20;

/** The text a ticket is classified by: its title and what the caller said. */
export function ticketText(title: string | null, content: string): string {
  return title ? `${title}\n${content}` : content;
}

/** The newest closed tickets a model learns from: enough to learn well, bounded in memory and time. */
export const MAX_TRAINING_TICKETS = 50_000;

const LABELLED_CLOSED = `status = 'closed' AND split_part(coalesce(category, ''), '/', 1) <> ''`;

/**
 * Closed tickets with a category, the newest first, labelled by the category's first level (the
 * part before the first '/': 城乡建设/路灯照明 → 城乡建设).
 */
export async function examplesFromTickets(db: Queryable, limit = MAX_TRAINING_TICKETS): Promise<Example[]> {
  const { rows } = await db.query<{ title: string | null; content: string; label: string }>(
    `SELECT title, content, split_part(category, '/', 1) AS label FROM tickets
      WHERE ${LABELLED_CLOSED} ORDER BY closed_at DESC NULLS LAST, created_at DESC, id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ text: ticketText(r.title, r.content), label: r.label }));
}

/** How many closed tickets have a category: what the retraining job compares with the last model's count. */
export async function countLabelledClosed(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE ${LABELLED_CLOSED}`);
  return rows[0]!.n;
}

export function checkExamples(examples: readonly Example[]): void {
  if (examples.length < MIN_EXAMPLES) throw new TrainingDataError(`训练样本太少：至少需要 ${MIN_EXAMPLES} 条带分类的文本，现有 ${examples.length} 条`);
}

export async function trainAndSave(db: Db, examples: readonly Example[], source: ModelSource, closedTickets: number | null = null): Promise<StoredModelInfo> {
  checkExamples(examples);
  const start = performance.now();
  const { model, heldOut } = trainClassifierWithReport(examples, classifierTokenizer());
  const trainSeconds = (performance.now() - start) / 1000;
  const metrics = {
    trainSeconds: Number(trainSeconds.toFixed(2)),
    temperature: model.temperature,
    uniformShare: model.uniformShare,
    features: model.vocab.features.length,
    ...(heldOut ? { heldOut: { n: heldOut.n, macroF1: heldOut.macroF1, accuracy: heldOut.accuracy } } : {}),
  };
  return saveModel(db, { model, source, trainedOn: examples.length, metrics, closedTickets });
}

/** Trains from the deployment's closed tickets. */
export async function trainFromTickets(db: Db): Promise<StoredModelInfo> {
  const closed = await countLabelledClosed(db);
  return trainAndSave(db, await examplesFromTickets(db), 'tickets', closed);
}
