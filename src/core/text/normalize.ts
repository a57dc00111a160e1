/**
 * Text helpers for Chinese search that need no segmenter: width and case folding, which tokens are
 * worth indexing, and the few words too common to mean anything in a request.
 */

/** Full-width letters and digits to half-width, lower case, one space for any run of whitespace. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A query as people type it, reduced so that the same request groups together (knowledge gaps). */
export function normalizeQuery(text: string): string {
  return foldText(text)
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/**
 * Function words and hotline boilerplate: they match almost every entry and every request, so
 * they only add noise to a ranking.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 这些 那些 有 和 与 及 或 也 都 就 还 又 把 被 对 从 向 到 为 以 于 而 但 并 ' +
    '吗 呢 吧 啊 呀 哦 嘛 么 么样 什么 怎么 怎么办 怎样 如何 为什么 哪里 哪些 哪个 多少 几 能 能否 可以 可否 是否 需要 要 想 请 请问 ' +
    '一下 一个 一些 没有 不 没 很 非常 已经 现在 目前 因为 所以 如果 但是 而且 或者 以及 关于 对于 进行 其 之 等 该 此 ' +
    '您好 你好 谢谢 感谢 麻烦 问 问题 咨询 反映 情况 希望 相关 有关 部门 领导 市民 本人 个人 自己 大家'
  ).split(' '),
);

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether a segmenter token is worth putting in an index or a query. */
export function isIndexable(token: string): boolean {
  return token.length > 0 && token.length <= 40 && HAS_WORD_CHAR.test(token) && !STOPWORDS.has(token);
}

/** Only Latin letters (and spaces): typed as pinyin or pinyin initials by an agent (`gjj`). */
export function looksLikePinyin(text: string): boolean {
  return /^[a-z][a-z ]{0,39}$/.test(text);
}
