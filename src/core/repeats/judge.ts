import type { PlaceMatch } from './place.ts';

export type RepeatReason = 'same-caller' | 'same-place' | 'similar-text';

/**
 * Estimated Jaccard similarity (3-gram sets) above which two requests read as the same matter on
 * their own, and the lower bar when they are also at the same place or from the same caller.
 * Chosen on real messages (npm run bench:repeats): above 0.5 nearly every pair is one matter
 * written twice; between 0.3 and 0.5 many are the same complaint reworded, but also the same kind
 * of problem elsewhere (群租房 in two estates), which the place tells apart.
 */
export const TEXT_ALONE = 0.5;
export const TEXT_WITH_PLACE = 0.3;

/** How much of the remaining distance a matching place or caller takes away, for ranking. */
const PLACE_WEIGHT: Record<Exclude<PlaceMatch, null>, number> = { address: 0.3, town: 0.15 };
const CALLER_WEIGHT = 0.2;

export interface RepeatEvidence {
  /** Estimated Jaccard similarity of the texts, 0..1. */
  text: number;
  sameCaller: boolean;
  place: PlaceMatch;
}

export interface RepeatJudgement {
  /** 0..1: the text similarity raised by a matching place and caller; ranks candidates. */
  similarity: number;
  reasons: RepeatReason[];
}

/**
 * Whether an earlier ticket is worth showing as a possible repeat, and why. The same caller always
 * is (SY 第十条（四）: 同一服务对象的同一事项); otherwise the text must be near-duplicate, less so
 * at the same place. A place alone is not enough: a busy street has many unrelated requests.
 */
export function judgeRepeat(e: RepeatEvidence): RepeatJudgement | null {
  const similarText = e.text >= TEXT_ALONE || (e.text >= TEXT_WITH_PLACE && (e.place !== null || e.sameCaller));
  if (!similarText && !e.sameCaller) return null;
  const reasons: RepeatReason[] = [];
  if (e.sameCaller) reasons.push('same-caller');
  if (e.place) reasons.push('same-place');
  if (similarText) reasons.push('similar-text');
  const keep = (e.place ? 1 - PLACE_WEIGHT[e.place] : 1) * (e.sameCaller ? 1 - CALLER_WEIGHT : 1);
  const similarity = 1 - (1 - e.text) * keep;
  return { similarity: Math.round(similarity * 1000) / 1000, reasons };
}
