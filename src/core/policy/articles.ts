/**
 * The articles of a regulation's text, and the citations of them in our code, tests and presets —
 * what `open12345 policy trace` joins (issue 13 item 13). Pure: the CLI reads the files.
 */

export interface Article {
  /** 第十二条, or an item of it: 第十二条（四）. */
  id: string;
  /** The article an item belongs to (itself for an article). */
  article: string;
  /** The opening words, for a reader to recognise it. */
  opening: string;
}

const NUMERAL = '[一二三四五六七八九十百零]+';
const ARTICLE_LINE = new RegExp(`^\\s*(第${NUMERAL}条)\\s*(.*)$`);
// items open with （一） or, in texts set in half-width punctuation (重庆), (一)
const ITEM_LINE = new RegExp(`^\\s*[（(](${NUMERAL})[）)]\\s*(.*)$`);

/** Articles and their items (lines opening with （一） …), in the order of the text. */
export function parseArticles(text: string): Article[] {
  const out: Article[] = [];
  let current: string | null = null;
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const a = ARTICLE_LINE.exec(line);
    if (a) {
      current = a[1]!;
      if (!seen.has(current)) out.push({ id: current, article: current, opening: a[2]!.trim().slice(0, 40) });
      seen.add(current);
      continue;
    }
    const i = current ? ITEM_LINE.exec(line) : null;
    if (i && current) {
      const id = `${current}（${i[1]}）`;
      if (!seen.has(id)) out.push({ id, article: current, opening: i[2]!.trim().slice(0, 40) });
      seen.add(id);
    }
  }
  return out;
}

/** How our code names each regulation: the place, or its two-letter short form. */
export const REGULATION_NAMES: Record<string, readonly string[]> = {
  'chongqing-2021.txt': ['重庆', 'CQ'],
  'dazu-2021.txt': ['大足', 'DZ'],
  'liangshan-2023.txt': ['凉山', 'LS'],
  'shaoyang-2023.txt': ['邵阳', 'SY'],
};

// the preset ids name their regulation too (a test's describe('dazu-2021 …'))
const NAME_TO_FILE = new Map([
  ...Object.entries(REGULATION_NAMES).flatMap(([file, names]) => names.map((n) => [n, file] as const)),
  ...Object.keys(REGULATION_NAMES).map((file) => [file.replace(/\.txt$/, ''), file] as const),
]);
// the short names only as words of their own (not the LS of FALSE)
const CITATION = new RegExp(`(重庆|大足|凉山|邵阳|(?<![A-Za-z])(?:CQ|DZ|LS|SY)(?![A-Za-z])|chongqing-2021|dazu-2021|liangshan-2023|shaoyang-2023)?\\s*(第${NUMERAL}条)?((?:（${NUMERAL}）)*)`, 'g');

export interface Citation {
  file: string;
  /** 第十二条 or 第十二条（四）; a citation of several items (（二）（三）) gives one of each. */
  id: string;
}

/**
 * The articles a line of code or a test's text cites: “凉山 第十二条（四）”, “LS 第十二条（四）”, and in a
 * list after such a name (“重庆 第十三条（一）, 第十五条”) the same regulation's further articles. An
 * article with no regulation named before it on the line is not counted: it could be any of them —
 * unless a `context` carries the regulation last named in the lines before (a test file's describe
 * ('dazu-2021 …') over its rows of articles); the context is updated as names are met.
 */
export function citationsIn(line: string, context: { file: string | null } = { file: null }): Citation[] {
  const out: Citation[] = [];
  let file: string | null = context.file;
  for (const m of line.matchAll(CITATION)) {
    if (m[1]) file = context.file = NAME_TO_FILE.get(m[1]) ?? null;
    if (!file || !m[2]) continue;
    const items = m[3] ? m[3].match(new RegExp(`（${NUMERAL}）`, 'g'))! : [];
    if (!items.length) out.push({ file, id: m[2]! });
    for (const item of items) out.push({ file, id: `${m[2]}${item}` });
  }
  return out;
}
