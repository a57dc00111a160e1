import { App, Card } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { SuggestionList } from '../../components/SuggestionList.tsx';
import type { Suggestions, Ticket } from '../../types.ts';

/** 派单建议 on a ticket waiting for dispatch: the top three units, and dispatch to one in one click. */
export function SuggestionCard({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket) => void }) {
  const { message } = App.useApp();
  const [data, setData] = useState<Suggestions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .get<Suggestions>(`/api/tickets/${ticket.id}/suggestions`)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError ? e.message : '派单建议加载失败'));
  }, [ticket.id]);
  const pick = async (unitId: string, unitName: string) => {
    setBusy(true);
    try {
      const t = await api.act<Ticket>(ticket.id, 'dispatch', { version: ticket.version, units: [{ unitId, role: 'lead' }] });
      message.success(`已派给 ${unitName}（主办）`);
      onDone(t);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '派单失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="派单建议" loading={!data && !error}>
      {error ? error : data && <SuggestionList data={data} pickLabel="派单" busy={busy} onPick={(s) => void pick(s.unitId, s.unitName)} />}
    </Card>
  );
}
