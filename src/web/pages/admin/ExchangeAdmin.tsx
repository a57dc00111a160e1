import { Alert, Button, message, Popconfirm, Segmented, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { DeliveryState, type UpperDelivery } from '../ticket/UpperPlatformCard.tsx';
import { ProvincePushes } from './ProvincePushes.tsx';

type State = 'all' | 'pending' | 'stopped' | 'acknowledged';
type Kind = 'all' | UpperDelivery['kind'];
interface Target {
  id: string;
  name: string;
  target: string;
  state: 'active' | 'paused';
  consecutiveFailures: number;
  pausedAt: string | null;
  pausedReason: string | null;
}
interface Listing {
  platforms: Array<Target & { national: boolean }>;
  peers: Array<Target & { level: 'province' | 'city' | null }>;
  items: UpperDelivery[];
}

const LEVEL = { province: '省级平台', city: '市级平台' } as const;

/** A platform or peer: its name, and whether it is paused (with the reason and 恢复发送). */
function TargetTag({ t, suffix, onResume }: { t: Target; suffix?: string; onResume: (t: Target) => void }) {
  if (t.state !== 'paused') {
    return (
      <Tooltip title={t.consecutiveFailures ? `连续 ${t.consecutiveFailures} 次发送失败` : '发送正常'}>
        <Tag color={t.consecutiveFailures ? 'orange' : undefined}>{t.name}{suffix ?? ''}</Tag>
      </Tooltip>
    );
  }
  return (
    <Space size={4}>
      <Tooltip title={t.pausedReason}>
        <Tag color="red">{t.name}{suffix ?? ''} · 已暂停</Tag>
      </Tooltip>
      <Popconfirm title={`恢复向「${t.name}」发送？`} description="暂停期间积压的报送会立即按顺序发出" okText="恢复发送" cancelText="取消" onConfirm={() => onResume(t)}>
        <Button size="small" type="primary">恢复发送</Button>
      </Popconfirm>
    </Space>
  );
}

/**
 * 平台交换: every report back to the upper platforms (凉山 第五条（三）) and every order transferred to a peer
 * (重庆 第八条（二）), whether acknowledged, waiting or stopped; the platforms and peers, paused ones with 恢复发送;
 * a stopped delivery sent again; and, on a city with a province, its pushes of indicators (ProvincePushes).
 */
export function ExchangeAdmin() {
  const [state, setState] = useState<State>('all');
  const [kind, setKind] = useState<Kind>('all');
  const [data, setData] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .get<Listing>(`/api/admin/exchange/deliveries${query({ state, kind: kind === 'all' ? undefined : kind })}`)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [state, kind]);
  useEffect(load, [load]);
  const resume = (t: Target) =>
    api
      .post(`/api/admin/exchange/targets/${encodeURIComponent(t.target)}/resume`)
      .then(() => void message.success(`已恢复向「${t.name}」发送`))
      .then(load)
      .catch(showError);
  const retry = (d: UpperDelivery) =>
    api
      .post(`/api/admin/exchange/deliveries/${d.id}/retry`)
      .then(() => void message.success('已重新排入发送'))
      .then(load)
      .catch(showError);
  const paused = [...(data?.platforms ?? []), ...(data?.peers ?? [])].filter((t) => t.state === 'paused');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" title={error} />}
      {paused.length > 0 && <Alert type="warning" showIcon title={`${paused.map((t) => t.name).join('、')} 连续发送失败，已自动暂停；请联系对方恢复后点“恢复发送”`} />}
      <Space wrap>
        <span>上级平台：</span>
        {data?.platforms.length ? data.platforms.map((p) => <TargetTag key={p.target} t={p} suffix={p.national ? '（国办）' : ''} onResume={resume} />) : <Tag>无（EXCHANGE_PLATFORMS 未设置）</Tag>}
      </Space>
      {!!data?.peers.length && (
        <Space wrap>
          <span>其他平台：</span>
          {data.peers.map((p) => <TargetTag key={p.target} t={p} suffix={p.level ? `（${LEVEL[p.level]}）` : ''} onResume={resume} />)}
        </Space>
      )}
      <Space wrap>
        <Segmented<State>
          value={state}
          onChange={setState}
          options={[
            { value: 'all', label: '全部' },
            { value: 'pending', label: '未确认' },
            { value: 'stopped', label: '已停止' },
            { value: 'acknowledged', label: '已确认' },
          ]}
        />
        <Select<Kind>
          aria-label="报送类别"
          value={kind}
          onChange={setKind}
          style={{ width: 140 }}
          options={[
            { value: 'all', label: '全部类别' },
            { value: 'acceptance', label: '受理' },
            { value: 'progress', label: '进展' },
            { value: 'result', label: '办结' },
            { value: 'order', label: '转办' },
          ]}
        />
      </Space>
      <Table<UpperDelivery>
        size="small"
        rowKey="id"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        data-testid="exchange-deliveries"
        scroll={{ x: 1100 }}
        columns={[
          { title: '工单', width: 140, render: (_: unknown, d: UpperDelivery) => <Link to={`/tickets/${d.ticketId}`}>{d.ticketNumber}</Link> },
          { title: '平台', dataIndex: 'platformName', width: 170, ellipsis: true },
          { title: '类别', dataIndex: 'kindLabel', width: 64 },
          { title: '时间', dataIndex: 'createdAt', width: 130, render: (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—') },
          { title: '状态', width: 260, render: (_: unknown, d: UpperDelivery) => <DeliveryState d={d} /> },
          { title: '内容', dataIndex: 'text', ellipsis: true },
          {
            title: '操作',
            width: 96,
            render: (_: unknown, d: UpperDelivery) =>
              d.stoppedAt ? (
                <Popconfirm title="重新发送这条报送？" description="对方此前连续拒收，请确认问题已解决" okText="重新发送" cancelText="取消" onConfirm={() => retry(d)}>
                  <Button size="small">重新发送</Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <ProvincePushes />
    </Space>
  );
}
