import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { citationsIn, parseArticles } from '../core/policy/articles.ts';
import { isGap, tracePreset } from './commands/policy-trace.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const text = (file: string) => readFileSync(join(import.meta.dirname, '../../policies/regulations', file), 'utf8');

describe('the articles of a regulation (issue 13 item 13)', () => {
  it('reads articles and their items, in full-width (凉山) and half-width (重庆) punctuation', () => {
    const ls = parseArticles(text('liangshan-2023.txt')).map((a) => a.id);
    expect(ls).toEqual(expect.arrayContaining(['第一条', '第九条（七）', '第十二条（四）', '第二十八条']));
    expect(ls.indexOf('第十二条')).toBeLessThan(ls.indexOf('第十二条（四）'));
    const cq = parseArticles(text('chongqing-2021.txt')).map((a) => a.id);
    expect(cq).toEqual(expect.arrayContaining(['第八条（一）', '第十三条（一）', '第二十八条']));
  });

  it('finds citations by place or short name, and the further articles of a list', () => {
    expect(citationsIn('returns (重庆 第十三条（一）, 第十五条)')).toEqual([
      { file: 'chongqing-2021.txt', id: '第十三条（一）' },
      { file: 'chongqing-2021.txt', id: '第十五条' },
    ]);
    expect(citationsIn('LS 第十二条（二）（三） and SY 第十条')).toEqual([
      { file: 'liangshan-2023.txt', id: '第十二条（二）' },
      { file: 'liangshan-2023.txt', id: '第十二条（三）' },
      { file: 'shaoyang-2023.txt', id: '第十条' },
    ]);
    // no regulation named: it could be any of them; a short name only as a word of its own
    expect(citationsIn('民法典 第二百零三条; 第五条')).toEqual([]);
    expect(citationsIn('expect(FALSE) 第五条')).toEqual([]);
    // a test file's describe names the preset for the rows below it
    const context = { file: null as string | null };
    expect(citationsIn("describe('dazu-2021 (大足府办发〔2021〕45号)', () => {", context)).toEqual([]);
    expect(citationsIn("['第六条（二）', 'handle', { type: 'help' }],", context)).toEqual([{ file: 'dazu-2021.txt', id: '第六条（二）' }]);
  });
});

describe('open12345 policy trace', () => {
  it('joins an article to its preset rules, its code and its tests, and says which articles ask nothing', () => {
    const t = tracePreset('liangshan-2023');
    const fast = t.rows.find((r) => r.id === '第十二条（四）')!;
    expect(fast.rules).toEqual(expect.arrayContaining(['fastLane.report', 'clocks.firstResponse.byUrgency.emergency']));
    expect(fast.features).toContain('src/server/tickets/special-report.ts');
    expect(fast.tests).toContain('test/server/fast-lane.test.ts');
    expect(isGap(fast)).toBe(false);
    expect(t.rows.find((r) => r.id === '第二十八条')!.notActionable).toBe('施行日期');
    // a gap is an actionable article without a rule or feature, or without a test — never one set aside
    for (const r of t.rows) expect(isGap(r)).toBe(!r.notActionable && !r.viaItems && (!(r.rules.length + r.features.length) || !r.tests.length));
  });

  it('carries an article that only heads its items once every actionable item is carried, and not before', () => {
    for (const preset of ['chongqing-2021', 'dazu-2021', 'liangshan-2023', 'shaoyang-2023']) {
      const { rows } = tracePreset(preset);
      for (const r of rows) {
        const items = rows.filter((x) => x.id.startsWith(`${r.id}（`) && !x.notActionable);
        const own = (r.rules.length || r.features.length) && r.tests.length;
        expect(Boolean(r.viaItems), `${preset} ${r.id}`).toBe(!r.notActionable && !own && items.length > 0 && items.every((x) => !isGap(x)));
      }
    }
    // 邵阳 第十二条 heads 在线办理 （一） and 转办 （二）, each carried by rules, code and tests
    const sy = tracePreset('shaoyang-2023').rows;
    expect(sy.find((r) => r.id === '第十二条')!.viaItems).toBe(true);
    expect(isGap(sy.find((r) => r.id === '第十二条')!)).toBe(false);
  });

  it('prints the gaps only with --gaps, and a summary', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'policy', 'trace', 'shaoyang-2023', '--gaps']);
    expect(stdout).toContain('邵阳市12345政务服务便民热线运行管理办法');
    expect(stdout).not.toMatch(/^✓/m);
    expect(stdout).toMatch(/合计：\d+ 条（款），不适用 \d+，可执行 \d+/);
    const all = await run(process.execPath, [BIN, 'policy', 'trace', 'shaoyang-2023']);
    expect(all.stdout).toMatch(/^✓ 第二十四条/m); // 督办: rules, code and tests (supervision-triggers, -escalation)
  }, 60_000);
});
