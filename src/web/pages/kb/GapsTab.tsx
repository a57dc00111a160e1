import { Button, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';

interface Gap {
  query: string;
  normalized: string;
  searches: number;
  noResult: number;
  lowScore: number;
  unhelpful: number;
  lastAt: string;
  closestEntry: { id: string; title: string } | null;
  ownerUnit: { id: string; name: string } | null;
}

/**
 * 知识缺口: what was asked and found nothing good (重庆 第十九条: 及时向各承办单位反馈热线知识库信息维护需求),
 * most asked first; each can become a new entry, or opens the entry that came closest.
 */
export function GapsTab({ version, onWrite, onOpen }: { version: number; onWrite: (q: string) => void; onOpen: (id: string) => void }) {
  const [days, setDays] = useState(7);
  const [rows, setRows] = useState<Gap[] | null>(null);
  useEffect(() => {
    api.get<{ gaps: Gap[] }>(`/api/kb/gaps${query({ days })}`).then((r) => setRows(r.gaps)).catch(showError);
  }, [days, version]);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">没有找到满意答案的查询（无结果、匹配度低或被标记无用），按问法归并：</Typography.Text>
        <Select
          aria-label="统计时段"
          value={days}
          onChange={setDays}
          style={{ width: 120 }}
          options={[
            { value: 7, label: '近 7 天' },
            { value: 30, label: '近 30 天' },
            { value: 90, label: '近 90 天' },
          ]}
        />
      </Space>
      <Table<Gap>
        size="small"
        rowKey="normalized"
        loading={rows === null}
        dataSource={rows ?? []}
        locale={{ emptyText: '这段时间没有知识缺口' }}
        pagination={{ pageSize: 10, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '来电人的问法', dataIndex: 'query', ellipsis: true },
          { title: '查询次数', dataIndex: 'searches', width: 90, align: 'right' },
          {
            title: '原因',
            key: 'why',
            width: 220,
            render: (_: unknown, g) =>
              [g.noResult && `无结果 ${g.noResult}`, g.lowScore && `匹配度低 ${g.lowScore}`, g.unhelpful && `标记无用 ${g.unhelpful}`].filter(Boolean).join(' · '),
          },
          { title: '最接近的条目', key: 'closest', ellipsis: true, render: (_: unknown, g) => (g.closestEntry ? <a onClick={() => onOpen(g.closestEntry!.id)}>{g.closestEntry.title}</a> : '—') },
          { title: '维护单位', key: 'owner', width: 170, ellipsis: true, render: (_: unknown, g) => g.ownerUnit?.name ?? '待热线中心确定' },
          { title: '最近一次', dataIndex: 'lastAt', width: 140, render: (d: string) => d.slice(0, 16).replace('T', ' ') },
          {
            title: '操作',
            key: 'act',
            width: 120,
            render: (_: unknown, g) => (
              <Button type="link" size="small" onClick={() => onWrite(g.query)}>
                据此新建条目
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
