import type { Role } from '../vocabulary.ts';

/**
 * A knowledge entry's life: a unit drafts it, the center reviews it, it is published until it
 * expires or is withdrawn. Entries are entered only after review (重庆 第十八条: 经审核后录入;
 * 凉山 第十七条: 多方校核). The knowledge base is built by the center with the units:
 * 重庆 第六条（四）、第十七条; 大足 第四条（六）、第五条（三）; 凉山 第五条（四）、第七条（四）、第十五条; 邵阳 第六条（二）. Pure data + functions; the server checks role first (403), then state (409).
 */
export const KB_STATES = ['draft', 'pending', 'published', 'expired', 'withdrawn'] as const;
export type KbState = (typeof KB_STATES)[number];

export const KB_STATE_LABELS: Record<KbState, string> = {
  draft: '草稿',
  pending: '待审核',
  published: '已发布',
  expired: '已过期',
  withdrawn: '已撤回',
};

export type KbAction = 'edit' | 'submit' | 'approve' | 'return' | 'withdraw' | 'expire';

/** Unit editors: 知识采编, or a unit's administrator for its own unit (谁提供、谁维护、谁更新). */
export const KB_EDITOR_ROLES: Role[] = ['kb_editor', 'unit_admin', 'admin'];
/** Center reviewers: 知识审核. */
export const KB_REVIEWER_ROLES: Role[] = ['kb_reviewer', 'admin'];

interface Rule {
  label: string;
  from: KbState[];
  to: KbState | null;
  /** 'editor': a unit editor of the owner unit; 'reviewer': a center reviewer; 'system': the job. */
  who: Array<'editor' | 'reviewer' | 'system'>;
}

export const KB_RULES: Record<KbAction, Rule> = {
  // Editing a published, expired or withdrawn entry makes it a draft again: nothing unreviewed is served.
  edit: { label: '修改', from: ['draft', 'published', 'expired', 'withdrawn'], to: 'draft', who: ['editor'] },
  submit: { label: '提交审核', from: ['draft'], to: 'pending', who: ['editor'] },
  approve: { label: '审核通过并发布', from: ['pending'], to: 'published', who: ['reviewer'] },
  return: { label: '退回修改', from: ['pending'], to: 'draft', who: ['reviewer'] },
  withdraw: { label: '撤回', from: ['published', 'pending'], to: 'withdrawn', who: ['editor', 'reviewer'] },
  expire: { label: '过期下线', from: ['published'], to: 'expired', who: ['system'] },
};

export interface KbRefusal {
  kind: 'role' | 'state';
  message: string;
}

/** Whether `who` may take `action` on an entry in `state`: the role first, then the state. */
export function checkKbAction(action: KbAction, state: KbState, who: ReadonlyArray<'editor' | 'reviewer' | 'system'>): KbRefusal | null {
  const rule = KB_RULES[action];
  if (!rule.who.some((w) => who.includes(w))) {
    const need = rule.who.includes('reviewer') && !rule.who.includes('editor') ? '热线中心的知识审核员' : '条目所属单位的知识采编人员';
    return { kind: 'role', message: `只有${need}可以${rule.label}` };
  }
  if (!rule.from.includes(state)) {
    return { kind: 'state', message: `条目当前为“${KB_STATE_LABELS[state]}”，不能${rule.label}` };
  }
  return null;
}
