import { Badge, Card, Tabs } from 'antd';
import { TicketTable } from '../../components/TicketTable.tsx';
import { useListTotals } from '../../list-totals.ts';

const TABS = [
  { key: 'visiting', label: '待回访', filter: { status: 'visiting' }, color: undefined },
  { key: 'answered', label: '直接答复待回访', filter: { status: 'answered' }, color: '#52c41a' },
  // 短信回访 answered 不满意 or unreadably: the visitor calls or decides (凉山 第十三条（三）)
  { key: 'sms', label: '短信回复待处理', filter: { pending: 'sms-reply' }, color: '#faad14' },
  // the gateway reported the SMS visit undelivered (空号、关机 …): the visitor phones instead
  { key: 'sms-failed', label: '短信未送达', filter: { pending: 'sms-failed' }, color: '#ff4d4f' },
];
const FILTERS = TABS.map((t) => t.filter);

/** 回访: completed tickets waiting for the call back, and direct answers to confirm; the tab shown holds its list, the others their counts. */
export function VisitQueue() {
  const totals = useListTotals(FILTERS);
  return (
    <Card title="回访" size="small">
      <Tabs
        destroyOnHidden
        items={[
          ...TABS.map((t, i) => ({
            key: t.key,
            label: (
              <span>
                {t.label} <Badge count={totals[i] ?? 0} showZero overflowCount={999} color={t.color} />
              </span>
            ),
            children: <TicketTable filter={t.filter} />,
          })),
          { key: 'redo', label: '重办中', children: <TicketTable filter={{ status: 'redo' }} /> },
        ]}
      />
    </Card>
  );
}
