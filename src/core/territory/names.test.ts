import { describe, expect, it } from 'vitest';
import { nameForms, withoutNotes, type Level } from './names.ts';

describe('nameForms: the short form callers say', () => {
  it.each([
    ['重庆市', 'province', '重庆'],
    ['四川省', 'province', '四川'],
    ['广西壮族自治区', 'province', '广西'],
    ['新疆维吾尔自治区', 'province', '新疆'],
    ['内蒙古自治区', 'province', '内蒙古'],
    ['香港特别行政区', 'province', '香港'],
    ['邵阳市', 'city', '邵阳'],
    ['凉山彝族自治州', 'city', '凉山'],
    ['湘西土家族苗族自治州', 'city', '湘西'],
    ['博尔塔拉蒙古自治州', 'city', '博尔塔拉'],
    ['大兴安岭地区', 'city', '大兴安岭'],
    ['阿拉善盟', 'city', '阿拉善'],
    ['大足区', 'county', '大足'],
    ['西昌市', 'county', '西昌'],
    ['城步苗族自治县', 'county', '城步'],
    ['隆林各族自治县', 'county', '隆林'],
    ['神农架林区', 'county', '神农架'],
    ['沙县区', 'county', '沙县'],
    ['龙岗街道', 'town', '龙岗'],
    ['宝顶镇', 'town', '宝顶'],
    ['裕隆回族乡', 'town', '裕隆'],
    ['大坡蒙古族乡', 'town', '大坡'],
  ] as [string, Level, string][])('%s → %s', (name, level, short) => {
    expect(nameForms(name, level).short).toBe(short);
  });

  it('gives no short form of one character: 和县 is never 和', () => {
    expect(nameForms('和县', 'county')).toMatchObject({ full: '和县', short: null, suffix: '县', generic: false });
  });

  it('marks names that are ordinary words or not places', () => {
    expect(nameForms('城区', 'county').generic).toBe(true);
    expect(nameForms('经济技术开发区', 'town')).toMatchObject({ short: null, generic: true });
    expect(nameForms('长安街道', 'town').generic).toBe(false);
  });

  it('drops the notes the statistics put in parentheses', () => {
    expect(withoutNotes('（工业园区）城南街道')).toBe('城南街道');
    expect(nameForms('（工业园区）城南街道', 'town').short).toBe('城南');
  });
});
