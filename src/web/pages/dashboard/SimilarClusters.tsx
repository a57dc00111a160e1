import { Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ClusterSummary } from '../../../core/analytics/clusters.ts';
import { api, query } from '../../api.ts';

interface Clusters {
  read: number;
  truncated: boolean;
  items: ClusterSummary[];
}

const when = (s: string) => s.slice(5, 16).replace('T', ' ');

/**
 * 相似诉求聚类: what many different people wrote in nearly the same words during the period, whatever
 * category or place it was filed under — a 每月一题 or 专报 candidate the category counts can miss.
 */
export function SimilarClusters({ from, to }: { from: string; to: string }) {
  const [data, setData] = useState<Clusters | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    api
      .get<Clusters>(`/api/analytics/clusters${query({ from, to })}`)
      .then(setData)
      .catch((e: Error) => setError(e.message));
  }, [from, to]);
  return (
    <Card
      size="small"
      title={<Tooltip title="文本相似度不低于 0.5（与重复件识别同一标准），且至少 3 位不同来电人">相似诉求聚类（多人反映）</Tooltip>}
      extra={data && <Typography.Text type="secondary">本期 {data.read} 件{data.truncated ? '（只读取了最近的部分）' : ''}</Typography.Text>}
    >
      {error ? (
        <Typography.Text type="secondary">{error}</Typography.Text>
      ) : (
        <Table<ClusterSummary>
          size="small"
          rowKey={(c) => c.ticketIds[0]!}
          loading={!data}
          pagination={false}
          dataSource={data?.items ?? []}
          locale={{ emptyText: '本期没有多人反映的相同诉求' }}
          columns={[
            {
              title: '诉求',
              dataIndex: 'samples',
              ellipsis: true,
              render: (s: ClusterSummary['samples']) => (
                <Tooltip title={s[0]?.content}>
                  <Link to={`/tickets/${s[0]!.id}`}>{s[0]?.title ?? s[0]?.content}</Link>
                </Tooltip>
              ),
            },
            { title: '来电人', dataIndex: 'callers', width: 70, align: 'right' },
            { title: '工单', dataIndex: 'tickets', width: 60, align: 'right' },
            {
              title: '分类 / 地点',
              width: 250,
              ellipsis: true,
              render: (_: unknown, c) => (
                <Space size={4} wrap={false}>
                  {c.categories[0] ? <Tag>{c.categories[0].key}</Tag> : <Tag>未分类</Tag>}
                  <Typography.Text type="secondary">{c.places.map((p) => p.name).join('、') || '未识别街道'}</Typography.Text>
                </Space>
              ),
            },
            {
              title: '时间',
              width: 130,
              render: (_: unknown, c) => (
                <Tooltip title={`${when(c.firstAt)} 至 ${when(c.lastAt)}`}>
                  {c.firstAt.slice(5, 10)} 至 {c.lastAt.slice(5, 10)}
                </Tooltip>
              ),
            },
            {
              title: '样本工单',
              dataIndex: 'samples',
              width: 210,
              render: (s: ClusterSummary['samples']) => (
                <Space size={8} wrap={false}>
                  {s.slice(0, 2).map((t) => (
                    <Link key={t.id} to={`/tickets/${t.id}`}>
                      {t.number}
                    </Link>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
