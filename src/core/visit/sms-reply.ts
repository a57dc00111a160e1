/**
 * 短信回访 (凉山 第十三条（一）): the caller answers the SMS with 1 (满意), 2 (基本满意) or 3 (不满意), or in
 * words. Callers type on phones: full-width digits, spaces and a few more words ("回复1，谢谢") are
 * read; anything that does not say one thing (no answer, or two answers) is left unread, and the
 * visitor decides by reading it.
 */
export type SmsSatisfaction = 'satisfied' | 'basic' | 'dissatisfied';

const DIGITS: Record<string, SmsSatisfaction> = { '1': 'satisfied', '2': 'basic', '3': 'dissatisfied' };

/** The words, the longest first: 不满意 and 基本满意 both contain 满意. */
const WORDS: Array<[RegExp, SmsSatisfaction]> = [
  [/不(太|很|是很|怎么)?满意/g, 'dissatisfied'],
  [/基本满意/g, 'basic'],
  [/满意/g, 'satisfied'],
];

export function parseSmsReply(text: string): SmsSatisfaction | null {
  // NFKC turns full-width digits and letters into ASCII (１ → 1); spaces of every width go
  let rest = text.normalize('NFKC').replace(/\s+/g, '');
  if (!rest) return null;
  const found = new Set<SmsSatisfaction>();
  for (const [re, value] of WORDS) {
    if (rest.search(re) >= 0) found.add(value);
    rest = rest.replace(re, '');
  }
  // a digit on its own counts; longer numbers (a date, a house number) are not answers
  for (const m of rest.matchAll(/\d+/g)) {
    const value = DIGITS[m[0]];
    if (value) found.add(value);
  }
  return found.size === 1 ? [...found][0]! : null;
}

export const SMS_SATISFACTION_LABELS: Record<SmsSatisfaction, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };

/** The text sent to the caller: what to answer. */
export function smsVisitText(ticketNumber: string): string {
  return `【12345】您反映的问题（工单 ${ticketNumber}）已办理完毕。请回复数字评价：1 满意，2 基本满意，3 不满意。感谢您的支持！`;
}
