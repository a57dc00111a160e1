import { Card, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';

interface CallItem {
  callId: string;
  direction: 'in' | 'out';
  caller: string | null;
  dialled: string | null;
  queue: string | null;
  extension: string | null;
  agentName: string | null;
  offeredAt: string | null;
  outcome: string;
  outcomeLabel: string;
  waitSeconds: number | null;
  talkSeconds: number | null;
  recording: string | null;
  transfers: Array<{ at: string; target: string | null; kind: string }>;
}

const secs = (s: number | null) => (s === null ? '—' : s >= 60 ? `${Math.floor(s / 60)}分${Math.round(s % 60)}秒` : `${Math.round(s)}秒`);

/**
 * 关联通话 (issue 14): the calls this ticket was registered on or followed up by, and the calls back
 * the telephone platform placed for it (回拨, issue 14 item 3), with the recording's reference at the
 * platform. The center's only (the server gives units none).
 */
export function CallsCard({ ticketId, version }: { ticketId: string; version: string }) {
  const [calls, setCalls] = useState<CallItem[]>([]);
  useEffect(() => {
    api
      .get<{ items: CallItem[] }>(`/api/tickets/${ticketId}/calls`)
      .then((r) => setCalls(r.items))
      .catch(() => setCalls([]));
  }, [ticketId, version]);
  if (!calls.length) return null;
  return (
    <Card size="small" title="关联通话" data-testid="ticket-calls">
      <Table<CallItem>
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey="callId"
        pagination={false}
        dataSource={calls}
        columns={[
          {
            title: '时间',
            render: (_: unknown, c: CallItem) => (
              <span data-testid={`call-${c.direction}`}>
                <Tag color={c.direction === 'out' ? 'purple' : 'default'}>{c.direction === 'out' ? '回拨' : '来电'}</Tag>
                {c.offeredAt ? c.offeredAt.slice(5, 19).replace('T', ' ') : '—'}
              </span>
            ),
          },
          { title: '拨打号码 · 队列', render: (_: unknown, c: CallItem) => (c.direction === 'out' ? '—' : [c.dialled, c.queue].filter(Boolean).join(' · ') || '—') },
          { title: '坐席 / 回拨人', render: (_: unknown, c: CallItem) => c.agentName ?? (c.extension ? `分机 ${c.extension}` : '—') },
          { title: '结果', render: (_: unknown, c: CallItem) => <Tag color={c.outcome === 'abandoned' ? 'red' : c.outcome === 'answered' ? 'green' : 'blue'}>{c.outcomeLabel}</Tag> },
          { title: '等待（振铃）/ 通话', render: (_: unknown, c: CallItem) => `${secs(c.waitSeconds)} / ${secs(c.talkSeconds)}` },
          ...(calls.some((c) => c.transfers.length)
            ? [{ title: '转接 / 三方', render: (_: unknown, c: CallItem) => c.transfers.map((x) => `${x.kind === 'conference' ? '三方' : '转接'} ${x.target ?? ''}`).join('；') }]
            : []),
          {
            title: '录音 / 通话编号',
            render: (_: unknown, c: CallItem) => (
              <>
                {c.recording ? <div data-testid="call-recording">{c.recording}</div> : <div>无录音</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.callId}
                </Typography.Text>
              </>
            ),
          },
        ].map((col) => ({ ...col, onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) }))}
      />
    </Card>
  );
}
