import { describe, expect, it } from 'vitest';
import { estimateJaccard, fingerprint, TEXT_ALONE } from '../repeats/index.ts';
import { clusterRequests, type ClusterItem } from './clusters.ts';

const item = (id: string, text: string, caller: string | null): ClusterItem => {
  const f = fingerprint({ text });
  return { id, signature: f.signature, bands: f.bands, caller };
};

describe('clusterRequests', () => {
  const burst = [
    '幸福小区3栋从今天早上开始停水，到现在还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，到现在都还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，到现在还没有来水，物业也没有任何通知',
    '幸福小区3栋从今天早上开始就停水，到现在还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，现在还没有来水，也没有任何通知',
  ];
  const other = ['解放碑步行街路灯不亮已经三天了', '希望增加轨道交通三号线早高峰班次', '小区门口餐馆油烟扰民'];

  it('groups near-identical requests from many callers, and nothing else', () => {
    const items = [...burst.map((t, i) => item(`b${i}`, t, `p${i}`)), ...other.map((t, i) => item(`o${i}`, t, `q${i}`))];
    const clusters = clusterRequests(items, { minCallers: 5 });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.ids.sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(clusters[0]!.callers).toBe(5);
    expect(clusters[0]!.minSimilarity).toBeGreaterThanOrEqual(0.5);
  });

  it('counts one caller once, however often they call', () => {
    const items = burst.map((t, i) => item(`b${i}`, t, i < 3 ? 'same' : `p${i}`));
    expect(clusterRequests(items, { minCallers: 5 })).toEqual([]);
    expect(clusterRequests(items, { minCallers: 3 })[0]!.callers).toBe(3);
  });

  it('treats requests without a phone as separate callers', () => {
    const items = burst.map((t, i) => item(`b${i}`, t, null));
    expect(clusterRequests(items, { minCallers: 5 })[0]!.callers).toBe(5);
  });

  it('links exactly what comparing every pair links, and a burst of 2,000 near-identical requests at once', () => {
    // rewordings of three matters, with chains: each request a small edit of an earlier one
    const seeds = [burst[0]!, '解放碑步行街路灯不亮已经三天了，晚上出行很不方便，请尽快维修', '小区门口餐馆油烟扰民，每天晚上十点以后还在营业，噪音也很大'];
    let state = 7;
    const rnd = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const texts: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const base = i < 30 ? seeds[i % 3]! : texts[Math.floor(rnd() * texts.length)]!;
      const at = Math.floor(rnd() * base.length);
      texts.push(rnd() < 0.5 ? base.slice(0, at) + '的' + base.slice(at) : base.slice(0, at) + base.slice(at + 2));
    }
    const items = texts.map((t, i) => item(`r${i}`, t, `p${i}`));
    // the reference: every pair sharing a band, compared
    const parent = items.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    for (let a = 0; a < items.length; a += 1) {
      for (let b = a + 1; b < items.length; b += 1) {
        const shareBand = Array.from(items[a]!.bands).some((band, k) => items[b]!.bands[k] === band);
        if (shareBand && estimateJaccard(items[a]!.signature, items[b]!.signature) >= TEXT_ALONE) parent[Math.max(find(a), find(b))] = Math.min(find(a), find(b));
      }
    }
    const expected = new Map<number, string[]>();
    items.forEach((it, i) => expected.set(find(i), [...(expected.get(find(i)) ?? []), it.id]));
    const want = [...expected.values()].filter((g) => g.length >= 2).map((g) => g.sort().join(',')).sort();
    const got = clusterRequests(items, { minCallers: 2 }).map((c) => [...c.ids].sort().join(',')).sort();
    expect(got.length).toBeGreaterThan(1);
    expect(got).toEqual(want);

    const flood = Array.from({ length: 2000 }, (_, i) => item(`f${i}`, `${burst[i % 5]!}（${i % 7 ? '' : '急'}）`, `c${i}`));
    const t0 = performance.now();
    const clusters = clusterRequests(flood, { minCallers: 5 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(clusters[0]!.ids).toHaveLength(2000);
  });
});
