import { Button, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';

interface Issue {
  kind: 'target-paused' | 'delivery-stopped' | 'push-stopped' | 'webhook-paused';
  kindLabel: string;
  name: string;
  reason: string | null;
  since: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  tab: 'exchange' | 'webhooks';
}

const fmt = (s: string | null) => (s ? s.slice(0, 16).replace('T', ' ') : '—');

/**
 * 对接异常 (GET /api/inbox/integration): an upper platform, a peer or a webhook endpoint paused after failing
 * again and again, a report, order or indicator push it keeps refusing — each waits here until the
 * administrator resumes or resends it on 系统管理.
 */
export function IntegrationIssues({ version }: { version: number }) {
  const [items, setItems] = useState<Issue[] | null>(null);
  useEffect(() => {
    api
      .get<{ items: Issue[] }>('/api/inbox/integration')
      .then((d) => setItems(d.items))
      .catch(showError);
  }, [version]);
  return (
    <Table<Issue>
      size="middle"
      rowKey={(i) => `${i.kind}:${i.name}:${i.ticketNumber ?? ''}:${i.since ?? ''}`}
      loading={!items}
      dataSource={items ?? []}
      pagination={false}
      locale={{ emptyText: '与上级平台、其他平台和各单位系统的对接正常' }}
      columns={[
        { title: '事项', dataIndex: 'kindLabel', width: 130, render: (l: string) => <Tag color="red">{l}</Tag> },
        { title: '对方', dataIndex: 'name', width: 220 },
        { title: '工单', dataIndex: 'ticketNumber', width: 140, render: (n: string | null, i) => (n && i.ticketId ? <Link to={`/tickets/${i.ticketId}`}>{n}</Link> : '—') },
        // the whole reason: it says what to do (a revoked key, an unknown order …)
        { title: '原因', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        { title: '时间', dataIndex: 'since', width: 130, render: fmt },
        { title: '处理', width: 120, render: (_: unknown, i) => <Link to={`/admin?tab=${i.tab}`}><Button size="small">{i.tab === 'webhooks' ? '去恢复' : '去处理'}</Button></Link> },
      ]}
    />
  );
}
