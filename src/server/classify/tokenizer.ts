import type { Tokenizer } from '../../core/classify/terms.ts';
import { Segmenter } from '../kb/segmenter.ts';

let segmenter: Segmenter | null = null;

/**
 * The word segmenter the classifier counts words with: jieba with the built-in domain words only.
 * Not the admins' knowledge-base words: a model must read texts at prediction exactly as it read
 * them in training, and those words change at any time.
 */
export function classifierTokenizer(): Tokenizer {
  segmenter ??= new Segmenter();
  const s = segmenter;
  return (text) => s.cut(text);
}
