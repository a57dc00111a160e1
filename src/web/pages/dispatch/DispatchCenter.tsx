import { Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
import { TicketTable } from '../../components/TicketTable.tsx';
import { DispatchAccuracy } from './DispatchAccuracy.tsx';

/** 派单中心: the queue to dispatch, and the review queues for returns, extensions and completions. */
export function DispatchCenter() {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const count = (key: string) => (n: number) => setCounts((c) => (c[key] === n ? c : { ...c, [key]: n }));
  const tab = (key: string, label: string, filter: Record<string, string>) => ({
    key,
    label: (
      <span>
        {label} <Badge count={counts[key] ?? 0} showZero overflowCount={999} color={key === 'queue' ? '#1677ff' : '#faad14'} />
      </span>
    ),
    forceRender: true,
    children: <TicketTable filter={filter} onCount={count(key)} />,
  });
  return (
    <Card title="派单中心" size="small">
      <DispatchAccuracy />
      <Tabs
        items={[
          tab('queue', '待派单', { status: 'registered' }),
          tab('returns', '退单审核', { pending: 'return' }),
          tab('extensions', '延期审核', { pending: 'extension' }),
          tab('completions', '办结审核', { status: 'reviewing' }),
        ]}
      />
    </Card>
  );
}
