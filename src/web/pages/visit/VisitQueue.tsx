import { Card } from 'antd';
import { ListTabs, type ListTab } from '../../components/ListTabs.tsx';
import { TicketTable } from '../../components/TicketTable.tsx';

const TABS: ListTab[] = [
  { key: 'visiting', label: '待回访', filter: { status: 'visiting' } },
  { key: 'answered', label: '直接答复待回访', filter: { status: 'answered' }, color: '#52c41a' },
  // 短信回访 answered 不满意 or unreadably: the visitor calls or decides (凉山 第十三条（三）)
  { key: 'sms', label: '短信回复待处理', filter: { pending: 'sms-reply' }, color: '#faad14' },
  // the gateway reported the SMS visit undelivered (空号、关机 …): the visitor phones instead
  { key: 'sms-failed', label: '短信未送达', filter: { pending: 'sms-failed' }, color: '#ff4d4f' },
];
const REDO = [{ key: 'redo', label: '重办中', children: <TicketTable filter={{ status: 'redo' }} /> }];

/** 回访: completed tickets waiting for the call back, and direct answers to confirm. */
export function VisitQueue() {
  return (
    <Card title="回访" size="small">
      <ListTabs tabs={TABS} more={REDO} />
    </Card>
  );
}
