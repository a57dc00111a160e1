import { describe, expect, it } from 'vitest';
import { presetForPath } from './subtree.ts';

// 重庆 (chongqing-2021) as the city's default; 大足区 follows its own 办法 (dazu-2021, 大足 第一条: made
// under 渝府办发〔2021〕8号), and so does every unit below it unless one names another.
const own = new Map([
  ['dazu', 'dazu-2021'],
  ['pinned', 'chongqing-2021'],
]);

describe('the preset a unit follows (预设按单位子树)', () => {
  it('a unit with no setting on its path follows the deployment default', () => {
    expect(presetForPath('/center/yuzhong/street/', own, 'chongqing-2021')).toEqual({ preset: 'chongqing-2021', unitId: null });
  });

  it('大足区 itself follows its own preset (大足 第一条)', () => {
    expect(presetForPath('/center/dazu/', own, 'chongqing-2021')).toEqual({ preset: 'dazu-2021', unitId: 'dazu' });
  });

  it('a street two levels under 大足区 inherits 大足’s preset from 大足区', () => {
    expect(presetForPath('/center/dazu/town/village/', own, 'chongqing-2021')).toEqual({ preset: 'dazu-2021', unitId: 'dazu' });
  });

  it('the nearest setting wins: a unit under 大足 that names 重庆 again follows 重庆, and so do the units below it', () => {
    expect(presetForPath('/center/dazu/pinned/', own, 'x')).toEqual({ preset: 'chongqing-2021', unitId: 'pinned' });
    expect(presetForPath('/center/dazu/pinned/below/', own, 'x')).toEqual({ preset: 'chongqing-2021', unitId: 'pinned' });
  });

  it('only whole ids on the path count, not a name that merely contains one', () => {
    expect(presetForPath('/center/dazu2/', own, 'chongqing-2021').unitId).toBeNull();
  });
});
