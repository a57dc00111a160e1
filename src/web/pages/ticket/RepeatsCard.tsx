import { App, Card } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { RepeatList, type RepeatChoice } from '../../components/RepeatList.tsx';
import type { RepeatsAnswer, Ticket } from '../../types.ts';

/** Earlier tickets of the same caller or matter, with 关联为重复件 and (while waiting for dispatch) 合并, where the server allows them. */
export function RepeatsCard({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket) => void }) {
  const { message } = App.useApp();
  const [data, setData] = useState<RepeatsAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<RepeatsAnswer>(`/api/tickets/${ticket.id}/repeats`).then(setData).catch(() => setData(null));
  }, [ticket.id]);
  if (!data || !data.candidates.length) return null;
  const act = (action: 'link-repeat' | 'merge', done: string) => async (c: { ticketId: string; number: string }) => {
    setBusy(true);
    try {
      const t = await api.act<Ticket>(ticket.id, action, { version: ticket.version, originalId: c.ticketId });
      message.success(`${done} ${c.number}`);
      onDone(t);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };
  // offered as the server takes them (e.g. no 合并 while another platform holds the ticket: 转办至其他平台)
  const allowed = ticket.access?.allowedActions ?? [];
  const choices: RepeatChoice[] = [];
  if (!ticket.repeatOf && allowed.includes('link-repeat')) choices.push({ label: '关联为重复件', onChoose: act('link-repeat', '已关联为重复件，原工单') });
  if (ticket.status === 'registered' && allowed.includes('merge')) {
    choices.push({ label: '合并', danger: true, onChoose: act('merge', '已合并到'), confirm: (c) => ({ title: `将工单 ${ticket.number} 合并到 ${c.number}？`, content: `工单 ${ticket.number} 将以“已合并”关闭，不再单独办理，由 ${c.number} 继续办理；来电人会收到 ${c.number} 的编号短信。`, okText: '确认合并' }) });
  }
  return (
    <Card size="small" title={`可能的重复件（${data.candidates.length}）`}>
      <RepeatList candidates={data.candidates.slice(0, 5)} windowDays={data.windowDays} choices={choices} busy={busy} />
    </Card>
  );
}
