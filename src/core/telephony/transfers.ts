import type { Role } from '../vocabulary.ts';

/**
 * The words of the hotline directory and of a call's transfers, shared by the server, the ticket's
 * timeline and the web. 12345 answers at once by a three-way call or a transfer where it cannot answer
 * alone (重庆 第十二条（一）: 直接解答、三方通话、呼叫转接、派发工单), to an expert seat (大足 第四条（五）,
 * 凉山 第七条（五）, 邵阳 第六条（五）), a sub-centre (凉山 第六条（一）) or an emergency line (邵阳 第七条).
 */

/** main 12345 · merged 整体并入 · parallel 双号并行 · subcentre 分中心 · emergency 紧急热线. */
export const HOTLINE_KINDS = ['main', 'merged', 'parallel', 'subcentre', 'emergency'] as const;
export type HotlineKind = (typeof HOTLINE_KINDS)[number];
export const HOTLINE_KIND_LABELS: Record<HotlineKind, string> = {
  main: '12345 主号',
  merged: '整体并入',
  parallel: '双号并行',
  subcentre: '分中心',
  emergency: '紧急热线',
};
/** Kinds run by a unit of the tree, which must be named (it receives the matters transferred to it). */
export const HOTLINE_KINDS_WITH_UNIT: readonly HotlineKind[] = ['merged', 'parallel', 'subcentre'];
/** 110、119、120、122: the linkage 邵阳 第七条 asks for. */
export const EMERGENCY_NUMBERS = ['110', '119', '120', '122'] as const;

export const TRANSFER_MODES = ['transfer', 'conference'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];
export const TRANSFER_MODE_LABELS: Record<TransferMode, string> = { transfer: '呼叫转接', conference: '三方通话' };

export const TRANSFER_TARGET_KINDS = ['expert', 'subcentre', 'merged', 'emergency', 'other'] as const;
export type TransferTargetKind = (typeof TRANSFER_TARGET_KINDS)[number];
export const TRANSFER_TARGET_LABELS: Record<TransferTargetKind, string> = {
  expert: '专家座席',
  subcentre: '分中心',
  merged: '并入/并行热线',
  emergency: '紧急热线',
  other: '其他号码',
};

/** 接通 · 未接通 · 已解答 · 转办. */
export const TRANSFER_OUTCOMES = ['connected', 'not_connected', 'answered', 'handed_over'] as const;
export type TransferOutcome = (typeof TRANSFER_OUTCOMES)[number];
export const TRANSFER_OUTCOME_LABELS: Record<TransferOutcome, string> = {
  connected: '接通',
  not_connected: '未接通',
  answered: '已解答',
  handed_over: '转办',
};

/** The directory's kind of a line as a transfer target. */
export function targetKindOfHotline(kind: HotlineKind): TransferTargetKind {
  return kind === 'subcentre' ? 'subcentre' : kind === 'emergency' ? 'emergency' : kind === 'main' ? 'other' : 'merged';
}

/** Who records a transfer or three-way call on a ticket: the center's people at the telephone. */
export const TRANSFER_ROLES: readonly Role[] = ['agent', 'dispatcher', 'visitor', 'supervisor'];

export function mayRecordTransfers(actor: { isCenter: boolean; roles: readonly Role[] }): boolean {
  return actor.isCenter && actor.roles.some((r) => TRANSFER_ROLES.includes(r));
}

/** “三方通话 专家座席 张工（区住建委）：已解答” — the timeline's line and the card's. */
export function describeTransfer(t: { direction?: string; mode: string; targetKind: string; target: string; targetName?: string | null; outcome?: string | null }): string {
  const who = t.targetName ? `${t.targetName}（${t.target}）` : t.target;
  if (t.direction === 'in') return `${who} 联动转入 12345`;
  const mode = TRANSFER_MODE_LABELS[t.mode as TransferMode] ?? t.mode;
  const kind = TRANSFER_TARGET_LABELS[t.targetKind as TransferTargetKind] ?? '';
  const outcome = t.outcome ? `：${TRANSFER_OUTCOME_LABELS[t.outcome as TransferOutcome] ?? t.outcome}` : '：结果待补记';
  return `${mode} ${kind} ${who}${outcome}`;
}
