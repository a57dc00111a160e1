import { score, type Scores } from './metrics.ts';
import type { Example } from './model.ts';

/** What `classify eval` prints: quality on the test texts, and the time to train and to predict. */
export interface Evaluation extends Scores {
  trainSeconds: number;
  msPerPrediction: number;
}

/**
 * Trains on one set and measures on the other, for any classifier given as a pair of functions
 * (ours, or the benchmark's peer). `now` is a millisecond clock.
 */
export function evaluate<M>(
  train: readonly Example[],
  test: readonly Example[],
  fit: (examples: readonly Example[]) => M,
  predict: (model: M, text: string) => string,
  now: () => number = () => performance.now(),
): Evaluation {
  const start = now();
  const model = fit(train);
  const trained = now();
  const predicted = test.map((e) => predict(model, e.text));
  const done = now();
  return {
    ...score(
      test.map((e) => e.label),
      predicted,
    ),
    trainSeconds: (trained - start) / 1000,
    msPerPrediction: test.length ? (done - trained) / test.length : 0,
  };
}
