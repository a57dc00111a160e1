/**
 * A calibrated confidence as the agent reads it: whole percent, and never "100 %" — no classifier
 * is certain, and the bench measures the top bin at about 97 % right (README 智能分类).
 */
export function confidencePercent(p: number): string {
  return p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`;
}
