import { App, Button, Descriptions, Drawer, Input, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { refreshInboxCounts } from '../../inbox.ts';
import type { Bulletin } from '../bulletins/types.ts';
import { fmt, STATUS_COLORS, type Submission } from './types.ts';

/** One submission in full, with the steps the server allows this user: 已阅, 采用, 在通报中引用. */
export function SubmissionDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [s, setS] = useState<Submission | null>(null);
  const [note, setNote] = useState('');
  const [bulletins, setBulletins] = useState<Bulletin[]>([]);
  const [bulletinId, setBulletinId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => void api.get<Submission>(`/api/submissions/${id}`).then(setS).catch(showError), [id]);
  useEffect(load, [load]);
  useEffect(() => {
    // the 通报 still open to a citation: not yet published
    if (s?.actions.includes('cite')) void api.get<Bulletin[]>('/api/bulletins').then((b) => setBulletins(b.filter((x) => x.status !== 'published'))).catch(() => setBulletins([]));
  }, [s?.actions]);
  const step = async (url: string, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    try {
      setS(await api.post<Submission>(url, body));
      void message.success(done);
      setNote('');
      refreshInboxCounts();
      onChanged();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open width={640} title={s ? `${s.kindLabel} · ${s.title}` : '报送材料'} onClose={onClose} destroyOnHidden>
      {s && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="报送单位">{s.unitName}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[s.status]}>{s.statusLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="报送人">{s.submittedBy}</Descriptions.Item>
            <Descriptions.Item label="报送时间">{fmt(s.submittedAt)}</Descriptions.Item>
            {s.readAt && <Descriptions.Item label="已阅">{`${s.readBy ?? ''} ${fmt(s.readAt)}`}</Descriptions.Item>}
            {s.adoptedAt && <Descriptions.Item label="采用">{`${s.adoptedBy ?? ''} ${fmt(s.adoptedAt)}`}</Descriptions.Item>}
            {s.reviewNote && <Descriptions.Item label="中心意见" span={2}>{s.reviewNote}</Descriptions.Item>}
            {s.tickets.length > 0 && (
              <Descriptions.Item label="关联工单" span={2}>
                {s.tickets.map((t) => <Link key={t.id} to={`/tickets/${t.id}`} style={{ marginInlineEnd: 8 }}>{t.number ?? t.id.slice(0, 8)}</Link>)}
              </Descriptions.Item>
            )}
            {s.attachments.length > 0 && (
              <Descriptions.Item label="附件" span={2}>
                {s.attachments.map((a, i) => <a key={a} href={`/api/attachments/${a}`} style={{ marginInlineEnd: 8 }}>附件 {i + 1}</a>)}
              </Descriptions.Item>
            )}
            {s.citedIn.length > 0 && (
              <Descriptions.Item label="引用于" span={2}>
                {s.citedIn.map((b) => <Link key={b.bulletinId} to={`/bulletins/${b.bulletinId}`} style={{ marginInlineEnd: 8 }}>{b.title}</Link>)}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.body}</Typography.Paragraph>
          {(s.actions.includes('read') || s.actions.includes('adopt')) && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea rows={2} maxLength={1000} placeholder="意见（可选，报送单位可见）" value={note} onChange={(e) => setNote(e.target.value)} aria-label="审阅意见" />
              <Space>
                {s.actions.includes('read') && (
                  <Button loading={busy} onClick={() => void step(`/api/submissions/${s.id}/read`, note.trim() ? { note: note.trim() } : {}, '已标记为已阅')}>
                    标记已阅
                  </Button>
                )}
                {s.actions.includes('adopt') && (
                  <Button type="primary" loading={busy} onClick={() => void step(`/api/submissions/${s.id}/adopt`, note.trim() ? { note: note.trim() } : {}, '已采用')}>
                    采用
                  </Button>
                )}
              </Space>
            </Space>
          )}
          {s.actions.includes('cite') && (
            <Space wrap>
              <Select style={{ width: 360 }} placeholder={bulletins.length ? '选择未发布的通报' : '没有未发布的通报'} value={bulletinId} onChange={setBulletinId} options={bulletins.map((b) => ({ value: b.id, label: `${b.title}（${b.statusLabel}）` }))} aria-label="引用到通报" />
              <Button disabled={!bulletinId} loading={busy} onClick={() => bulletinId && void step(`/api/submissions/${s.id}/cite`, { bulletinId }, '已在通报中引用')}>
                在通报中引用
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Drawer>
  );
}
