import { Card, Tabs } from 'antd';
import { useState } from 'react';
import { ListBadge, TicketTable } from '../../components/TicketTable.tsx';

const VISITING = { status: 'visiting' };
const ANSWERED = { status: 'answered' };
const SMS = { pending: 'sms-reply' };
const SMS_FAILED = { pending: 'sms-failed' };

/** 回访: completed tickets waiting for the call back, and direct answers to confirm. */
export function VisitQueue() {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const count = (key: string) => (n: number) => setCounts((c) => (c[key] === n ? c : { ...c, [key]: n }));
  return (
    <Card title="回访" size="small">
      <Tabs
        items={[
          { key: 'visiting', label: <span>待回访 <ListBadge filter={VISITING} count={counts.visiting} /></span>, forceRender: true, children: <TicketTable filter={VISITING} onCount={count('visiting')} /> },
          { key: 'answered', label: <span>直接答复待回访 <ListBadge filter={ANSWERED} count={counts.answered} color="#52c41a" /></span>, forceRender: true, children: <TicketTable filter={ANSWERED} onCount={count('answered')} /> },
          // 短信回访 answered 不满意 or unreadably: the visitor calls or decides (凉山 第十三条（三）)
          { key: 'sms', label: <span>短信回复待处理 <ListBadge filter={SMS} count={counts.sms} color="#faad14" /></span>, forceRender: true, children: <TicketTable filter={SMS} onCount={count('sms')} /> },
          // the gateway reported the SMS visit undelivered (空号、关机 …): the visitor phones instead
          { key: 'sms-failed', label: <span>短信未送达 <ListBadge filter={SMS_FAILED} count={counts.smsFailed} color="#ff4d4f" /></span>, forceRender: true, children: <TicketTable filter={SMS_FAILED} onCount={count('smsFailed')} /> },
          { key: 'redo', label: '重办中', children: <TicketTable filter={{ status: 'redo' }} /> },
        ]}
      />
    </Card>
  );
}
