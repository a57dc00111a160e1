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

/** Full pinyin of a text without separators, for trigram matching of homophone typos (公基金 ≈ 公积金). */
export function pinyinString(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
