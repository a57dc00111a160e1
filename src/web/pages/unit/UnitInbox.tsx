import { Badge, Card } from 'antd';
import { ListTabs, type ListTab } from '../../components/ListTabs.tsx';
import { useInboxCounts } from '../../inbox.ts';
import { DecisionTable } from '../inbox/DecisionTable.tsx';
import { useSession } from '../../session.tsx';
import { BulletinNotice } from '../bulletins/BulletinNotice.tsx';

/** The unit's shares by state: one tab each. */
const TABS: ListTab[] = [
  { key: 'sign', label: '待签收', filter: { assignmentStatus: 'dispatched' }, color: '#f5222d' },
  { key: 'handling', label: '办理中', filter: { assignmentStatus: 'handling' }, color: '#1677ff' },
  { key: 'review', label: '待审核', filter: { assignmentStatus: 'replied' }, color: '#faad14' },
  { key: 'returned', label: '已退回', filter: { assignmentStatus: 'return_requested,returned' }, color: '#8c8c8c' },
  { key: 'done', label: '已办结', filter: { assignmentStatus: 'completed', status: 'closed,archived,visiting' }, color: '#52c41a' },
];

/** 承办单位 inbox: the unit's shares by state, each row with its working time left (ListTabs). */
export function UnitInbox() {
  const { me } = useSession();
  const decide = useInboxCounts().total;
  return (
    <>
      {/* a new 通报 published to the units (重庆 第二十四条 定期通报) */}
      <BulletinNotice />
      <Card title={`${me!.unit.name} · 工单`} size="small">
        <ListTabs
          tabs={TABS}
          more={[
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
