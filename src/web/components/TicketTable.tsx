import { Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, query } from '../api.ts';
import { useLive } from '../live.ts';
import type { TicketItem } from '../types.ts';
import { DueBadge } from './DueBadge.tsx';
import { showError } from './feedback.ts';

export const STATUS_COLORS: Record<string, string> = {
  registered: 'blue',
  dispatched: 'geekblue',
  handling: 'processing',
  reviewing: 'gold',
  visiting: 'cyan',
  redo: 'volcano',
  closed: 'green',
  answered: 'green',
  archived: 'default',
  rejected: 'default',
  referred: 'purple',
  terminated: 'default',
  merged: 'default',
};

/** A server-paginated ticket list that refreshes itself when tickets change. */
export function TicketTable({ filter, onCount, base = '/tickets' }: { filter: Record<string, string | undefined>; onCount?: (n: number) => void; base?: string }) {
  const [data, setData] = useState<{ items: TicketItem[]; total: number }>({ items: [], total: 0 });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [loading, setLoading] = useState(false);
  const navigate = useNavigate();
  const key = JSON.stringify(filter);
  // The count callback may be a new function on every render of the parent; only the filter and
  // paging should trigger a reload.
  const countRef = useRef(onCount);
  countRef.current = onCount;
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<{ items: TicketItem[]; total: number }>(`/api/tickets${query({ ...JSON.parse(key), page, pageSize })}`)
      .then((d) => {
        setData(d);
        countRef.current?.(d.total);
      })
      .catch(showError)
      .finally(() => setLoading(false));
  }, [key, page, pageSize]);
  useEffect(load, [load]);
  useLive(load);
  return (
    <Table<TicketItem>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data.items}
      pagination={{ current: page, pageSize, total: data.total, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
      onRow={(t) => ({ onClick: () => navigate(`${base}/${t.id}`), style: { cursor: 'pointer' } })}
      columns={[
        { title: '工单编号', dataIndex: 'number', width: 140, render: (n: string, t) => <a href={`${base}/${t.id}`} onClick={(e) => (e.preventDefault(), navigate(`${base}/${t.id}`))}>{n}</a> },
        { title: '类型', dataIndex: 'typeLabel', width: 64 },
        {
          title: '诉求',
          // the column clips its text (fixed layout): a long request never runs over the units at 1366×768
          ellipsis: { showTitle: false },
          render: (_, t) => (
            <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
              {t.urgency !== 'normal' && <Tag color="red">{t.urgency === 'emergency' ? '特急' : '特殊'}</Tag>}
              {t.title || t.excerpt}
            </Typography.Text>
          ),
        },
        { title: '承办单位', dataIndex: 'units', width: 170, ellipsis: true, render: (u: string | null) => u ?? '—' },
        { title: '状态', dataIndex: 'statusLabel', width: 90, render: (l: string, t) => <Tag color={STATUS_COLORS[t.status]}>{l}</Tag> },
        { title: '时限', dataIndex: 'due', width: 160, render: (d: TicketItem['due'], t) => (['closed', 'archived', 'answered', 'rejected', 'referred', 'terminated', 'merged'].includes(t.status) ? '—' : <DueBadge due={d} />) },
        { title: '登记时间', dataIndex: 'createdAt', width: 140, render: (c: string) => c.slice(0, 16).replace('T', ' ') },
      ]}
    />
  );
}
