import { describe, expect, it } from 'vitest';
import { applicableRules, categoryFit, type RoutingRule } from './routing.ts';
import { suggestUnits, type CandidateUnit } from './suggest.ts';

const units: CandidateUnit[] = [
  { id: 'center', name: '热线中心', kind: 'center', regionCode: '500000', responsibilities: [] },
  { id: 'yz', name: '渝中区', kind: 'district', regionCode: '500103', responsibilities: [] },
  { id: 'yzCity', name: '渝中区城市管理局', kind: 'department', regionCode: '500103', responsibilities: ['路灯', '占道经营'] },
  { id: 'yzEnv', name: '渝中区生态环境局', kind: 'department', regionCode: '500103', responsibilities: ['噪声污染'] },
  { id: 'jfb', name: '解放碑街道办事处', kind: 'street', regionCode: '500103003', responsibilities: [] },
  { id: 'qxg', name: '七星岗街道办事处', kind: 'street', regionCode: '500103001', responsibilities: [] },
  { id: 'jbCity', name: '江北区城市管理局', kind: 'department', regionCode: '500105', responsibilities: ['路灯'] },
  { id: 'gjj', name: '市住房公积金管理中心', kind: 'department', regionCode: '500000', responsibilities: [] },
];

const rule = (r: Partial<RoutingRule> & Pick<RoutingRule, 'category'>): RoutingRule => ({
  id: r.category, regionCode: null, unitId: null, unitKind: null, duty: null, note: null, ...r,
});

const rules: RoutingRule[] = [
  rule({ category: '城乡建设/路灯照明', unitKind: 'department', duty: '路灯' }),
  rule({ category: '城乡建设', unitKind: 'street' }),
  rule({ category: '住房公积金', unitId: 'gjj' }),
  rule({ category: '环境保护', regionCode: '500105', unitId: 'jbCity' }),
];

const jiefangbei = { code: '500103003', name: '解放碑街道' };

describe('routing table', () => {
  it('prefers the line for the matter over the line for its domain', () => {
    expect(categoryFit('城乡建设/路灯照明', '城乡建设/路灯照明')).toBe(2);
    expect(categoryFit('城乡建设', '城乡建设/路灯照明')).toBe(1);
    expect(categoryFit('城乡建设/路灯照明', '城乡建设')).toBe(0);
    expect(applicableRules(rules, '城乡建设/路灯照明', '500103003').map((r) => r.category)).toEqual(['城乡建设/路灯照明', '城乡建设']);
  });

  it('holds a line of one territory only there', () => {
    expect(applicableRules(rules, '环境保护', '500103003')).toEqual([]);
    expect(applicableRules(rules, '环境保护', '500105006')).toHaveLength(1);
    expect(applicableRules(rules, '环境保护', null)).toEqual([]);
  });
});

describe('suggestUnits', () => {
  it('sends a broken street lamp to the district department with that duty, then to the street of the place', () => {
    const s = suggestUnits({
      text: '解放碑民族路的路灯不亮了',
      guesses: [{ category: '城乡建设/路灯照明', confidence: 1, source: 'ticket' }],
      place: jiefangbei,
      units,
      rules,
    });
    expect(s.slice(0, 2).map((x) => x.unitId)).toEqual(['yzCity', 'jfb']);
    expect(s[0]!.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['territory', 'routing', 'responsibility']));
    expect(s[0]!.reasons.find((r) => r.kind === 'routing')!.text).toContain('城乡建设/路灯照明');
    expect(s.some((x) => x.unitId === 'jbCity')).toBe(false); // another district's department
    expect(s.some((x) => x.unitId === 'center')).toBe(false);
  });

  it('weighs a classifier guess by its confidence and says which words drove it', () => {
    const s = suggestUnits({
      text: '公积金提取需要什么材料',
      guesses: [
        { category: '住房公积金', confidence: 0.9, source: 'classifier', words: ['公积金', '提取'] },
        { category: '城乡建设', confidence: 0.05, source: 'classifier' },
      ],
      place: null,
      units,
      rules,
    });
    expect(s[0]!.unitId).toBe('gjj');
    const why = s[0]!.reasons.find((r) => r.kind === 'classifier')!.text;
    expect(why).toContain('90%');
    expect(why).toContain('公积金');
  });

  it('falls back to the local street office when nothing names the matter', () => {
    const s = suggestUnits({ text: '小区门口有人吵架', guesses: [], place: { code: '500103001', name: '七星岗街道' }, units, rules });
    expect(s[0]!.unitId).toBe('qxg');
    expect(s[0]!.reasons[0]).toEqual({ kind: 'territory', text: '属地：七星岗街道' });
  });

  it('suggests nothing it cannot justify, and at most the limit', () => {
    expect(suggestUnits({ text: '你好', guesses: [], place: null, units, rules })).toEqual([]);
    const many = suggestUnits({ text: '路灯 噪声污染 占道经营', guesses: [], place: { code: '500103', name: '渝中区' }, units, rules, limit: 2 });
    expect(many).toHaveLength(2);
    for (let i = 1; i < many.length; i++) expect(many[i - 1]!.score).toBeGreaterThanOrEqual(many[i]!.score);
  });
});
