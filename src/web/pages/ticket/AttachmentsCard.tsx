import { Card, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { TicketAttachment } from '../../types.ts';

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** The ticket's files this user may have: the server leaves out what the privacy rules withhold. */
export function AttachmentsCard({ ticketId, version }: { ticketId: string; version: number }) {
  const [items, setItems] = useState<TicketAttachment[] | null>(null);
  useEffect(() => {
    api
      .get<{ items: TicketAttachment[] }>(`/api/tickets/${ticketId}/attachments`)
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [ticketId, version]);
  if (!items) return null;
  return (
    <Card size="small" title={`附件（${items.length}）`}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">没有可查看的附件</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(a) => (
            <List.Item>
              <a href={a.url} download={a.filename}>
                {a.filename}
              </a>
              <span>
                <Tag>{a.origin === 'caller' ? '来电人材料' : '承办单位上传'}</Tag>
                <Typography.Text type="secondary">{size(a.size)}</Typography.Text>
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
