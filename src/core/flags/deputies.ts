/**
 * The register of deputies (人大代表) and members (政协委员) whose requests the hotline follows apart.
 *
 * 邵阳 第十八条 asks for 人大代表基本信息库、处理反馈机制和工作台账 — a register, the feedback of each request's
 * handling and a ledger. It names no reply rule of their own (no shorter limit, no leader's review): their
 * requests run on the preset's clocks like any other, and the ledger (server/deputies/ledger.ts) shows
 * each one's state, unit, reply and visit. None of the four regulations names 政协委员; the register takes
 * them too, as issue 13 asks, under the same rules.
 */
export const DEPUTY_BODIES = ['npc', 'cppcc'] as const;
export type DeputyBody = (typeof DEPUTY_BODIES)[number];
export const DEPUTY_BODY_LABELS: Record<DeputyBody, string> = { npc: '人大代表', cppcc: '政协委员' };

export const DEPUTY_LEVELS = ['national', 'provincial', 'city', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];
export const DEPUTY_LEVEL_LABELS: Record<DeputyLevel, string> = {
  national: '全国',
  provincial: '省级',
  city: '市级',
  county: '县（区）级',
  township: '乡镇级',
};

/** 全国人大代表, 市级政协委员 … as people say it. */
export function deputyTitle(body: DeputyBody, level: DeputyLevel): string {
  const bodyName = DEPUTY_BODY_LABELS[body];
  return level === 'national' ? `全国${bodyName}` : `${DEPUTY_LEVEL_LABELS[level]}${bodyName}`;
}

/** What 邵阳 第十八条 asks deputies to keep to, shown where a deputy's call is taken. */
export const DEPUTY_NOTICE = '引导代表依法履职尽责，真实反映社情民意，不得利用 12345 热线干涉具体司法案件或者招标投标等经济活动（邵阳 第十八条）';
