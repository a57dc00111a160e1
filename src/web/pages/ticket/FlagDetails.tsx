import { Space, Typography } from 'antd';
import type { TicketFlags } from '../../types.ts';

/**
 * 工单标记 on the ticket, each with what it holds: the enterprise (涉企诉求), the 国务院 platform's number
 * (国办工单), who instructed and what (领导批示件), the deputy (代表委员件). A unit that may not see the
 * caller reads only that an enterprise or a deputy asked.
 */
export function FlagDetails({ flags }: { flags: TicketFlags }) {
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
  return (
    <Space orientation="vertical" size={2} data-testid="flag-details">
      {lines.map(([label, text]) => (
        <span key={label}>
          <Typography.Text strong>{label}：</Typography.Text>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}
