import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { citationsIn, parseArticles, REGULATION_NAMES, type Article } from '../../core/policy/articles.ts';
import { getPreset } from '../../core/policy/index.ts';

const ROOT = join(import.meta.dirname, '../../..');
const REGULATIONS = join(ROOT, 'policies/regulations');

/** Articles that ask nothing of a platform, each with the reason (policies/regulations/not-actionable.json). */
type NotActionable = Record<string, Record<string, string>>;

export interface TraceRow {
  id: string;
  opening: string;
  /** Why the article asks nothing of the platform; absent for an actionable one. */
  notActionable?: string;
  /** Preset rules (their JSON path) and source files that carry it. */
  rules: string[];
  features: string[];
  tests: string[];
  /** Carried only through a citation of its whole article. */
  viaArticle: boolean;
  /** An article that heads a list (“主要职责：（一）…”): carried by its items, each of them carried or set aside. */
  viaItems?: boolean;
}

function walk(dir: string): string[] {
  // an installed copy without its tests traces what it has
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'node_modules' || f.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx|sql)$/.test(f) ? [p] : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || relative(ROOT, file).startsWith('test');

/** Every basis of a preset, by the JSON path of the rule that carries it. */
function presetBases(node: unknown, path: string, out: Array<{ path: string; file: string; article: string }>): void {
  if (Array.isArray(node)) node.forEach((v, i) => presetBases(v, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.file === 'string' && typeof o.article === 'string') out.push({ path: path.replace(/\.basis$/, ''), file: o.file, article: o.article });
    for (const [k, v] of Object.entries(o)) presetBases(v, path ? `${path}.${k}` : k, out);
  }
}

/**
 * 条款追溯: for one preset's regulation, each article and item with the preset rules, the source files
 * and the tests that cite it — and which actionable articles have none.
 */
export function tracePreset(presetId: string): { title: string; file: string; rows: TraceRow[] } {
  const preset = getPreset(presetId);
  const file = preset.document.file;
  if (!REGULATION_NAMES[file]) throw new Error(`${presetId}：只追溯四部地方办法（${Object.keys(REGULATION_NAMES).join('、')}）`);
  const articles = parseArticles(readFileSync(join(REGULATIONS, file), 'utf8'));
  const skip = (JSON.parse(readFileSync(join(REGULATIONS, 'not-actionable.json'), 'utf8')) as NotActionable)[file] ?? {};
  const rules = new Map<string, Set<string>>();
  const features = new Map<string, Set<string>>();
  const tests = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, id: string, what: string) => (m.get(id) ?? m.set(id, new Set()).get(id)!).add(what);
  const bases: Array<{ path: string; file: string; article: string }> = [];
  presetBases(preset, '', bases);
  for (const b of bases) if (b.file === file) add(rules, b.article, b.path);
  for (const src of [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'test'))]) {
    const name = relative(ROOT, src);
    // the tracer's own files cite articles as examples, and carry none
    if (/policy-trace|policy\/articles/.test(name)) continue;
    // in a test file the regulation a describe names holds for the rows below it; in code, per line
    const context = { file: null as string | null };
    for (const line of readFileSync(src, 'utf8').split('\n')) {
      if (!isTest(src)) context.file = null;
      for (const c of citationsIn(line, context)) if (c.file === file) add(isTest(src) ? tests : features, c.id, name);
    }
  }
  const rows = articles.map((a: Article): TraceRow => {
    const own = (m: Map<string, Set<string>>) => [...(m.get(a.id) ?? [])];
    // an item is also carried by what cites its whole article; a row carried only so says it
    const of = (m: Map<string, Set<string>>) => [...new Set([...own(m), ...(a.id !== a.article ? (m.get(a.article) ?? []) : [])])].sort();
    const direct = own(rules).length + own(features).length + own(tests).length;
    const reason = skip[a.id] ?? (a.id !== a.article ? skip[a.article] : undefined);
    return {
      id: a.id,
      opening: a.opening,
      ...(reason ? { notActionable: reason } : {}),
      rules: of(rules),
      features: of(features),
      tests: of(tests),
      viaArticle: a.id !== a.article && direct === 0 && of(rules).length + of(features).length + of(tests).length > 0,
    };
  });
  // an article whose own words only head its items asks what they ask: it is carried once every
  // actionable item is (and at least one is actionable), though nothing cites the article as a whole
  for (const row of rows) {
    const items = rows.filter((r) => r.id !== row.id && r.id.startsWith(`${row.id}（`));
    const actionable = items.filter((r) => !r.notActionable);
    if (!row.notActionable && lacks(row) && actionable.length && actionable.every((r) => !isGap(r))) row.viaItems = true;
  }
  return { title: `${preset.document.title}（${preset.document.number}）`, file, rows };
}

const lacks = (r: TraceRow) => !(r.rules.length || r.features.length) || !r.tests.length;

/** An actionable row that lacks a rule or feature, or a test (an article carried by its items does not). */
export const isGap = (r: TraceRow) => !r.notActionable && !r.viaItems && lacks(r);

export function formatTrace(t: ReturnType<typeof tracePreset>, onlyGaps: boolean): string {
  const lines = [`${t.title} — ${t.file}`, ''];
  for (const r of t.rows) {
    if (onlyGaps && !isGap(r)) continue;
    const head = `${r.id}  ${r.opening}`;
    if (r.notActionable) {
      lines.push(`${head}\n    不适用：${r.notActionable}`);
      continue;
    }
    const carried = [...r.rules.map((x) => `预设 ${x}`), ...r.features];
    lines.push(
      `${isGap(r) ? '✗' : '✓'} ${head}${r.viaArticle ? '（按全条）' : ''}${r.viaItems ? '（按各项）' : ''}`,
      `    规则/功能：${carried.length ? carried.join('；') : r.viaItems ? '见各项' : '无'}`,
      `    测试：${r.tests.length ? r.tests.join('；') : r.viaItems ? '见各项' : '无'}`,
    );
  }
  const actionable = t.rows.filter((r) => !r.notActionable);
  const gaps = actionable.filter(isGap);
  lines.push(
    '',
    `合计：${t.rows.length} 条（款），不适用 ${t.rows.length - actionable.length}，可执行 ${actionable.length}，其中有规则/功能和测试 ${actionable.length - gaps.length}，缺规则/功能 ${gaps.filter((r) => !(r.rules.length || r.features.length)).length}，缺测试 ${gaps.filter((r) => !r.tests.length).length}`,
  );
  return `${lines.join('\n')}\n`;
}
