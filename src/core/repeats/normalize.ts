/**
 * Text as compared for repeats: the same request typed twice, once with "尊敬的领导您好" and full-width
 * punctuation, once without, must come out the same. Only letters and digits are kept; greetings and
 * closings every caller uses are dropped so that they do not make unrelated requests look alike.
 */

/**
 * Greetings, closings and filler of hotline messages (longest first, so a longer phrase is removed
 * before a shorter one inside it). They carry nothing about the matter.
 */
const BOILERPLATE = [
  '尊敬的各位领导', '尊敬的市长', '尊敬的书记', '尊敬的领导', '尊敬的', '各位领导', '领导们', '领导',
  '您们好', '你们好', '您好', '你好',
  '此致敬礼', '此致', '敬礼',
  '非常感谢', '万分感谢', '谢谢您', '谢谢', '感谢',
  '请尽快处理', '请尽快解决', '望尽快解决', '望早日解决', '恳请', '请问', '麻烦',
].sort((a, b) => b.length - a.length);

const BOILERPLATE_RE = new RegExp(BOILERPLATE.join('|'), 'g');
// Everything but letters and digits: punctuation, symbols, whitespace, emoji.
const NOT_WORD_RE = /[^\p{L}\p{N}]+/gu;

/** NFKC (full-width → half-width), lower case, boilerplate out, then letters and digits only. */
export function normalizeForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_WORD_RE, '').replace(BOILERPLATE_RE, '');
}

/** An address reduced to what identifies the place: the same spot written two ways compares equal. */
export function normalizeAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const key = address.normalize('NFKC').toLowerCase().replace(NOT_WORD_RE, '').replace(/附近|旁边|对面|门口|路口$/g, '');
  return key.length >= 2 ? key : null;
}
