import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { useLive } from '../../live.ts';

interface AlertItem {
  id: string;
  kind: 'surge' | 'burst' | 'special';
  urgency: 'special' | 'emergency' | null;
  category: string | null;
  place: { code: string; name: string } | null;
  window: { from: string; to: string };
  count: number;
  explanation: string;
  raisedAt: string;
  sample: { id: string; number: string; title: string | null; content: string } | null;
}

/** What the alert is about, in a line: the matter at a place, or what the many callers wrote. */
function headline(a: AlertItem): string {
  if (a.kind === 'special') return `${a.urgency === 'emergency' ? '特殊紧急事项' : '特殊事项'}：${a.sample?.number ?? ''} · ${(a.sample?.title ?? a.sample?.content ?? '').slice(0, 30)}`;
  if (a.kind === 'burst') return `群体性苗头：${a.place?.name ?? '未识别街道'} · ${(a.sample?.title ?? a.sample?.content ?? '').slice(0, 30)}`;
  return `监测预警：${a.place?.name ?? '未识别街道'} · ${a.category ?? '未分类'}`;
}

/** Alerts are raised by a job a few seconds after the tickets that cause them: looked at again this often. */
const POLL_MS = 30_000;

/**
 * 监测预警 on the leader's and supervisor's screen: each open alert with the numbers it stands on, the
 * tickets behind it, and 确认跟进 with a note (重庆 第二十条 实时监测和预警).
 */
export function AlertsBanner() {
  const [items, setItems] = useState<AlertItem[]>([]);
  const [acking, setAcking] = useState<AlertItem | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const load = useCallback(() => {
    api.get<{ items: AlertItem[] }>('/api/analytics/alerts').then((r) => setItems(r.items)).catch(() => setItems([]));
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  useLive(load);
  if (!items.length) return null;
  return (
    <>
      {items.map((a) => (
        <Alert
          key={a.id}
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={
            <Space wrap size={8}>
              <Typography.Text strong>{headline(a)}</Typography.Text>
              <Typography.Text type="secondary">{a.raisedAt.slice(0, 16).replace('T', ' ')}</Typography.Text>
            </Space>
          }
          description={a.explanation}
          action={
            <Space orientation="vertical" size={4}>
              {a.kind !== 'surge' && a.sample ? (
                <Link to={`/tickets/${a.sample.id}`}>{a.kind === 'special' ? '查看工单' : '查看样本工单'}</Link>
              ) : (
                <Link to={`/tickets${query({ category: a.category ?? undefined, from: a.window.from.slice(0, 10), to: a.window.to.slice(0, 10) })}`}>查看工单</Link>
              )}
              <Button size="small" onClick={() => (setAcking(a), setNote(''))}>
                确认跟进
              </Button>
            </Space>
          }
        />
      ))}
      <Modal
        open={!!acking}
        title="确认预警"
        okText="确认"
        confirmLoading={busy}
        onCancel={() => setAcking(null)}
        onOk={() => {
          setBusy(true);
          api
            .post(`/api/analytics/alerts/${acking!.id}/acknowledge`, note.trim() ? { note: note.trim() } : {})
            .then(() => {
              void message.success('已确认');
              setAcking(null);
              load();
            })
            .catch(showError)
            .finally(() => setBusy(false));
        }}
      >
        <Typography.Paragraph>{acking?.explanation}</Typography.Paragraph>
        <Input.TextArea aria-label="跟进说明" placeholder="跟进说明（可选），如：已通知供水公司抢修" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  );
}
