import { describe, expect, it } from 'vitest';
import { fingerprint } from '../repeats/index.ts';
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
});
