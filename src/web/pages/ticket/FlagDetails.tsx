import { Space, Typography } from 'antd';
import { describeFlags } from '../../../core/flags/describe.ts';
import type { TicketFlags } from '../../types.ts';

/**
 * 工单标记 on the ticket, each with what it holds: the enterprise (涉企诉求), the 国务院 platform's number
 * (国办工单), who instructed and what (领导批示件), the deputy (代表委员件). A unit that may not see the
 * caller reads only that an enterprise or a deputy asked.
 */
export function FlagDetails({ flags }: { flags: TicketFlags }) {
  return (
    <Space orientation="vertical" size={2} data-testid="flag-details">
      {describeFlags(flags).map(([label, text]) => (
        <span key={label}>
          <Typography.Text strong>{label}：</Typography.Text>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}
