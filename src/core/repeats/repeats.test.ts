import { describe, expect, it } from 'vitest';
import {
  bandHashes,
  candidateProbability,
  estimateJaccard,
  fingerprint,
  jaccard,
  judgeRepeat,
  matchPlace,
  minhash,
  normalizeForMatching,
  normalizePhone,
  placeKey,
  requestText,
  shingles,
} from './index.ts';

const sig = (text: string) => minhash(shingles(normalizeForMatching(text)));
const sharesBand = (a: string, b: string) => {
  const x = new Set(bandHashes(sig(a)));
  return bandHashes(sig(b)).some((h) => x.has(h));
};

const LAMP = '尊敬的领导您好！新华路 12 号门口的路灯已经坏了一个多星期，晚上一片漆黑，老人孩子出行很不安全，请尽快派人维修。谢谢！';
const LAMP_AGAIN = '新华路12号门口路灯坏了一个多星期了，晚上一片漆黑，老人和孩子出行很不安全，希望尽快派人来维修';
const NOISE = '幸福小区 3 栋楼下的烧烤店每天营业到凌晨两点，油烟和噪音严重扰民，居民无法休息，请相关部门管一管。';
const SCHOOL = '孩子今年满六岁，户口在江北区，想咨询一下小学入学需要准备哪些材料，网上报名什么时候开始？';

describe('normalisation', () => {
  it('drops punctuation, spaces, greetings and folds full-width characters', () => {
    expect(normalizeForMatching('尊敬的领导，您好！ＡＢＣ１２３ 路灯　不亮。谢谢！')).toBe('abc123路灯不亮');
    expect(normalizeForMatching('路灯不亮')).toBe(normalizeForMatching(' 路灯，不亮！ '));
  });
  it('reads phones without separators or country code', () => {
    expect(normalizePhone('+86 138-1234-1234')).toBe('13812341234');
    expect(normalizePhone('023-6388 1234')).toBe('02363881234');
    expect(normalizePhone('12')).toBeNull();
  });
});

describe('MinHash over character 3-grams', () => {
  it('is deterministic: the same text gives the same signature and bands every time', () => {
    expect(Array.from(sig(LAMP))).toEqual(Array.from(sig(LAMP)));
    expect(Array.from(bandHashes(sig(LAMP)))).toEqual(Array.from(bandHashes(sig(`${LAMP}`))));
    // pinned: a change of hashing must bump FINGERPRINT_VERSION, or stored fingerprints stop matching
    expect(Array.from(sig('新华路路灯不亮').slice(0, 3))).toMatchInlineSnapshot(`
      [
        -1199134806,
        -1185427492,
        -1377477408,
      ]
    `);
  });

  it('estimates the exact Jaccard similarity within the expected error', () => {
    for (const [a, b] of [[LAMP, LAMP_AGAIN], [LAMP, NOISE], [NOISE, `${NOISE}已经反映过多次了`]] as const) {
      const sa = shingles(normalizeForMatching(a));
      const sb = shingles(normalizeForMatching(b));
      // 128 slots: standard error ≤ 0.045; four of them is far beyond chance
      expect(Math.abs(estimateJaccard(minhash(sa), minhash(sb)) - jaccard(sa, sb))).toBeLessThan(0.18);
    }
  });

  it('finds a near-duplicate request and not unrelated ones', () => {
    // reworded by the same caller: near enough with the same place (TEXT_WITH_PLACE)
    expect(estimateJaccard(sig(LAMP), sig(LAMP_AGAIN))).toBeGreaterThan(0.3);
    expect(sharesBand(LAMP, LAMP_AGAIN)).toBe(true);
    // the same message sent again with a line added: near enough on its own (TEXT_ALONE)
    expect(estimateJaccard(sig(NOISE), sig(`${NOISE}已经第三次反映了！`))).toBeGreaterThan(0.5);
    expect(estimateJaccard(sig(LAMP), sig(NOISE))).toBeLessThan(0.1);
    expect(estimateJaccard(sig(SCHOOL), sig(NOISE))).toBeLessThan(0.1);
    expect(sharesBand(LAMP, SCHOOL)).toBe(false);
    expect(sharesBand(NOISE, SCHOOL)).toBe(false);
  });

  it('gives an empty text no bands, so it matches nothing', () => {
    expect(bandHashes(sig('，。！')).length).toBe(0);
    expect(estimateJaccard(sig(''), sig(''))).toBe(0);
  });

  it('makes texts of Jaccard 0.5 candidates almost surely and of 0.1 rarely', () => {
    expect(candidateProbability(0.5)).toBeGreaterThan(0.99);
    expect(candidateProbability(0.3)).toBeGreaterThan(0.6);
    expect(candidateProbability(0.1)).toBeLessThan(0.05);
  });
});

describe('places', () => {
  it('matches the same address written two ways, and a town named alike', () => {
    const a = placeKey('渝中区解放碑街道新华路12号');
    expect(a.town).toBe('500103003');
    expect(matchPlace(a, placeKey('渝中区 解放碑街道 新华路12号'))).toBe('address');
    expect(matchPlace(placeKey('新华路12号门口'), a)).toBe('address');
    expect(matchPlace(a, placeKey('渝中区解放碑街道民族路8号'))).toBe('town');
    expect(matchPlace(a, placeKey('江北区观音桥街道建新北路'))).toBeNull();
    expect(matchPlace(placeKey(null), placeKey(null))).toBeNull();
  });
});

describe('judging a candidate', () => {
  it('always shows the same caller; otherwise needs near-duplicate text, less so at the same place', () => {
    expect(judgeRepeat({ text: 0.05, sameCaller: true, place: null })?.reasons).toEqual(['same-caller']);
    expect(judgeRepeat({ text: 0.35, sameCaller: false, place: null })).toBeNull();
    expect(judgeRepeat({ text: 0.35, sameCaller: false, place: 'address' })?.reasons).toEqual(['same-place', 'similar-text']);
    expect(judgeRepeat({ text: 0.6, sameCaller: false, place: null })?.reasons).toEqual(['similar-text']);
    expect(judgeRepeat({ text: 0.05, sameCaller: false, place: 'address' })).toBeNull();
  });
  it('ranks a match at the same place above the same text elsewhere, within 0..1', () => {
    const here = judgeRepeat({ text: 0.6, sameCaller: false, place: 'address' })!.similarity;
    const town = judgeRepeat({ text: 0.6, sameCaller: false, place: 'town' })!.similarity;
    const elsewhere = judgeRepeat({ text: 0.6, sameCaller: false, place: null })!.similarity;
    expect(here).toBeGreaterThan(town);
    expect(town).toBeGreaterThan(elsewhere);
    expect(judgeRepeat({ text: 1, sameCaller: true, place: 'address' })!.similarity).toBe(1);
  });
});

describe('fingerprint', () => {
  it('carries signature, bands, place and caller of a request', () => {
    const f = fingerprint({ text: requestText('路灯不亮', LAMP), address: '渝中区解放碑街道新华路12号', callerPhone: '138 1234 1234' });
    expect(f.signature.length).toBe(128);
    expect(f.bands.length).toBe(42);
    expect(f.place.town).toBe('500103003');
    expect(f.callerPhone).toBe('13812341234');
  });
});
