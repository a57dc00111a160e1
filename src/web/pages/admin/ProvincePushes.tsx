import { Button, Card, message, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';

interface Push {
  id: string;
  peerName: string;
  period: string;
  complete: boolean;
  createdAt: string | null;
  requestedBy: string | null;
  state: 'pending' | 'acknowledged' | 'superseded' | 'stopped';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  acknowledgedAt: string | null;
  stoppedReason: string | null;
}

const when = (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—');

function PushState({ p }: { p: Push }) {
  if (p.state === 'acknowledged') return <Tag color="green">已送达 {when(p.acknowledgedAt)}</Tag>;
  if (p.state === 'superseded') return <Tag>已被新的上报取代</Tag>;
  if (p.state === 'stopped')
    return (
      <>
        <Tag color="red">已停止，已发送 {p.attempts} 次</Tag>
        {p.stoppedReason && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{p.stoppedReason}</Typography.Text></div>}
      </>
    );
  return (
    <Tooltip title={p.lastError}>
      <Tag color={p.attempts ? 'orange' : 'blue'}>{p.attempts ? `未送达，已发送 ${p.attempts} 次；下次 ${when(p.nextAttemptAt)}` : '待发送'}</Tag>
    </Tooltip>
  );
}

/**
 * 向省级平台上报指标 (四川 (sichuan-2021) 二 打通省、市数据通道): on a city with a province (EXCHANGE_PEERS level
 * province), the month's indicators go up every hour and once the month is over; 立即上报 sends now (and takes
 * the place of a stopped push). Not shown where no province is configured.
 */
export function ProvincePushes() {
  const [data, setData] = useState<{ province: { id: string; name: string } | null; items: Push[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api
      .get<{ province: { id: string; name: string } | null; items: Push[] }>('/api/exchange/province')
      .then(setData)
      .catch(() => setData(null));
  }, []);
  useEffect(load, [load]);
  if (!data?.province) return null;
  const push = (month?: string) => {
    setBusy(true);
    api
      .post<{ state: string; month: string; error: string | null }>('/api/exchange/province/push', month ? { month } : {})
      .then((r) => (r.state === 'acknowledged' ? message.success(`${r.month} 指标已送达省级平台`) : message.warning(`未送达：${r.error ?? '稍后自动重试'}`)))
      .then(load)
      .catch(showError)
      .finally(() => setBusy(false));
  };
  return (
    <Card
      size="small"
      title={`向${data.province.name}上报指标`}
      extra={
        <>
          <Typography.Text type="secondary" style={{ marginRight: 12 }}>每小时自动上报本月汇总指标和热点诉求（不含来电人信息）</Typography.Text>
          <Button type="primary" loading={busy} onClick={() => push()}>立即上报本月</Button>
        </>
      }
    >
      <Table<Push>
        size="small"
        rowKey="id"
        dataSource={data.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="province-pushes"
        columns={[
          { title: '月份', dataIndex: 'period', width: 150, render: (m: string, p) => <span style={{ whiteSpace: 'nowrap' }}>{m}{p.complete && <Tag style={{ marginLeft: 6 }} color="green">终版</Tag>}</span> },
          { title: '生成时间', dataIndex: 'createdAt', width: 140, render: when },
          { title: '发起', dataIndex: 'requestedBy', width: 110, render: (b: string | null) => b ?? '定时上报' },
          { title: '状态', render: (_: unknown, p) => <PushState p={p} /> },
          // a stopped push goes again as a fresh one of its month (the province's figures are then current)
          { title: '操作', width: 110, render: (_: unknown, p) => (p.state === 'stopped' ? <Button size="small" loading={busy} onClick={() => push(p.period)}>重新上报</Button> : null) },
        ]}
      />
    </Card>
  );
}
