import { Badge, Card, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { ListBadge, TicketTable } from '../../components/TicketTable.tsx';
import { useInboxCounts } from '../../inbox.ts';
import { DecisionTable } from '../inbox/DecisionTable.tsx';
import type { DecisionKind } from '../../types.ts';
import { DispatchAccuracy } from './DispatchAccuracy.tsx';

/**
 * 派单中心: the queue to dispatch, and the requests waiting for the hotline's decision — returns,
 * extensions the preset gives the hotline, completions, appeals — from the same inbox as 待我审批
 * (GET /api/inbox: only what this user may decide under the active preset).
 */
export function DispatchCenter() {
  const [queued, setQueued] = useState<number>();
  const decisions = useInboxCounts();
  const counts: Record<string, number> = { ...decisions };
  const QUEUE = { status: 'registered' };
  const tab = (key: string, label: string, children: ReactNode, forceRender = false) => ({
    key,
    label: (
      <span>
        {label}{' '}
        {key === 'queue' ? <ListBadge filter={QUEUE} count={queued} color="#1677ff" /> : <Badge count={counts[key] ?? 0} showZero overflowCount={999} color={counts[key] ? '#faad14' : '#d9d9d9'} />}
      </span>
    ),
    forceRender,
    children,
  });
  // the review lists load when opened; their counts come from the inbox counts (one request)
  const review = (kind: DecisionKind, label: string) => tab(kind, label, <DecisionTable kind={kind} />);
  return (
    <Card title="派单中心" size="small">
      <DispatchAccuracy />
      <Tabs
        items={[
          tab('queue', '待派单', <TicketTable filter={QUEUE} onCount={setQueued} />, true),
          review('return', '退单审核'),
          review('extension', '延期审批'),
          review('completion', '办结审核'),
          review('appeal', '申诉审核'),
        ]}
      />
    </Card>
  );
}
