/**
 * bench:classify's confidence check: expected calibration error (10 bins) and a reliability table
 * on the test set, for the model as trained and after its temperature is fitted again on a
 * held-out calibration set (never the test set).
 */
import { classify, recalibrate, trainClassifier, type ClassifierModel, type Example } from '../src/core/classify/model.ts';
import { reliability, type Reliability } from '../src/core/classify/reliability.ts';
import type { Tokenizer } from '../src/core/classify/terms.ts';

function measure(model: ClassifierModel, test: readonly Example[], tokenize: Tokenizer): Reliability {
  const confidences: number[] = [];
  const correct: boolean[] = [];
  for (const e of test) {
    const best = classify(model, e.text, tokenize, 0).ranked[0]!;
    confidences.push(best.confidence);
    correct.push(best.label === e.label);
  }
  return reliability(confidences, correct, 10);
}

function table(name: string, r: Reliability): string[] {
  const pct = (v: number) => (Number.isNaN(v) ? '    —' : `${(v * 100).toFixed(1).padStart(5)}%`);
  return [
    `${name}: ECE ${(r.ece * 100).toFixed(2)} %  (largest bin gap ${(r.mce * 100).toFixed(1)} %)`,
    '  confidence     mean conf   accuracy   count',
    ...r.bins.map((b) => `  ${(b.from * 100).toFixed(0).padStart(3)}–${(b.to * 100).toFixed(0).padStart(3)} %     ${pct(b.confidence)}     ${pct(b.accuracy)}   ${String(b.count).padStart(5)}`),
  ];
}

export function calibrationReport(train: readonly Example[], calibration: readonly Example[], test: readonly Example[], tokenize: Tokenizer) {
  const model = trainClassifier(train, tokenize);
  const calibrated = recalibrate(model, calibration, tokenize);
  const before = measure(model, test, tokenize);
  const after = measure(calibrated, test, tokenize);
  console.log(`confidence calibration on the ${test.length} test records (10 equal-width bins):`);
  for (const line of [
    ...table(`as trained (temperature ${model.temperature.toFixed(3)} from its own held-out fifth)`, before),
    ...table(`calibrated on ${calibration.length} held-out records (temperature ${calibrated.temperature.toFixed(3)}, uniform share ${calibrated.uniformShare.toFixed(4)})`, after),
  ]) {
    console.log(line);
  }
  return {
    summary: {
      eceBefore: before.ece,
      eceAfter: after.ece,
      temperatureBefore: model.temperature,
      temperatureAfter: calibrated.temperature,
      uniformShare: calibrated.uniformShare,
      binsAfter: after.bins,
    },
  };
}
