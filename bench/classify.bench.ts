/**
 * bench:classify — the request classifier on real citizen messages (../shared/data/govmsg, read at
 * run time, never copied into the repository): a split that keeps the rows of one message
 * together (below), our classifier as `open12345 classify eval` runs it, beside the published
 * reference of the 2020 challenge and a multinomial naive Bayes peer on the same features measured
 * in the same run; then how far its confidence can be trusted (ECE and a reliability table).
 *
 *   npm run bench:classify                 # data from ../shared/data/govmsg (or GOVMSG_DIR)
 *   BENCH_CV=1 npm run bench:classify      # also 5-fold cross-validation on the training part
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type Evaluation } from '../src/core/classify/evaluate.ts';
import { exampleFromLine } from '../src/core/classify/labeled.ts';
import type { Example } from '../src/core/classify/model.ts';
import { predictNaiveBayes, trainNaiveBayes } from '../src/core/classify/naive-bayes.ts';
import { stratifiedFolds, stratifiedSplit } from '../src/core/classify/sampling.ts';
import { calibrationReport } from './classify-calibration.ts';
import { evaluateClassifier } from '../src/cli/commands/classify.ts';
import { classifierTokenizer } from '../src/server/classify/tokenizer.ts';

const DIR = process.env.GOVMSG_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data', 'govmsg');
const FILE = join(DIR, 'labeled.jsonl');
const SEED = 20200;
/** Published entries of the 2020 泰迪杯 task C: TF-IDF + SVD + RBF SVM, 9:1 split. */
const REFERENCE = { name: 'published (TF-IDF+SVD+RBF SVM, 2020)', macroF1: 0.912 };

if (!existsSync(FILE)) {
  console.log(`bench:classify skipped: ${FILE} not found (the govmsg data set lives in shared/data, outside the repository; set GOVMSG_DIR to point elsewhere)`);
  process.exit(0);
}

/**
 * Rows of labeled.jsonl are not independent: most messages appear as a title row and a body row,
 * and the 1,999 full records a third time (../shared/data/govmsg/README.md). A random split of rows
 * tests on what was trained. So the full records are held out, as one row each (title + body, as a
 * ticket is), split in half into a calibration set and the test set; training takes the other rows
 * except every one whose text is the title or body of a held-out record.
 */
interface Row {
  label?: unknown;
  title?: unknown;
  body?: unknown;
  source?: unknown;
}
const rows = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row);
const squeeze = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, '') : '');
const records = rows.filter((r) => r.source === 'full_record');
const heldTexts = new Set(records.flatMap((r) => [squeeze(r.title), squeeze(r.body)]).filter(Boolean));
const trainSet: Example[] = rows
  .filter((r) => r.source !== 'full_record' && !heldTexts.has(squeeze(r.title ?? r.body)))
  .map((r) => exampleFromLine(r as Record<string, unknown>))
  .filter((e): e is Example => e !== null);
const heldOut = records.map((r) => exampleFromLine(r as Record<string, unknown>)).filter((e): e is Example => e !== null);
const { train: calIndex, test: testIndex } = stratifiedSplit(
  heldOut.map((e) => e.label),
  0.5,
  SEED,
);
const calibrationSet = calIndex.map((i) => heldOut[i]!);
const testSet = testIndex.map((i) => heldOut[i]!);
const labels = trainSet.map((e) => e.label);
console.log(
  `govmsg labeled: ${rows.length} rows, ${new Set(labels).size} labels; training on ${trainSet.length} title or body rows ` +
    `(${rows.length - records.length - trainSet.length} dropped: the same text as a held-out record), ` +
    `${calibrationSet.length} full records for calibration, ${testSet.length} for the test (stratified, seed ${SEED})`,
);

const tokenize = classifierTokenizer();
const peer = (tr: readonly Example[], te: readonly Example[]) =>
  evaluate(
    tr,
    te,
    (e) => trainNaiveBayes(e, tokenize),
    (m, text) => predictNaiveBayes(m, text, tokenize),
  );

const ours = evaluateClassifier(trainSet, testSet);
const nb = peer(trainSet, testSet);

const row = (name: string, r: Pick<Evaluation, 'macroF1'> & Partial<Evaluation>) =>
  `${name.padEnd(40)} macro-F1 ${r.macroF1.toFixed(4)}   accuracy ${r.accuracy?.toFixed(4) ?? '   —  '}   train ${r.trainSeconds?.toFixed(1).padStart(5) ?? '    —'} s   ${r.msPerPrediction?.toFixed(3) ?? '—'} ms/prediction`;
console.log(row('ours (char 1-3 + jieba words, linear SVM)', ours));
console.log(row('peer (multinomial NB, same features)', nb));
console.log(row(REFERENCE.name, REFERENCE));
console.log(
  `ratios: macro-F1 ${(ours.macroF1 / REFERENCE.macroF1).toFixed(3)}× the published reference, ${(ours.macroF1 / nb.macroF1).toFixed(3)}× the peer; ` +
    `training ${(ours.trainSeconds / nb.trainSeconds).toFixed(1)}× the peer's time, prediction ${(ours.msPerPrediction / nb.msPerPrediction).toFixed(1)}× (ours explains each prediction)`,
);
console.log('per label (ours):');
for (const [label, c] of Object.entries(ours.perClass)) {
  console.log(`  ${label.padEnd(8, '　')} precision ${c.precision.toFixed(3)}  recall ${c.recall.toFixed(3)}  f1 ${c.f1.toFixed(3)}  support ${c.support}`);
}

// Confidence: as trained (temperature fitted on the model's own held-out fifth of the training
// rows, where title and body rows of one message can fall on both sides), and after fitting it
// again on the calibration set of full records; both measured on the test set.
const calibration = calibrationReport(trainSet, calibrationSet, testSet, tokenize);

let cv: { mean: number; folds: number[] } | null = null;
if (process.env.BENCH_CV) {
  // Generalisation check: the 80% part alone, in 5 stratified folds; the test part is not touched.
  const folds = stratifiedFolds(
    trainSet.map((e) => e.label),
    5,
    SEED,
  );
  const f1s = folds.map((fold) => {
    const held = new Set(fold);
    return evaluateClassifier(
      trainSet.filter((_, i) => !held.has(i)),
      fold.map((i) => trainSet[i]!),
    ).macroF1;
  });
  cv = { mean: f1s.reduce((a, b) => a + b, 0) / f1s.length, folds: f1s };
  console.log(`5-fold CV on the training part: macro-F1 ${cv.mean.toFixed(4)} (${f1s.map((f) => f.toFixed(4)).join(', ')})`);
}

console.log(JSON.stringify({ seed: SEED, ours, peer: nb, reference: REFERENCE, calibration: calibration.summary, cv }));
