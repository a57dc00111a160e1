import { describe, expect, it } from 'vitest';
import { locate, matchUnitByRegion, regionPrefix } from './index.ts';

const units = [
  { id: 'center', regionCode: '500000' }, // 重庆市 12345 热线中心
  { id: 'dazu-gov', regionCode: '500111' }, // 大足区人民政府
  { id: 'dazu-city-mgmt', regionCode: '500111' }, // 大足区城市管理局
  { id: 'longgang', regionCode: '500111001' }, // 龙岗街道办事处
  { id: 'tangxiang', regionCode: '500111002000' }, // 棠香街道办事处 (12-digit code)
  { id: 'liangshan', regionCode: '513400' }, // 凉山州
  { id: 'xichang', regionCode: '513401' }, // 西昌市
  { id: 'no-region', regionCode: null },
  { id: 'bad-code', regionCode: 'abc' },
];

describe('regionPrefix', () => {
  it.each([
    ['500000', '50'],
    ['513400', '5134'],
    ['500111', '500111'],
    ['500111001', '500111001'],
    ['500111001000', '500111001'],
    ['500111001002', '500111001002'],
    ['5001', null],
    ['', null],
    [null, null],
    ['50011a', null],
  ])('%j → %j', (code, prefix) => {
    expect(regionPrefix(code)).toBe(prefix);
  });
});

describe('matchUnitByRegion', () => {
  it.each([
    ['500111001', 'longgang'], // the street office of the located street
    ['500111002', 'tangxiang'], // a unit that stores the 12-digit statistical code
    ['500111006', 'dazu-gov'], // 智凤街道: no office of its own here, the district answers (first of equals)
    ['500111', 'dazu-gov'],
    ['500103', 'center'], // 渝中区: only the city's center covers it
    ['513401004', 'xichang'],
    ['513402', 'liangshan'], // 会理市: the prefecture
    ['430503', null], // 邵阳: nobody here covers it
    [null, null],
  ])('%j → %j', (code, id) => {
    expect(matchUnitByRegion({ code }, units)?.id ?? null).toBe(id);
  });

  it('never picks a unit finer than what was located', () => {
    // Only the county is known: the street offices inside it are not chosen by a guess.
    expect(matchUnitByRegion({ code: '500111' }, units.filter((u) => u.id !== 'dazu-gov' && u.id !== 'dazu-city-mgmt'))?.id).toBe('center');
  });

  it('works on what locate answers, and on the levels shared by ambiguous candidates', () => {
    expect(matchUnitByRegion(locate('大足区龙岗街道二环南路'), units)?.id).toBe('longgang');
    expect(matchUnitByRegion(locate('我家在西昌市长安街道'), units)?.id).toBe('xichang');
    // 大足 or 铜梁: both in 重庆, so the city's center.
    expect(matchUnitByRegion(locate('大足和铜梁'), units)?.id).toBe('center');
    // 朝阳区 of 北京 or of 长春: nothing in common, nothing matched.
    expect(matchUnitByRegion(locate('朝阳区'), units)).toBeNull();
  });

  it('keeps the type of the units it is given', () => {
    const typed = [{ id: 'x', regionCode: '500111', name: '大足区人民政府' }];
    expect(matchUnitByRegion({ code: '500111001' }, typed)?.name).toBe('大足区人民政府');
  });
});
