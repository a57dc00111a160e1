import { Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../../api.ts';

interface HotIssue {
  category: string;
  place: { code: string; name: string } | null;
  count: number;
  previous: number;
  lastYear: number;
  pPrevious: number;
  pLastYear: number;
  significant: boolean;
  samples: Array<{ id: string; number: string; title: string | null; content: string }>;
}
interface Hot {
  previous: { from: string; to: string };
  lastYear: { from: string; to: string };
  items: HotIssue[];
}

const change = (now: number, before: number) => (before === 0 ? '新出现' : `${now >= before ? '+' : ''}${(((now - before) / before) * 100).toFixed(0)}%`);

/**
 * 热点诉求 of the period: the matters that rose at one place beyond chance, against the period before
 * and the same dates last year — candidates for 每月一题 and 专报. The p-value says how likely such a
 * rise is by chance alone.
 */
export function HotIssues({ from, to }: { from: string; to: string }) {
  const [hot, setHot] = useState<Hot | null>(null);
  useEffect(() => {
    api.get<Hot>(`/api/analytics/hot${query({ from, to })}`).then(setHot).catch(() => setHot(null));
  }, [from, to]);
  return (
    <Card
      size="small"
      title="热点诉求（较上期上升）"
      extra={hot && <Typography.Text type="secondary">上期 {hot.previous.from} 至 {hot.previous.to}；去年同期 {hot.lastYear.from} 至 {hot.lastYear.to}</Typography.Text>}
    >
      <Table<HotIssue>
        size="small"
        rowKey={(h) => `${h.category}|${h.place?.code ?? ''}`}
        loading={!hot}
        pagination={false}
        dataSource={hot?.items ?? []}
        locale={{ emptyText: '本期没有明显上升的诉求' }}
        columns={[
          { title: '分类', dataIndex: 'category', width: 180, render: (c: string) => <Link to={`/tickets${query({ category: c, from, to })}`}>{c}</Link> },
          { title: '地点', dataIndex: 'place', width: 200, ellipsis: true, render: (p: HotIssue['place']) => p?.name ?? <Typography.Text type="secondary">未识别街道</Typography.Text> },
          { title: '本期', dataIndex: 'count', width: 64, align: 'right' },
          { title: '上期', dataIndex: 'previous', width: 64, align: 'right', render: (n: number, h) => <Tooltip title={change(h.count, n)}>{n}</Tooltip> },
          { title: '去年同期', dataIndex: 'lastYear', width: 80, align: 'right' },
          {
            title: <Tooltip title="若本期与上期的发生率相同，出现这样的上升的概率（二项检验，单侧）；小于 1% 标为显著">显著性</Tooltip>,
            dataIndex: 'pPrevious',
            width: 160,
            render: (p: number, h) => (
              <Space size={4} wrap={false}>
                {h.significant ? <Tag color="red">显著</Tag> : <Tag>待观察</Tag>}
                <Typography.Text type="secondary">p={p < 0.001 ? p.toExponential(1) : p.toFixed(3)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: '样本工单',
            dataIndex: 'samples',
            ellipsis: true,
            render: (s: HotIssue['samples']) => (
              <Space size={8} wrap={false}>
                {s.map((t) => (
                  <Tooltip key={t.id} title={t.title ?? t.content}>
                    <Link to={`/tickets/${t.id}`}>{t.number}</Link>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
