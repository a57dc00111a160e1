import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { fmt } from './types.ts';

/**
 * 新通报: the published 通报 this user has not opened yet, on a unit's home and in the inbox (重庆
 * 第二十四条 定期通报 — every unit is told). Opening one marks it read; nothing shows when all are.
 */
export function BulletinNotice() {
  const [unread, setUnread] = useState<Array<{ id: string; title: string; publishedAt: string }>>([]);
  useEffect(() => {
    api
      .get<{ unread: typeof unread }>('/api/inbox/bulletins')
      .then((r) => setUnread(r.unread))
      .catch(() => setUnread([]));
  }, []);
  if (!unread.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<NotificationOutlined />}
      style={{ marginBottom: 12 }}
      title={`有 ${unread.length} 份新通报`}
      description={
        <Space orientation="vertical" size={2}>
          {unread.map((b) => (
            <span key={b.id}>
              <Link to={`/bulletins/${b.id}`}>{b.title}</Link>（发布于 {fmt(b.publishedAt)}）
            </span>
          ))}
        </Space>
      }
    />
  );
}
