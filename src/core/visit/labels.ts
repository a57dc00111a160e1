/** The words of the visit in the UI (回访): how a caller was tried, what happened, how a unit reached them. */
export const ATTEMPT_METHOD_LABELS: Record<string, string> = { phone: '电话', sms: '短信', onsite: '上门' };
export const ATTEMPT_OUTCOME_LABELS: Record<string, string> = {
  no_answer: '无人接听',
  busy: '占线或拒接',
  off: '关机或停机',
  invalid: '空号或号码错误',
  no_reply: '短信未回复',
};
export const CONTACT_METHOD_LABELS: Record<string, string> = { phone: '电话', sms: '短信', onsite: '当面（上门、现场）', other: '其他方式' };
/** 解决情况 as a unit reports it (邵阳 第十五条: 暂时无法解决的 needs measures and a date). */
export const REPLY_RESOLUTION_LABELS: Record<string, string> = { resolved: '已解决', partly: '正在解决', unresolved: '暂时无法解决' };
