import { describe, expect, it } from 'vitest';
import { calibratedProbabilities, fitTemperature } from './calibrate.ts';
import { decodeModel, encodeModel } from './codec.ts';
import { classify, recalibrate, trainClassifier, type Example } from './model.ts';
import { reliability } from './reliability.ts';

const bySpaces = (text: string) => text.split(/\s+/).filter(Boolean);
const WORDS: Record<string, string[]> = {
  交通运输: ['公交车', '站台', '线路', '司机', '班次', '地铁'],
  环境保护: ['噪声', '油烟', '排污', '异味', '污水', '粉尘'],
  教育文体: ['学校', '入学', '学位', '老师', '补课', '学费'],
};
function examples(perLabel: number, offset = 0): Example[] {
  return Object.entries(WORDS).flatMap(([label, w]) =>
    Array.from({ length: perLabel }, (_, k) => {
      const i = k + offset;
      return { label, text: `附近 的 ${w[i % w.length]} 问题 很 严重 还有 ${w[(i * 5 + 1) % w.length]} 第${i}次` };
    }),
  );
}

describe('reliability: how far confidence can be trusted', () => {
  it('bins predictions by confidence and weighs each bin’s gap by its share (ECE)', () => {
    // 4 predictions at 0.95, 2 right; 2 predictions at 0.55, both right
    const r = reliability([0.95, 0.95, 0.95, 0.95, 0.55, 0.55], [true, true, false, false, true, true], 10);
    expect(r.bins[9]).toMatchObject({ count: 4, confidence: 0.95, accuracy: 0.5 });
    expect(r.bins[5]).toMatchObject({ count: 2, confidence: 0.55, accuracy: 1 });
    expect(r.bins[0]!.count).toBe(0);
    expect(r.ece).toBeCloseTo((4 / 6) * 0.45 + (2 / 6) * 0.45, 10);
    expect(r.mce).toBeCloseTo(0.45, 10);
  });

  it('a confidence of exactly 1 falls in the last bin', () => {
    expect(reliability([1], [true]).bins[9]!.count).toBe(1);
  });
});

describe('calibration never claims more than the held-out texts can show', () => {
  it('a held-out set the model gets all right does not drive the temperature to certainty', () => {
    const scores = Array.from({ length: 20 }, () => [3, 0, 0]);
    const truth = scores.map(() => 0);
    const t = fitTemperature(scores, truth);
    const p = calibratedProbabilities(scores[0]!, t, 1 / 22);
    expect(p[0]).toBeLessThan(0.99);
    expect(p[0]).toBeGreaterThan(0.8);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('a trained model keeps a uniform share of 1/(n+2) for its n held-out texts, also after storing', () => {
    const model = trainClassifier(examples(30), bySpaces);
    expect(model.uniformShare).toBeGreaterThan(0);
    expect(model.uniformShare).toBeLessThan(0.1);
    const best = classify(model, '附近 的 公交车 站台 问题', bySpaces).ranked[0]!;
    expect(best.label).toBe('交通运输');
    expect(best.confidence).toBeLessThan(1 - model.uniformShare * (2 / 3) + 1e-9);
    expect(decodeModel(encodeModel(model)).uniformShare).toBe(model.uniformShare);
  });

  it('recalibrate fits the confidence again on other texts and keeps every predicted label', () => {
    const model = trainClassifier(examples(30), bySpaces);
    const again = recalibrate(model, examples(10, 100), bySpaces);
    expect(again.uniformShare).toBeCloseTo(1 / 32, 10);
    for (const e of examples(5, 200)) {
      expect(classify(again, e.text, bySpaces).ranked[0]!.label).toBe(classify(model, e.text, bySpaces).ranked[0]!.label);
    }
  });
});
