import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';

export interface UpperDelivery {
  id: string;
  ticketId: string;
  ticketNumber: string;
  platformName: string;
  kind: 'acceptance' | 'progress' | 'result' | 'order';
  kindLabel: string;
  text: string;
  createdAt: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  acknowledgedAt: string | null;
  receipt: string | null;
  /** The platform kept refusing it: no more tries until the administrator sends it again. */
  stoppedAt?: string | null;
  stoppedReason?: string | null;
  target?: string;
}

interface UpperOrder {
  platformName: string;
  externalId: string;
  deadline: string | null;
  instructions: string | null;
  receivedAt: string | null;
}

const when = (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—');

/** A report's state: acknowledged (with the platform's receipt), or waiting for its next try. */
export function DeliveryState({ d }: { d: UpperDelivery }) {
  if (d.acknowledgedAt) return <Tag color="green">已确认 {when(d.acknowledgedAt)}{d.receipt ? `（回执 ${d.receipt}）` : ''}</Tag>;
  if (d.stoppedAt)
    return (
      <>
        <Tag color="red">已停止，已发送 {d.attempts} 次</Tag>
        {d.stoppedReason && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{d.stoppedReason}</Typography.Text></div>}
      </>
    );
  return (
    <>
      <Tag color={d.attempts ? 'orange' : 'blue'}>{d.attempts ? `未确认，已发送 ${d.attempts} 次` : '待发送'}</Tag>
      {d.nextAttemptAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>下次 {when(d.nextAttemptAt)}</Typography.Text>}
      {d.lastError && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{d.lastError}</Typography.Text></div>}
    </>
  );
}

/**
 * 上级平台交办 (凉山 第五条（三）, 凉山 第八条（二）): which platform passed the order down, its number, its
 * deadline and 交办意见; for the center, every report back (受理/进展/办结) and whether it was acknowledged.
 */
export function UpperPlatformCard({ ticketId, version }: { ticketId: string; version: string }) {
  const [data, setData] = useState<{ order: UpperOrder | null; deliveries: UpperDelivery[] } | null>(null);
  useEffect(() => {
    api
      .get<{ order: UpperOrder | null; deliveries: UpperDelivery[] }>(`/api/tickets/${ticketId}/upper`)
      .then(setData)
      .catch(() => setData(null));
  }, [ticketId, version]);
  if (!data?.order) return null;
  const o = data.order;
  return (
    <Card size="small" title="上级平台交办" data-testid="ticket-upper">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label="上级平台">{o.platformName}</Descriptions.Item>
        <Descriptions.Item label="上级平台编号">{o.externalId}</Descriptions.Item>
        <Descriptions.Item label="上级平台时限">{o.deadline ? <Tag color="red">{when(o.deadline)}</Tag> : '未规定'}</Descriptions.Item>
        <Descriptions.Item label="接收时间">{when(o.receivedAt)}</Descriptions.Item>
        {o.instructions && <Descriptions.Item label="交办意见" span="filled">{o.instructions}</Descriptions.Item>}
      </Descriptions>
      {data.deliveries.length > 0 && (
        <Table<UpperDelivery>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.deliveries}
          style={{ marginTop: 8 }}
          columns={[
            { title: '报送', dataIndex: 'kindLabel', width: 64 },
            { title: '时间', dataIndex: 'createdAt', width: 130, render: when },
            { title: '内容', dataIndex: 'text' },
            { title: '状态', render: (_: unknown, d: UpperDelivery) => <DeliveryState d={d} /> },
          ]}
        />
      )}
    </Card>
  );
}
