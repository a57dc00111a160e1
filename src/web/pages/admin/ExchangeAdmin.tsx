import { Alert, Segmented, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { DeliveryState, type UpperDelivery } from '../ticket/UpperPlatformCard.tsx';

type State = 'all' | 'pending' | 'acknowledged';

/** 上级平台报送: every report back to the upper platforms and whether it was acknowledged (凉山 第五条（三）). */
export function ExchangeAdmin() {
  const [state, setState] = useState<State>('all');
  const [data, setData] = useState<{ platforms: Array<{ id: string; name: string; national: boolean }>; items: UpperDelivery[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ platforms: Array<{ id: string; name: string; national: boolean }>; items: UpperDelivery[] }>(`/api/admin/exchange/deliveries?state=${state}`)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [state]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" message={error} />}
      <Space wrap>
        <span>已配置的上级平台：</span>
        {data?.platforms.length ? data.platforms.map((p) => <Tag key={p.id}>{p.name}{p.national ? '（国办）' : ''}</Tag>) : <Tag>无（EXCHANGE_PLATFORMS 未设置）</Tag>}
      </Space>
      <Segmented<State>
        value={state}
        onChange={setState}
        options={[
          { value: 'all', label: '全部' },
          { value: 'pending', label: '未确认' },
          { value: 'acknowledged', label: '已确认' },
        ]}
      />
      <Table<UpperDelivery>
        size="small"
        rowKey="id"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        data-testid="exchange-deliveries"
        scroll={{ x: 1100 }}
        columns={[
          { title: '工单', render: (_: unknown, d: UpperDelivery) => <Link to={`/tickets/${d.ticketId}`}>{d.ticketNumber}</Link> },
          { title: '上级平台', dataIndex: 'platformName' },
          { title: '报送', dataIndex: 'kindLabel' },
          { title: '时间', dataIndex: 'createdAt', render: (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—') },
          { title: '状态', render: (_: unknown, d: UpperDelivery) => <DeliveryState d={d} /> },
          { title: '内容', dataIndex: 'text', ellipsis: true, width: 300 },
        ]}
      />
    </Space>
  );
}
