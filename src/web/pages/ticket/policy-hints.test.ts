import { describe, expect, it } from 'vitest';
import { getPreset, PRESET_IDS } from '../../../core/policy/index.ts';
import { policyHints } from './policy-hints.ts';

const CITY: Record<string, string> = { 'chongqing-2021': '重庆', 'dazu-2021': '大足', 'liangshan-2023': '凉山', 'shaoyang-2023': '邵阳' };

describe('hints on the action forms come from the active preset only', () => {
  it.each(PRESET_IDS)('%s: every hint cites its own regulation, none another city’s', (id) => {
    const hints = policyHints(getPreset(id));
    expect(hints.reply).toBeTruthy();
    for (const hint of Object.values(hints)) {
      expect(hint).toContain(getPreset(id).document.title);
      for (const [other, city] of Object.entries(CITY)) if (other !== id) expect(hint).not.toContain(city);
    }
  });

  it('重庆: the reply hint is 谁具体承办、谁直接答复 (第十三条), not 邵阳 第十五条', () => {
    const hint = policyHints(getPreset('chongqing-2021')).reply!;
    expect(hint).toContain('谁具体承办、谁直接答复');
    expect(hint).toContain('第十三条');
    expect(hint).not.toContain('邵阳');
  });
});
