/**
 * bench:classify — the request classifier on real citizen messages (../shared/data/govmsg, read at
 * run time, never copied into the repository): a fixed seeded stratified 80/20 split, our
 * classifier as `open12345 classify eval` runs it, beside the published reference of the 2020
 * challenge and a multinomial naive Bayes peer on the same features measured in the same run.
 *
 *   npm run bench:classify                 # data from ../shared/data/govmsg (or GOVMSG_DIR)
 *   BENCH_CV=1 npm run bench:classify      # also 5-fold cross-validation on the 80% part
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type Evaluation } from '../src/core/classify/evaluate.ts';
import { exampleFromLine } from '../src/core/classify/labeled.ts';
import type { Example } from '../src/core/classify/model.ts';
import { predictNaiveBayes, trainNaiveBayes } from '../src/core/classify/naive-bayes.ts';
import { stratifiedFolds, stratifiedSplit } from '../src/core/classify/sampling.ts';
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

const examples: Example[] = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => exampleFromLine(JSON.parse(l) as Record<string, unknown>))
  .filter((e): e is Example => e !== null);
const labels = examples.map((e) => e.label);
const { train, test } = stratifiedSplit(labels, 0.2, SEED);
const trainSet = train.map((i) => examples[i]!);
const testSet = test.map((i) => examples[i]!);
console.log(`govmsg labeled: ${examples.length} messages, ${new Set(labels).size} labels; seeded stratified split ${trainSet.length} train / ${testSet.length} test (seed ${SEED})`);

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

console.log(JSON.stringify({ seed: SEED, ours, peer: nb, reference: REFERENCE, cv }));
