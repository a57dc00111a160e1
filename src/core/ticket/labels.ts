import type { Channel } from '../vocabulary.ts';

/** Chinese names of channels and satisfaction, for lists, filters and exports. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '电话',
  web: '网站',
  wechat: '微信',
  app: 'App',
  mailbox: '信箱',
  api: '接口',
  upper_platform: '上级平台',
  open311: 'Open311',
};

export const SATISFACTION_LABELS: Record<'satisfied' | 'basic' | 'dissatisfied', string> = {
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
};
