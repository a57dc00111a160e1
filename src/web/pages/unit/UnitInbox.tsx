import { Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
import { ListBadge, TicketTable } from '../../components/TicketTable.tsx';
import { useInboxCounts } from '../../inbox.ts';
import { DecisionTable } from '../inbox/DecisionTable.tsx';
import { useSession } from '../../session.tsx';
import { BulletinNotice } from '../bulletins/BulletinNotice.tsx';

/** 承办单位 inbox: the unit's shares by state, each row with its working time left. */
export function UnitInbox() {
  const { me } = useSession();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const count = (key: string) => (n: number) => setCounts((c) => (c[key] === n ? c : { ...c, [key]: n }));
  const decide = useInboxCounts().total;
  const tab = (key: string, label: string, filter: Record<string, string>, color = '#1677ff') => ({
    key,
    label: (
      <span>
        {label} <ListBadge filter={filter} count={counts[key]} color={color} />
      </span>
    ),
    forceRender: true,
    children: <TicketTable filter={filter} onCount={count(key)} />,
  });
  return (
    <>
      {/* a new 通报 published to the units (重庆 第二十四条 定期通报) */}
      <BulletinNotice />
      <Card title={`${me!.unit.name} · 工单`} size="small">
        <Tabs
          items={[
            tab('sign', '待签收', { assignmentStatus: 'dispatched' }, '#f5222d'),
            tab('handling', '办理中', { assignmentStatus: 'handling' }),
            tab('review', '待审核', { assignmentStatus: 'replied' }, '#faad14'),
            tab('returned', '已退回', { assignmentStatus: 'return_requested,returned' }, '#8c8c8c'),
            tab('done', '已办结', { assignmentStatus: 'completed', status: 'closed,archived,visiting' }, '#52c41a'),
            {
              // requests of units below this one that wait for its consent (CQ 第十三条（三）: 经上一级管理单位同意)
              key: 'decide',
              label: (
                <span>
                  待我审批 <Badge count={decide} showZero overflowCount={999} color={decide ? '#faad14' : '#d9d9d9'} />
                </span>
              ),
              children: <DecisionTable />,
            },
          ]}
        />
      </Card>
    </>
  );
}
