import { Alert, App, Button, Card, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import type { Ticket } from '../../types.ts';

interface PeerTransfer {
  id: string;
  peerName: string;
  orderId: string;
  note: string | null;
  transferredAt: string | null;
  remoteNumber: string | null;
  state: 'pending' | 'answered' | 'returned';
  reports: Array<{ kind: string; receivedAt: string | null; status: string | null; text: string }>;
}

const when = (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—');
const STATE: Record<PeerTransfer['state'], [string, string]> = { pending: ['blue', '等待对方办理'], answered: ['green', '对方已办结'], returned: ['orange', '对方退回'] };
const KIND: Record<string, string> = { acceptance: '受理', progress: '进展', result: '办结' };

/**
 * 转办至其他平台 (重庆 第八条（二） 川渝互转): for the center, the transfers of this ticket to another open12345
 * with the other side's reports, and — to its dispatchers and admins, on a ticket in 待派单 not already
 * transferred, when peers are configured — the button the server accepts (POST /api/tickets/:id/transfer-peer).
 */
export function PeerTransferCard({ ticket, roles, onDone }: { ticket: Ticket; roles: readonly string[]; onDone: (t: Ticket) => void }) {
  const { message } = App.useApp();
  const [items, setItems] = useState<PeerTransfer[]>([]);
  const [peers, setPeers] = useState<Array<{ id: string; name: string }>>([]);
  const [open, setOpen] = useState(false);
  const [peer, setPeer] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<{ items: PeerTransfer[] }>(`/api/tickets/${ticket.id}/transfer-peer`).then((r) => setItems(r.items)).catch(() => setItems([]));
    api.get<{ items: Array<{ id: string; name: string }> }>('/api/exchange/peers').then((r) => setPeers(r.items)).catch(() => setPeers([]));
  }, [ticket.id, ticket.version]);
  const pending = items.some((i) => i.state === 'pending');
  const may = ticket.status === 'registered' && !pending && peers.length > 0 && ['dispatcher', 'admin'].some((r) => roles.includes(r));
  if (!items.length && !may) return null;

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/tickets/${ticket.id}/transfer-peer`, { peer, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone(await api.get<Ticket>(`/api/tickets/${ticket.id}`));
      setOpen(false);
      message.success('已转办至其他平台');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '转办失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title="转办至其他平台" data-testid="ticket-peer-transfer" extra={may && <Button size="small" onClick={() => setOpen(true)}>转办至其他平台</Button>}>
      {items.length > 0 && (
        <Table<PeerTransfer>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          columns={[
            { title: '对方平台', dataIndex: 'peerName' },
            { title: '转办时间', dataIndex: 'transferredAt', render: when, width: 130 },
            { title: '对方编号', dataIndex: 'remoteNumber', render: (v: string | null) => v ?? '待对方接收' },
            { title: '状态', dataIndex: 'state', render: (s: PeerTransfer['state']) => <Tag color={STATE[s][0]}>{STATE[s][1]}</Tag> },
            {
              title: '对方报送',
              render: (_: unknown, t: PeerTransfer) => (
                <Space orientation="vertical" size={0}>
                  {t.reports.map((r, i) => (
                    <span key={i}>
                      <Tag>{KIND[r.kind] ?? r.kind}</Tag>
                      {when(r.receivedAt)} {r.text}
                    </span>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal open={open} title="转办至其他平台" okText="转办" cancelText="取消" onOk={send} okButtonProps={{ disabled: !peer, loading: busy }} onCancel={() => setOpen(false)}>
        {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} />}
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select placeholder="选择对方平台" value={peer} onChange={setPeer} options={peers.map((p) => ({ value: p.id, label: p.name }))} style={{ width: '100%' }} />
          <Input.TextArea placeholder="转办说明（随工单交对方，作为交办意见）" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} />
        </Space>
      </Modal>
    </Card>
  );
}
