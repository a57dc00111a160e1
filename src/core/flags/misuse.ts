/**
 * 恶意、骚扰来电: what a caller may be marked for, and where a marked caller's conduct is referred. The
 * kinds are the regulations' own words:
 *
 * - 重庆 第二十六条: 恶意反复使用、故意长时间占用热线资源，经工作人员劝阻无效，或骚扰、侮辱、威胁热线工作人员 —
 *   by 公安机关 under the 治安管理 law;
 * - 凉山 第二十四条: 无正当理由反复拨打、长时间占用热线资源，歪曲捏造事实，诽谤、诬告和陷害他人，骚扰、侮辱、
 *   威胁热线工作人员 — 交由司法机关依法处理; 凉山 第九条（五） does not accept 恶意攻击骚扰;
 * - 邵阳 第二十九条: the same, and 强行要求处理不属 12345 热线受理范围的事项 — 公安机关, or 司法机关 when a crime
 *   is suspected; 邵阳 第十条（九） does not accept 骚扰电话.
 *
 * A mark warns the agent; it never refuses a call or a request (a genuine request of a marked caller is
 * registered like any other). None of the regulations says how long a mark lasts: a deployment sets it
 * (MISUSE_MARK_DAYS).
 */
export const MISUSE_KINDS = ['repeated', 'abusive', 'fabricated', 'coercive'] as const;
export type MisuseKind = (typeof MISUSE_KINDS)[number];

export const MISUSE_KIND_LABELS: Record<MisuseKind, string> = {
  repeated: '无正当理由反复拨打、长时间占用热线资源',
  abusive: '骚扰、侮辱、威胁热线工作人员',
  fabricated: '歪曲捏造事实，诽谤、诬告和陷害他人',
  coercive: '强行要求处理不属热线受理范围的事项',
};

/** Where each kind is written (the articles cited above). */
export const MISUSE_KIND_BASIS: Record<MisuseKind, string> = {
  repeated: '重庆 第二十六条；凉山 第二十四条；邵阳 第二十九条',
  abusive: '重庆 第二十六条；凉山 第九条（五）、第二十四条；邵阳 第十条（九）、第二十九条',
  fabricated: '凉山 第二十四条；邵阳 第二十九条',
  coercive: '邵阳 第二十九条',
};

export const REFERRAL_TARGETS = ['police', 'judicial'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];
export const REFERRAL_TARGET_LABELS: Record<ReferralTarget, string> = { police: '公安机关', judicial: '司法机关' };

export const MISUSE_STATES = ['proposed', 'active', 'expired', 'rejected', 'revoked'] as const;
export type MisuseState = (typeof MISUSE_STATES)[number];
export const MISUSE_STATE_LABELS: Record<MisuseState, string> = {
  proposed: '待审核',
  active: '生效中',
  expired: '已到期',
  rejected: '未通过',
  revoked: '已撤销',
};

/** The state a mark is in at `now` (the app's clock): an approved mark lapses at its expiry. */
export function misuseState(status: 'proposed' | 'approved' | 'rejected' | 'revoked', expiresAt: number | null, now: number): MisuseState {
  if (status !== 'approved') return status;
  return expiresAt !== null && expiresAt <= now ? 'expired' : 'active';
}

/** A mark lasts this long by default (MISUSE_MARK_DAYS): no regulation sets a period. */
export const DEFAULT_MISUSE_MARK_DAYS = 180;
