/** 工单标记 as a ticket read presents them (src/server/tickets/flags.ts). */
export interface PresentedFlags {
  kinds: string[];
  enterprise: { name: string | null; creditCode: string | null } | null;
  national: { number: string } | null;
  leaderInstruction: { by: string; text: string; on: string | null } | null;
  deputy: { id: string | null; name: string | null; title: string; term: string | null } | null;
}

/**
 * Each flag with what it holds, in words: one source for the ticket page and the archive's PDF, so the
 * record printed is the record shown. What the viewer may not see is already null.
 */
export function describeFlags(flags: PresentedFlags | null | undefined): Array<[label: string, text: string]> {
  if (!flags) return [];
  const lines: Array<[string, string]> = [];
  if (flags.national) lines.push(['国办工单', `国务院平台编号 ${flags.national.number}`]);
  if (flags.leaderInstruction) {
    const l = flags.leaderInstruction;
    lines.push(['领导批示件', `${l.by}${l.on ? `（${l.on}）` : ''}批示：${l.text}`]);
  }
  if (flags.enterprise) {
    const e = flags.enterprise;
    lines.push(['涉企诉求', [e.name, e.creditCode && `统一社会信用代码 ${e.creditCode}`].filter(Boolean).join('，') || '企业诉求']);
  }
  if (flags.deputy) {
    const d = flags.deputy;
    lines.push(['代表委员件', [d.name, d.title, d.term].filter(Boolean).join('，')]);
  }
  return lines;
}
