import { classify } from '../../core/classify/model.ts';
import type { ClassifierModel } from '../../core/classify/model.ts';
import type { Queryable } from '../db/connection.ts';
import { activeModelId, loadModel } from './store.ts';
import { classifierTokenizer } from './tokenizer.ts';

/**
 * The request classifier as other features use it (dispatch suggestions, the agent's form): the
 * active model is loaded once and kept in memory; a newer one trained by any instance (the job,
 * the CLI) is picked up within `checkEveryMs` (by the request after the one that found it), or at
 * once after reload().
 */

export interface Prediction {
  /** First-level category, e.g. 城乡建设. */
  category: string;
  /** Calibrated probability of `category`, 0..1. */
  confidence: number;
  /** The three most likely categories, the best first. */
  alternatives: { category: string; confidence: number }[];
  /** The words of the text that drove the prediction, strongest first. */
  words: string[];
  modelId: string;
}

/** What a caller needs beyond the category: `words: false` where no one reads them (registration keeps only the category). */
export interface PredictOptions {
  words?: boolean;
}

export interface Classifier {
  /** null while no model has been trained. */
  predict(text: string, options?: PredictOptions): Promise<Prediction | null>;
  /** Reads the active model again now. */
  reload(): Promise<void>;
}

export function createClassifier(db: Queryable, options: { checkEveryMs?: number; now?: () => number } = {}): Classifier {
  const checkEveryMs = options.checkEveryMs ?? 30_000;
  const now = options.now ?? Date.now;
  let loaded: { id: string; model: ClassifierModel } | null = null;
  let checkedAt = -Infinity;
  let pending: Promise<void> | null = null;

  const refresh = async () => {
    const id = await activeModelId(db);
    checkedAt = now();
    if (id === loaded?.id) return;
    const model = id ? await loadModel(db, id) : null;
    loaded = id && model ? { id, model } : null;
  };
  // Concurrent requests share one refresh instead of each decoding the model.
  const reload = () => (pending ??= refresh().finally(() => (pending = null)));

  return {
    reload,
    async predict(text, options = {}) {
      if (now() - checkedAt >= checkEveryMs) {
        // with a model in hand the request is answered now, and the check (with a newer model's
        // decoding) finishes beside it; a failed check is tried again by the next request
        if (loaded) void reload().catch(() => undefined);
        else await reload();
      }
      const current = loaded;
      if (!current) return null;
      // the words are the text's terms read a second time against the model: skipped where unread
      const { ranked, words } = classify(current.model, text, classifierTokenizer(), options.words === false ? 0 : undefined);
      const alternatives = ranked.slice(0, 3).map((r) => ({ category: r.label, confidence: r.confidence }));
      return { category: alternatives[0]!.category, confidence: alternatives[0]!.confidence, alternatives, words, modelId: current.id };
    },
  };
}
