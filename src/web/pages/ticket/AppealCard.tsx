import { Card, Descriptions, Tag } from 'antd';
import type { Ticket, TicketEvent } from '../../types.ts';

const fmt = (s: string) => s.slice(0, 16).replace('T', ' ');
const STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: '待审核', color: 'gold' },
  approved: { label: '申诉成立（不计入不满意）', color: 'green' },
  rejected: { label: '已驳回', color: 'red' },
};

/**
 * 申诉: what the unit appealed against a dissatisfied rating, with its evidence, and the hotline's
 * decision with its reason (SY 第二十五条; LS 第十三条（三）甄别), for the unit and the center alike.
 */
export function AppealCard({ ticket }: { ticket: Ticket }) {
  if (!ticket.appealStatus) return null;
  const last = (action: string) => [...ticket.events].reverse().find((e) => e.action === action) as TicketEvent | undefined;
  const filed = last('appeal');
  const decided = ticket.appealStatus === 'pending' ? undefined : last(ticket.appealStatus === 'approved' ? 'approve-appeal' : 'reject-appeal');
  const status = STATUS[ticket.appealStatus] ?? { label: ticket.appealStatus, color: 'default' };
  return (
    <Card size="small" title="申诉" extra={<Tag color={status.color}>{status.label}</Tag>}>
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}>
        {filed && <Descriptions.Item label="申诉理由">{String(filed.reason ?? '')}</Descriptions.Item>}
        {filed && <Descriptions.Item label="依据">{String(filed.evidence ?? '')}</Descriptions.Item>}
        {filed && <Descriptions.Item label="申诉人">{filed.actor} · {fmt(filed.at)}</Descriptions.Item>}
        {decided && <Descriptions.Item label={ticket.appealStatus === 'approved' ? '审核意见' : '驳回理由'}>{decided.note ? String(decided.note) : '—'}</Descriptions.Item>}
        {decided && <Descriptions.Item label="审核人">{decided.actor} · {fmt(decided.at)}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}
