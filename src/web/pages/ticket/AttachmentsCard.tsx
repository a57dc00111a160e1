import { FilePdfOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Image, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { AttachmentUpload, type UploadedAttachment } from '../../components/AttachmentUpload.tsx';
import type { TicketAttachment } from '../../types.ts';

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const fmt = (s: string) => s.slice(0, 16).replace('T', ' ');
const isImage = (a: TicketAttachment) => a.contentType.startsWith('image/');
const isPdf = (a: TicketAttachment) => a.contentType === 'application/pdf';

function Thumb({ a }: { a: TicketAttachment }) {
  if (isImage(a)) {
    return (
      <div style={{ width: 48, height: 48, background: '#f5f5f5', borderRadius: 4, overflow: 'hidden' }}>
        <Image width={48} height={48} style={{ objectFit: 'cover' }} src={`${a.url}?inline=1`} alt={a.filename} />
      </div>
    );
  }
  return (
    <div style={{ width: 48, height: 48, display: 'grid', placeItems: 'center', background: '#f5f5f5', borderRadius: 4, fontSize: 22 }}>
      {isPdf(a) ? <FilePdfOutlined style={{ color: '#cf1322' }} /> : <PaperClipOutlined />}
    </div>
  );
}

/**
 * The ticket's files this user may have (the server leaves out what the privacy rules withhold), with
 * who added each, when and at which step; images preview here, PDFs open in a new tab. Whoever the
 * server lets add files gets 补充附件.
 */
export function AttachmentsCard({ ticketId, version }: { ticketId: string; version: number }) {
  const { message } = App.useApp();
  const [items, setItems] = useState<TicketAttachment[] | null>(null);
  const [canAdd, setCanAdd] = useState(false);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadedAttachment[]>([]);
  const [note, setNote] = useState('');
  const load = useCallback(() => {
    api
      .get<{ items: TicketAttachment[]; canAdd?: boolean }>(`/api/tickets/${ticketId}/attachments`)
      .then((r) => (setItems(r.items), setCanAdd(!!r.canAdd)))
      .catch(() => setItems([]));
  }, [ticketId]);
  useEffect(load, [load, version]);

  const startAdding = () => (setError(null), setFiles([]), setNote(''), setAdding(true));
  const submit = async () => {
    if (!files.length) return setError('请先选择并上传文件');
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/tickets/${ticketId}/attachments`, { attachments: files.map((f) => f.id), ...(note.trim() ? { note: note.trim() } : {}) });
      setAdding(false);
      message.success('附件已补充');
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '补充失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  if (!items) return null;
  return (
    <Card
      size="small"
      title={`附件（${items.length}）`}
      extra={canAdd && <Button size="small" icon={<PlusOutlined />} onClick={startAdding}>补充附件</Button>}
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">没有可查看的附件</Typography.Text>
      ) : (
        <Image.PreviewGroup>
          <List
            size="small"
            dataSource={items}
            renderItem={(a) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space align="start">
                  <Thumb a={a} />
                  <div style={{ minWidth: 0 }}>
                    <div style={{ wordBreak: 'break-all' }}>
                      {isPdf(a) ? (
                        <a href={`${a.url}?inline=1`} target="_blank" rel="noopener noreferrer" title="在新标签页中打开">{a.filename}</a>
                      ) : (
                        <a href={a.url} download={a.filename}>{a.filename}</a>
                      )}
                    </div>
                    <Space size={4} wrap>
                      <Tag>{a.stageLabel}</Tag>
                      <Tag color={a.origin === 'caller' ? 'blue' : 'green'}>{a.origin === 'caller' ? '来电人材料' : '承办单位'}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.uploadedBy} · {fmt(a.createdAt)} · {size(a.size)}
                      </Typography.Text>
                    </Space>
                  </div>
                </Space>
              </List.Item>
            )}
          />
        </Image.PreviewGroup>
      )}
      <Modal open={adding} title="补充附件" okText="加到工单" confirmLoading={busy} onOk={() => void submit()} onCancel={() => setAdding(false)} destroyOnHidden>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form layout="vertical">
          <Form.Item label="文件" required>
            <AttachmentUpload value={files} onChange={setFiles} />
          </Form.Item>
          <Form.Item label="说明（可选）" htmlFor="attach-note">
            <Input id="attach-note" maxLength={200} value={note} onChange={(ev) => setNote(ev.target.value)} placeholder="例如：现场整改后照片" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
