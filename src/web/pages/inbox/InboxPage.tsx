import { Badge, Card, Tabs, Typography } from 'antd';
import { useInboxCounts } from '../../inbox.ts';
import type { DecisionKind } from '../../types.ts';
import { DecisionTable } from './DecisionTable.tsx';

const KINDS: Array<{ kind: DecisionKind; label: string }> = [
  { kind: 'extension', label: '延期审批' },
  { kind: 'return', label: '退单审核' },
  { kind: 'completion', label: '办结审核' },
  { kind: 'appeal', label: '申诉审核' },
];

/** 待我审批: every request waiting for this user's decision under the active preset, by kind, with counts. */
export function InboxPage() {
  const counts = useInboxCounts();
  return (
    <Card title="待我审批" size="small" extra={<Typography.Text type="secondary">打开工单后在“办理操作”中审批</Typography.Text>}>
      <Tabs
        items={[
          { key: 'all', label: <span>全部 <Badge count={counts.total} showZero overflowCount={999} color="#faad14" /></span>, children: <DecisionTable /> },
          ...KINDS.map(({ kind, label }) => ({
            key: kind,
            label: (
              <span>
                {label} <Badge count={counts[kind]} showZero overflowCount={999} color={counts[kind] ? '#faad14' : '#d9d9d9'} />
              </span>
            ),
            children: <DecisionTable kind={kind} />,
          })),
        ]}
      />
    </Card>
  );
}
