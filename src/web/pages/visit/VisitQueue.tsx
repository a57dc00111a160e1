import { Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
import { TicketTable } from '../../components/TicketTable.tsx';

/** 回访: completed tickets waiting for the call back, and direct answers to confirm. */
export function VisitQueue() {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const count = (key: string) => (n: number) => setCounts((c) => (c[key] === n ? c : { ...c, [key]: n }));
  return (
    <Card title="回访" size="small">
      <Tabs
        items={[
          { key: 'visiting', label: <span>待回访 <Badge count={counts.visiting ?? 0} showZero /></span>, forceRender: true, children: <TicketTable filter={{ status: 'visiting' }} onCount={count('visiting')} /> },
          { key: 'answered', label: <span>直接答复待回访 <Badge count={counts.answered ?? 0} showZero color="#52c41a" /></span>, forceRender: true, children: <TicketTable filter={{ status: 'answered' }} onCount={count('answered')} /> },
          // 短信回访 answered 不满意 or unreadably: the visitor calls or decides (凉山 第十三条（三）)
          { key: 'sms', label: <span>短信回复待处理 <Badge count={counts.sms ?? 0} showZero color="#faad14" /></span>, forceRender: true, children: <TicketTable filter={{ pending: 'sms-reply' }} onCount={count('sms')} /> },
          { key: 'redo', label: '重办中', children: <TicketTable filter={{ status: 'redo' }} /> },
        ]}
      />
    </Card>
  );
}
