import { Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
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
  // the tab shown counts what its list holds, from the list's own answer: the two never disagree on screen
  const [active, setActive] = useState(TABS[0]!.key);
  const [shown, setShown] = useState<{ key: string; n: number } | null>(null);
  const countOf = (key: string, i: number) => (shown?.key === key ? shown.n : totals[i]);
  return (
    <Card title="回访" size="small">
      <Tabs
        destroyOnHidden
        activeKey={active}
        onChange={(k) => (setActive(k), setShown(null))}
        items={[
          ...TABS.map((t, i) => ({
            key: t.key,
            label: (
              <span>
                {t.label} <Badge count={countOf(t.key, i) ?? 0} showZero overflowCount={999} color={t.color} />
              </span>
            ),
            children: <TicketTable filter={t.filter} onCount={(n) => setShown({ key: t.key, n })} />,
          })),
          { key: 'redo', label: '重办中', children: <TicketTable filter={{ status: 'redo' }} /> },
        ]}
      />
    </Card>
  );
}
