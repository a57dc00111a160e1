import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';
import { foldText, isIndexable } from '../../core/text/normalize.ts';

/**
 * Chinese segmentation with jieba plus the hotline's domain dictionary (公积金, 接诉即办, 城管委 …):
 * jieba's splits depend on context, so words the hotline lives on are pinned. The dictionary in
 * the database (kb_words, editable by admins) is laid over these built-in words.
 */
export const BUILTIN_WORDS: readonly string[] = [
  '12345', '接诉即办', '政务服务', '便民热线', '城管委', '城管局', '住建委', '市场监管局', '人社局', '医保局', '公积金', '住房公积金',
  '公积金中心', '社保', '社保卡', '医保', '医保卡', '路灯', '井盖', '扰民', '噪音扰民', '工单', '占道经营', '油烟', '渣土车', '违建',
  '违章建筑', '物业费', '物业公司', '业委会', '停车位', '充电桩', '网约车', '出租车', '公交车', '营业执照', '退休金', '养老金',
  '失业金', '低保', '廉租房', '公租房', '拆迁', '征收', '学位', '入学', '户口', '落户', '居住证', '身份证', '不动产', '房产证',
  '欠薪', '拖欠工资', '停水', '停电', '停气', '燃气', '化粪池', '垃圾清运', '噪声', '广场舞',
];

/** Built-in and admin words, as the jieba dictionary lines `word frequency`. */
function dictLines(words: Iterable<string>): Buffer {
  return Buffer.from([...words].map((w) => `${w.replace(/\s+/g, '')} 200000`).join('\n'), 'utf8');
}

export class Segmenter {
  private jieba: Jieba;
  /** The admin words this instance was built with (sorted, joined): tells when to rebuild. */
  readonly signature: string;

  constructor(extraWords: readonly string[] = []) {
    this.jieba = Jieba.withDict(dict);
    const words = new Set([...BUILTIN_WORDS, ...extraWords.filter((w) => w.trim())]);
    this.jieba.loadDict(dictLines(words));
    this.signature = [...extraWords].sort().join('\n');
  }

  /** Words of the text as jieba cuts them (HMM on, to keep unknown names together), folded. */
  cut(text: string): string[] {
    return this.jieba.cut(foldText(text), true);
  }

  /** Tokens to index or to search: folded, without punctuation and stopwords, in order. */
  tokens(text: string): string[] {
    return this.cut(text).filter((t) => t !== ' ' && isIndexable(t));
  }
}

/**
 * Pinyin lexemes of a token for agents who type Latin letters: the initials (`gjj` for 公积金) and
 * the full syllables joined (`gongjijin`), from each syllable on, so that `gjj` also finds
 * 住房公积金. Only for tokens with Chinese characters.
 */
export function pinyinKeys(token: string): string[] {
  if (!/\p{Script=Han}/u.test(token)) return [];
  const syllables = pinyin(token, { toneType: 'none', type: 'array', nonZh: 'removed' }).filter(Boolean);
  const keys = new Set<string>();
  for (let i = 0; i < syllables.length; i += 1) {
    const rest = syllables.slice(i);
    if (i > 0 && rest.length < 2) break;
    keys.add(rest.map((s) => s[0]).join(''));
    keys.add(rest.join(''));
  }
  return [...keys];
}

/** Each toneless syllable's stand-in: the first character of the basic CJK block read that way. */
let standIns: Map<string, string> | null = null;

function syllableStandIns(): Map<string, string> {
  if (standIns) return standIns;
  const map = new Map<string, string>();
  for (let c = 0x4e00; c <= 0x9fff; c += 1) {
    const ch = String.fromCodePoint(c);
    const syllable = pinyin(ch, { toneType: 'none' });
    if (/^[a-zü]+$/.test(syllable) && !map.has(syllable)) map.set(syllable, ch);
  }
  standIns = map;
  return map;
}

/**
 * A text with every Chinese character replaced by its toneless syllable's stand-in, written twice
 * (read in context, so 长 in 长江 and 校长 differ), other characters kept: 公基金 and 公积金 become the
 * same string, so a homophone typo is a character trigram match (公基金 ≈ 公积金). Twice, so that a
 * substring of three characters (积金提 in 住房公积金提取) has more trigrams inside the title than at
 * its edges: 0.57 of them match, against 0.25 with one stand-in each.
 *
 * It replaced the trigram match of the full Latin pinyin (gongjijin): Latin trigrams say little
 * (jin, ong open thousands of titles), and at 100,000 entries that match was the costliest statement
 * of the busy hour (24 ms mean, issue 16). On the same 77 short queries with a homophone typo, on
 * bench:load's 100,000 entries, this match repairs as many (13 of 77 find their title in the first
 * 20; the padded corpus holds many near-identical titles) in p50 2.0–2.3 ms, p95 3.3–5.3 ms, against
 * p50 10.5–12.8 ms, p95 16.8–23.0 ms, two rounds each.
 */
export function homophoneString(text: string): string {
  const map = syllableStandIns();
  const chars = [...text];
  let out = '';
  let at = 0;
  // one item per Chinese character it can read, and each run of other characters as one item — a
  // character it cannot read (兙, 𠮷) joins the run after it, so an item that is no syllable is taken
  // as the text it stands for
  for (const item of pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' })) {
    const ch = chars[at] ?? '';
    const standIn = /\p{Script=Han}/u.test(ch) ? map.get(item) : undefined;
    if (standIn) {
      out += standIn + standIn;
      at += 1;
    } else {
      out += item;
      at += [...item].length;
    }
  }
  return out.toLowerCase();
}
