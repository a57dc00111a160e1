import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, ModelFormatError } from './codec.ts';
import { evaluate } from './evaluate.ts';
import { score } from './metrics.ts';
import { classify, trainClassifier, TrainingDataError, type Example } from './model.ts';
import { predictNaiveBayes, trainNaiveBayes } from './naive-bayes.ts';
import { stratifiedFolds, stratifiedSplit } from './sampling.ts';

/** Words split on spaces: the tests write their texts pre-segmented, like jieba would cut them. */
const bySpaces = (text: string) => text.split(/\s+/).filter(Boolean);

// Small synthetic requests written for these tests, three topics with their own vocabulary.
const TOPICS: Record<string, { words: string[]; places: string[] }> = {
  交通运输: { words: ['公交车', '站台', '线路', '司机', '班次', '地铁'], places: ['晚上', '早上', '周末'] },
  环境保护: { words: ['噪声', '油烟', '排污', '异味', '污水', '粉尘'], places: ['工地', '饭店', '工厂'] },
  教育文体: { words: ['学校', '入学', '学位', '老师', '补课', '学费'], places: ['小学', '初中', '幼儿园'] },
};

function examples(perLabel: number, offset = 0): Example[] {
  const out: Example[] = [];
  for (const [label, { words, places }] of Object.entries(TOPICS)) {
    for (let i = offset; i < offset + perLabel; i += 1) {
      const a = words[i % words.length]!;
      const b = words[(i * 5 + 1) % words.length]!;
      const p = places[i % places.length]!;
      out.push({ label, text: `${p} 附近 的 ${a} 问题 很 严重 ， 还有 ${b} 请 处理 第${i}次` });
    }
  }
  return out;
}

describe('the request classifier', () => {
  const train = examples(12);
  const model = trainClassifier(train, bySpaces);

  it('puts texts it never saw under the topic of their words', () => {
    for (const e of examples(6, 50)) expect(classify(model, e.text, bySpaces).ranked[0]!.label).toBe(e.label);
    expect(classify(model, '公交车 司机 不停 站台', bySpaces).ranked[0]!.label).toBe('交通运输');
  });

  it('gives probabilities that add up to one and are higher for a clear text than a vague one', () => {
    const clear = classify(model, '噪声 油烟 排污 污水 异味', bySpaces);
    const vague = classify(model, '附近 的 问题 很 严重 请 处理', bySpaces);
    const sum = clear.ranked.reduce((s, r) => s + r.confidence, 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(clear.ranked.map((r) => r.confidence)).toEqual([...clear.ranked.map((r) => r.confidence)].sort((a, b) => b - a));
    expect(clear.ranked[0]!.label).toBe('环境保护');
    expect(clear.ranked[0]!.confidence).toBeGreaterThan(vague.ranked[0]!.confidence);
    expect(clear.ranked[0]!.confidence).toBeGreaterThan(0.5);
  });

  it('names the word that drove the prediction, and not the filler around it', () => {
    const c = classify(model, '楼下 的 油烟 问题 很 严重', bySpaces);
    expect(c.ranked[0]!.label).toBe('环境保护');
    expect(c.words[0]).toBe('油烟');
    expect(c.words).not.toContain('的');
    expect(c.words).not.toContain('问题');
  });

  it('predicts exactly the same after a trip through its stored bytes', () => {
    const bytes = encodeModel(model);
    const loaded = decodeModel(bytes);
    for (const e of examples(4, 80)) expect(classify(loaded, e.text, bySpaces)).toEqual(classify(model, e.text, bySpaces));
    expect(encodeModel(loaded)).toEqual(bytes);
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 1))).toThrow(ModelFormatError);
    expect(() => decodeModel(new TextEncoder().encode('not a model'))).toThrow(ModelFormatError);
  });

  it('needs two labels to learn anything', () => {
    expect(() => trainClassifier([{ text: '路灯 不亮', label: '城乡建设' }], bySpaces)).toThrow(TrainingDataError);
  });
});

describe('measuring a classifier', () => {
  it('scores macro-F1 as the mean of per-label F1', () => {
    const s = score(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(s.accuracy).toBe(0.75);
    expect(s.perClass.a).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(s.perClass.b!.f1).toBeCloseTo(0.8, 12);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 12);
  });

  it('splits by label, the same way for the same seed', () => {
    const labels = [...Array(50).fill('x'), ...Array(10).fill('y')] as string[];
    const a = stratifiedSplit(labels, 0.2, 7);
    expect(a).toEqual(stratifiedSplit(labels, 0.2, 7));
    expect(a.test.filter((i) => labels[i] === 'y')).toHaveLength(2);
    expect(a.test.filter((i) => labels[i] === 'x')).toHaveLength(10);
    expect(new Set([...a.train, ...a.test]).size).toBe(60);
    // one request in several wordings stays on one side
    const groups = labels.map((_, i) => String(Math.floor(i / 3)));
    const grouped = stratifiedSplit(labels, 0.2, 7, groups);
    for (const i of grouped.test) expect(grouped.train.filter((j) => groups[j] === groups[i])).toEqual([]);
    expect(grouped.test.length).toBeGreaterThan(0);
    const folds = stratifiedFolds(labels, 5, 7);
    expect(folds.map((f) => f.filter((i) => labels[i] === 'y').length)).toEqual([2, 2, 2, 2, 2]);
  });

  it('evaluates ours and the naive Bayes peer on the same texts', () => {
    const ours = evaluate(examples(12), examples(5, 40), (e) => trainClassifier(e, bySpaces), (m, t) => classify(m, t, bySpaces, 0).ranked[0]!.label);
    const peer = evaluate(examples(12), examples(5, 40), (e) => trainNaiveBayes(e, bySpaces, 1), (m, t) => predictNaiveBayes(m, t, bySpaces));
    expect(ours.macroF1).toBe(1);
    expect(peer.accuracy).toBeGreaterThan(0.9);
    expect(ours.trainSeconds).toBeGreaterThan(0);
    expect(Object.keys(ours.perClass).sort()).toEqual(Object.keys(TOPICS).sort());
  });
});
