import { App, Button, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { RepeatCandidate } from '../types.ts';
import { STATUS_COLORS } from './TicketTable.tsx';

const REASONS: Record<RepeatCandidate['reasons'][number], { label: string; color: string }> = {
  'same-caller': { label: '同一来电人', color: 'orange' },
  'same-place': { label: '同一地点', color: 'green' },
  'similar-text': { label: '内容相近', color: 'blue' },
};

export interface RepeatChoice {
  label: string;
  onChoose: (c: RepeatCandidate) => void;
  danger?: boolean;
  /** Asked before acting, for a choice that cannot be undone (合并 closes a ticket). */
  confirm?: (c: RepeatCandidate) => { title: string; content: string; okText: string };
}

/**
 * Earlier tickets of the same caller or matter, each with its state and why it matched; the
 * choices (关联为重复件, 合并) act on the ticket being registered or viewed.
 */
export function RepeatList({ candidates, choices, busy, windowDays }: { candidates: RepeatCandidate[]; choices: RepeatChoice[]; busy?: boolean; windowDays: number }) {
  const { modal } = App.useApp();
  const choose = (ch: RepeatChoice, c: RepeatCandidate) => {
    if (!ch.confirm) return ch.onChoose(c);
    const ask = ch.confirm(c);
    void modal.confirm({ ...ask, okButtonProps: { danger: ch.danger }, cancelText: '取消', onOk: () => ch.onChoose(c) });
  };
  if (!candidates.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`近 ${windowDays} 天无相同来电人或相同事项的工单`} />;
  return (
    <List
      size="small"
      dataSource={candidates}
      renderItem={(c) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                <Link to={`/tickets/${c.ticketId}`}>{c.number}</Link>
                <Tag color={STATUS_COLORS[c.status]}>{c.statusLabel}</Tag>
                <Typography.Text type="secondary">相似度 {Math.round(c.similarity * 100)}%</Typography.Text>
              </Space>
            }
            description={
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text ellipsis={{ tooltip: c.title }}>{c.title ?? '（无标题）'}</Typography.Text>
                <Space size={[4, 4]} wrap>
                  {c.reasons.map((r) => (
                    <Tag key={r} color={REASONS[r].color} style={{ marginInlineEnd: 0 }}>
                      {REASONS[r].label}
                    </Tag>
                  ))}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.createdAt.slice(0, 10)}
                    {c.repeatOf ? ` · 重复于 ${c.repeatOf.number}` : ''}
                  </Typography.Text>
                </Space>
                {choices.length > 0 && (
                  <Space size={8}>
                    {choices.map((ch) => (
                      <Button key={ch.label} size="small" danger={ch.danger} loading={busy} onClick={() => choose(ch, c)} aria-label={`${ch.label}：${c.number}`}>
                        {ch.label}
                      </Button>
                    ))}
                  </Space>
                )}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
