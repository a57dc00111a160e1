/**
 * Life-safety cues for the agent: a request that reads like an emergency happening now belongs to
 * 110/119/120/122, not to the hotline's working-day clocks (重庆 第十条; 凉山 第九条（三）, 第十四条).
 * The agent decides; this only points. It should flag "老人晕倒了，快叫救护车" and stay quiet on
 * "救护车占道", "一旦发生火灾，后果不堪设想" or "去年的车祸赔偿还没到位": a cue that cries wolf all
 * shift is a cue nobody reads.
 */

export type EmergencyHotline = '110' | '119' | '120' | '122';

export const HOTLINE_LABELS: Record<EmergencyHotline, string> = {
  '110': '110 报警',
  '119': '119 火警',
  '120': '120 急救',
  '122': '122 交通事故',
};

export interface LifeSafetyCue {
  /** The hotlines the request points to, the most pressing first. */
  hotlines: EmergencyHotline[];
  /** The words of the text that raised the cue, for the agent to see why. */
  words: string[];
}

interface Sign {
  pattern: RegExp;
  hotlines: EmergencyHotline[];
}

/** Phrases of an emergency; each counts only where it is not hypothetical, past or a mere mention. */
const SIGNS: Sign[] = [
  // 120: someone's life or health in danger now
  { pattern: /晕倒|昏倒|昏迷|晕过去|不省人事|叫不醒|没有?了?呼吸|没气了|呼吸困难|喘不上气|心脏骤停|心梗|中风了|抽搐|口吐白沫|大出血|流血不止|血流不止|吐血|割腕|喝了?农药|服毒|吃了?安眠药|煤气中毒|一氧化碳中毒|食物中毒|溺水|掉进(?:河|水|池|江)|触电|摔伤|摔得很重|受了?重伤|快不行了|生命危险|要生了|羊水破了/, hotlines: ['120'] },
  { pattern: /(?:叫|打|喊|需要|派|快来|来一?辆|要一?辆)(?:个|一?辆|一下)?救护车|打\s*120/, hotlines: ['120'] },
  // 119: fire, gas, people trapped
  { pattern: /着火|起火|失火|火灾|烧起来|火很大|(?:煤气|燃气|天然气|液化气)(?:泄漏|泄露|漏了|漏气)|闻到(?:很大的?|一股)?(?:煤气|燃气|天然气)味|爆炸|被困(?!扰|惑)|困在(?:电梯|屋|家|楼|火)/, hotlines: ['119'] },
  // 110: violence, crime in progress, someone about to harm themselves
  { pattern: /打架|斗殴|打人|殴打|持刀|拿刀|拿着刀|砍人|捅人|行凶|抢劫|抢钱|抢包|绑架|劫持|杀人|要杀|家暴|正在被打|入室抢|撬门|正在偷|跳楼|跳河|轻生|自杀|寻死|(?:孩子|小孩|老人)(?:走失|丢了|失踪|不见了)|找不到(?:孩子|小孩|老人)|非法拘禁/, hotlines: ['110'] },
  { pattern: /(?:跳楼|跳河|轻生|自杀|寻死)/, hotlines: ['120'] },
  // 122: road accidents
  { pattern: /交通事故|车祸|撞车|撞人|被车撞|撞倒|追尾|翻车|侧翻|肇事逃逸|撞了就跑/, hotlines: ['122'] },
  { pattern: /车祸|被车撞|撞倒|翻车|肇事逃逸/, hotlines: ['120'] },
];

/**
 * Words near a sign that make it not an emergency happening now: a hazard or a fear (一旦, 隐患, 以防),
 * the past (去年, 上次), a question about rules or money afterwards (赔偿, 理赔, 收费), a drill, or the
 * emergency services as the subject of a complaint (救护车占道, 消防车进不来).
 */
const HYPOTHETICAL_BEFORE = /一旦|如果|万一|假如|若是?|要是|(?<!消)防|以免|避免|担心|害怕|怕|容易|可能会?|存在|会不会|是否|演练|宣传|培训|知识|去年|前年|上个?月|上周|上次|昨天|昨晚|前天|以前|之前|曾经|当年|年前|月前|天前|发生过|导致|造成|致使|因为|由于/;
const HYPOTHETICAL_AFTER = /隐患|风险|危险性|演练|宣传|知识|怎么(?:办|处理|理赔|赔)|如何|理赔|赔偿|赔付|保险|责任认定|认定书|定损|维修费|医药费|医疗费|费用|收费|罚款|扣分|之后|以后|后遗症|后来|已经处理|处理完/;

/** Words that say it is happening now: they override a hypothetical word in the same clause. */
const NOW = /(?<!到|直到)现在|正在|刚刚|刚才|马上|赶快|赶紧|快来|快点|救命|紧急|急救|立刻|立即|此刻|目前/;

/** A clause: the stretch of text between sentence marks, where "near" is judged. */
const CLAUSES = /[。！？!?；;\n]+/;

/** Types whose callers ask or suggest rather than cry for help: a sign counts there only when it is happening now. */
const CALM_TYPES = new Set(['consultation', 'suggestion', 'praise']);

/**
 * The cue for a request's text and, where the agent has chosen them, its type and urgency. A
 * 求助 marked 特殊紧急 without a sign in the text still gets a reminder with every hotline.
 */
export function lifeSafetyCue(text: string, selected: { type?: string | undefined; urgency?: string | undefined } = {}): LifeSafetyCue | null {
  const hotlines = new Set<EmergencyHotline>();
  const words = new Set<string>();
  const calm = selected.type !== undefined && CALM_TYPES.has(selected.type);
  for (const clause of text.split(CLAUSES)) {
    if (!clause.trim()) continue;
    const now = NOW.test(clause);
    if (calm && !now) continue;
    for (const sign of SIGNS) {
      const re = new RegExp(sign.pattern.source, 'g');
      for (let m = re.exec(clause); m; m = re.exec(clause)) {
        const before = clause.slice(Math.max(0, m.index - 10), m.index);
        const after = clause.slice(m.index + m[0].length, m.index + m[0].length + 12);
        if (!now && (HYPOTHETICAL_BEFORE.test(before) || HYPOTHETICAL_AFTER.test(after))) continue;
        for (const h of sign.hotlines) hotlines.add(h);
        words.add(m[0]);
      }
    }
  }
  if (!hotlines.size) {
    return selected.type === 'help' && selected.urgency === 'emergency' ? { hotlines: ['110', '119', '120', '122'], words: [] } : null;
  }
  const order: EmergencyHotline[] = ['120', '119', '110', '122'];
  return { hotlines: order.filter((h) => hotlines.has(h)), words: [...words] };
}
