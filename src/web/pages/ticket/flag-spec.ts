import type { Ticket } from '../../types.ts';
import type { Field } from './action-specs.ts';

type Day = { format: (f: string) => string };
const on = (key: string) => (v: Record<string, unknown>) => v[key] === true;

/**
 * 工单标记 after registration, by the center: each switch on or off, with what the flag holds. The form
 * opens with the ticket's flags; the server replaces what changed and refuses a form that changes
 * nothing. (The deputy is matched or chosen at registration.)
 */
export function flagSpec(t: Ticket) {
  const f = t.flags;
  const fields: Field[] = [
    { name: 'national', label: '国办工单（国务院平台交办）', kind: 'switch' },
    { name: 'nationalNumber', label: '国务院平台工单编号', kind: 'text', showWhen: on('national'), requiredWhen: on('national') },
    { name: 'leader', label: '领导批示件', kind: 'switch' },
    { name: 'leaderBy', label: '批示领导', kind: 'text', showWhen: on('leader'), requiredWhen: on('leader') },
    { name: 'leaderOn', label: '批示日期', kind: 'date', showWhen: on('leader') },
    { name: 'leaderText', label: '批示内容', kind: 'textarea', showWhen: on('leader'), requiredWhen: on('leader') },
    { name: 'enterprise', label: '涉企诉求', kind: 'switch' },
    { name: 'enterpriseName', label: '企业名称（可选）', kind: 'text', showWhen: on('enterprise') },
    { name: 'creditCode', label: '统一社会信用代码（可选，18 位）', kind: 'text', showWhen: on('enterprise') },
    { name: 'note', label: '说明', kind: 'textarea' },
  ];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    action: 'flag',
    label: '工单标记',
    hint: '国办工单（重庆 第八条（二））、领导批示件（邵阳 第二十七条：未按时按质完成的计入考评）、涉企诉求：标记后在工单查询、导出和专报中可单独统计。',
    fields,
    initial: {
      national: !!f?.national,
      nationalNumber: f?.national?.number,
      leader: !!f?.leaderInstruction,
      leaderBy: f?.leaderInstruction?.by,
      leaderText: f?.leaderInstruction?.text,
      enterprise: !!f?.enterprise,
      enterpriseName: f?.enterprise?.name ?? undefined,
      creditCode: f?.enterprise?.creditCode ?? undefined,
    },
    toBody: (v: Record<string, unknown>) => {
      const leaderOn = v.leaderOn ? (v.leaderOn as Day).format('YYYY-MM-DD') : (f?.leaderInstruction?.on ?? undefined);
      const name = text(v.enterpriseName);
      const creditCode = text(v.creditCode);
      return {
        national: v.national ? { number: text(v.nationalNumber) } : null,
        leaderInstruction: v.leader ? { by: text(v.leaderBy), text: text(v.leaderText), ...(leaderOn ? { on: leaderOn } : {}) } : null,
        enterprise: v.enterprise ? { ...(name ? { name } : {}), ...(creditCode ? { creditCode } : {}) } : null,
        ...(text(v.note) ? { note: text(v.note) } : {}),
      };
    },
  };
}
