import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
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
  /** The order's way to the peer: tries, the last failure, the next try; acknowledged once the peer took it. */
  delivery: {
    attempts: number;
    lastAttemptAt: string | null;
    nextAttemptAt: string | null;
    lastError: string | null;
    acknowledgedAt: string | null;
    /** Refused again and again: not sent until the administrator resends it. */
    stopped: { at: string | null; reason: string | null } | null;
    /** The peer keeps failing: nothing goes to it until the administrator resumes it. */
    peerPaused: string | null;
  } | null;
}

interface PeerTransfers {
  items: PeerTransfer[];
  /** The server's own checks (role, 待派单, not already with a peer, peers configured). */
  mayTransfer: boolean;
  refusal: string | null;
}

const when = (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—');
const STATE: Record<PeerTransfer['state'], [string, string]> = { pending: ['blue', '等待对方办理'], answered: ['green', '对方已办结'], returned: ['orange', '对方退回'] };
const KIND: Record<string, string> = { acceptance: '受理', progress: '进展', result: '办结' };

/** Where the order stands on its way: the peer's number once taken, else how its sending goes. */
function Received({ t }: { t: PeerTransfer }) {
  if (t.remoteNumber) return <span>{t.remoteNumber}</span>;
  const d = t.delivery;
  if (!d?.attempts && !d?.peerPaused) return <Tag color="blue">待发送</Tag>;
  return (
    <Space orientation="vertical" size={0}>
      {d.stopped ? <Tag color="red">已停止发送</Tag> : <Tag color="orange">对方未接收，已发送 {d.attempts} 次</Tag>}
      {d.lastError && <Typography.Text type="danger" style={{ fontSize: 12 }}>{d.lastError}</Typography.Text>}
      {d.stopped && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.stopped.reason ?? '对方多次拒收'}；系统管理员可在「平台交换」中重新发送</Typography.Text>}
      {!d.stopped && d.peerPaused && <Typography.Text type="secondary" style={{ fontSize: 12 }}>对方平台已暂停发送（{d.peerPaused}）；系统管理员恢复后继续发送</Typography.Text>}
      {d.nextAttemptAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>将于 {when(d.nextAttemptAt)} 自动重发</Typography.Text>}
    </Space>
  );
}

/**
 * 转办至其他平台 (重庆 第八条（二） 跨区域转办; 四川 (sichuan-2021) 四（一） 川渝两地 12345 热线联动机制): for the
 * center, this ticket's transfers to another open12345 — where each order stands on its way there, the
 * peer's number and its reports — and, when the server would take it (its answer, not a guess here),
 * the way to transfer: to the center's dispatchers and administrators, on a ticket in 待派单 not already
 * with a peer. Hidden on a ticket that was never transferred and cannot be.
 */
export function PeerTransferCard({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket) => void }) {
  const { message } = App.useApp();
  const [data, setData] = useState<PeerTransfers | null>(null);
  const [peers, setPeers] = useState<Array<{ id: string; name: string }>>([]);
  const [open, setOpen] = useState(false);
  const [peer, setPeer] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<PeerTransfers>(`/api/tickets/${ticket.id}/transfer-peer`).then(setData).catch(() => setData(null));
  }, [ticket.id, ticket.version, ticket.events.length]);
  const may = data?.mayTransfer ?? false;
  useEffect(() => {
    if (!may) return;
    api
      .get<{ items: Array<{ id: string; name: string }> }>('/api/exchange/peers')
      .then((r) => {
        setPeers(r.items);
        // one platform to choose from: chosen
        if (r.items.length === 1) setPeer(r.items[0]!.id);
      })
      .catch(() => setPeers([]));
  }, [may]);
  if (!data || (!data.items.length && !may)) return null;
  const items = data.items;
  const again = items.length > 0;

  const send = async () => {
    if (!peer) {
      setError('请选择对方平台');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/tickets/${ticket.id}/transfer-peer`, { peer, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone(await api.get<Ticket>(`/api/tickets/${ticket.id}`));
      setOpen(false);
      setNote('');
      void message.success(`已转办至${peers.find((p) => p.id === peer)?.name ?? '其他平台'}，等待对方接收`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '转办未成功，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title="转办至其他平台"
      data-testid="ticket-peer-transfer"
      extra={
        may && (
          <Button size="small" onClick={() => setOpen(true)}>
            {again ? '再次转办' : '发起转办'}
          </Button>
        )
      }
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">
          不属本地办理的跨地区诉求（如川渝通办）可转办至已对接的平台{peers.length ? `：${peers.map((p) => p.name).join('、')}` : ''}。转办后本工单暂停派单时限，由对方受理办理；对方的办结结果回传后，由本中心回访。
        </Typography.Text>
      ) : (
        <Table<PeerTransfer>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          columns={[
            {
              title: '对方平台',
              dataIndex: 'peerName',
              width: 160,
              render: (name: string, t) => (
                <Space orientation="vertical" size={0}>
                  <span>{name}</span>
                  {t.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>转办说明：{t.note}</Typography.Text>}
                </Space>
              ),
            },
            { title: '转办时间', dataIndex: 'transferredAt', render: when, width: 140 },
            { title: '对方编号', key: 'remote', render: (_: unknown, t) => <Received t={t} /> },
            { title: '状态', dataIndex: 'state', width: 110, render: (s: PeerTransfer['state']) => <Tag color={STATE[s][0]}>{STATE[s][1]}</Tag> },
            {
              title: '对方报送',
              key: 'reports',
              width: 150,
              render: (_: unknown, t) =>
                t.reports.length ? (
                  <Space orientation="vertical" size={0}>
                    {t.reports.map((r, i) => (
                      <span key={i}>
                        <Tag>{KIND[r.kind] ?? r.kind}</Tag>
                        {when(r.receivedAt)} {r.text}
                      </span>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">暂无</Typography.Text>
                ),
            },
          ]}
        />
      )}
      {items.some((t) => t.state === 'pending') && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          对方办理期间，本工单的派单、答复等操作暂停；对方退回后可重新派单或转办。
        </Typography.Paragraph>
      )}
      <Modal
        open={open}
        title="转办至其他平台"
        okText="确认转办"
        cancelText="取消"
        onOk={() => void send()}
        okButtonProps={{ disabled: !peer, loading: busy }}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
        destroyOnHidden
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} showIcon />}
        <Form layout="vertical" requiredMark>
          <Form.Item label="对方平台" required htmlFor="peer-transfer-peer">
            <Select id="peer-transfer-peer" placeholder="选择已对接的平台" value={peer} onChange={setPeer} options={peers.map((p) => ({ value: p.id, label: p.name }))} notFoundContent="未配置可转办的平台" />
          </Form.Item>
          <Form.Item label="转办说明（交办意见）" htmlFor="peer-transfer-note" extra="随工单发给对方，说明转办原因和办理要求。">
            <Input.TextArea id="peer-transfer-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} showCount rows={3} placeholder="如：来电人在西昌务工，请属地核实处理" />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }}>
          工单 {ticket.number} 的诉求内容、地址和来电人姓名、电话将发送给对方平台；转办后本工单暂停派单，等待对方受理办理。
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
