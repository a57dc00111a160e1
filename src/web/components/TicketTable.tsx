import { Badge, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, query } from '../api.ts';
import { useLive } from '../live.ts';
import { usePreloaded } from '../preloaded.ts';
import type { TicketItem } from '../types.ts';
import { DueBadge } from './DueBadge.tsx';
import { FlagTags } from './FlagTags.tsx';
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

/** The address of a page of a ticket list: the table's, and the count shown above it (ListBadge). */
export const ticketListUrl = (filter: Record<string, string | undefined>, page: number, pageSize: number, sort?: string) => `/api/tickets${query({ ...filter, page, pageSize, sort })}`;

/**
 * A tab's count of a TicketTable's list: what the table reported, else — on a page the server
 * rendered, before the table has loaded anything — the total of the first page it drew with.
 */
export function ListBadge({ filter, count, color }: { filter: Record<string, string | undefined>; count: number | undefined; color?: string }) {
  const preloaded = usePreloaded<{ total: number }>(ticketListUrl(filter, 1, 10))?.total;
  return <Badge count={count ?? preloaded ?? 0} showZero overflowCount={999} color={color} />;
}

const ENDED = ['closed', 'archived', 'answered', 'rejected', 'referred', 'terminated', 'merged'];

/**
 * A server-paginated ticket list that refreshes itself when tickets change. `search` (工单查询)
 * adds the caller (masked) and sorting by number or registration time, done by the server.
 */
export function TicketTable({ filter, onCount, base = '/tickets', search = false }: { filter: Record<string, string | undefined>; onCount?: (n: number) => void; base?: string; search?: boolean }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(search ? 20 : 10);
  const [sort, setSort] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const navigate = useNavigate();
  const key = JSON.stringify(filter);
  // a new filter starts again at its first page
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setPage(1);
  }
  // The count callback may be a new function on every render of the parent; only the filter and
  // paging should trigger a reload.
  const countRef = useRef(onCount);
  countRef.current = onCount;
  const url = ticketListUrl(JSON.parse(key) as Record<string, string | undefined>, page, pageSize, sort);
  // a page rendered on the server comes with its first answer (preloaded.ts)
  const preloaded = usePreloaded<{ items: TicketItem[]; total: number }>(url);
  const [data, setData] = useState<{ items: TicketItem[]; total: number }>(() => preloaded ?? { items: [], total: 0 });
  // ...which is already on screen: the first load then only refreshes it, with no spinner
  const quiet = useRef(preloaded !== undefined);
  const load = useCallback(() => {
    if (!quiet.current) setLoading(true);
    quiet.current = false;
    api
      .get<{ items: TicketItem[]; total: number }>(url)
      .then((d) => {
        setData(d);
        countRef.current?.(d.total);
      })
      .catch(showError)
      .finally(() => setLoading(false));
  }, [url]);
  useEffect(load, [load]);
  useLive(load);
  const columns: TableColumnsType<TicketItem> = [
    {
      title: '工单编号',
      dataIndex: 'number',
      key: 'number',
      width: 140,
      sorter: search,
      render: (n: string, t) => (
        <a href={`${base}/${t.id}`} onClick={(e) => (e.preventDefault(), navigate(`${base}/${t.id}`))}>
          {n}
        </a>
      ),
    },
    { title: '类型', dataIndex: 'typeLabel', width: 64 },
    {
      title: '诉求',
      // the column clips its text (fixed layout): a long request never runs over the next column at 1366×768
      ellipsis: { showTitle: false },
      render: (_, t) => (
        <Typography.Text ellipsis={{ tooltip: t.title || t.excerpt }} style={{ maxWidth: '100%' }}>
          {t.urgency !== 'normal' && <Tag color="red">{t.urgency === 'emergency' ? '特急' : '特殊'}</Tag>}
          <FlagTags flags={t.flags?.map((f) => f.flag)} />
          {t.title || t.excerpt}
        </Typography.Text>
      ),
    },
    ...(search
      ? [{ title: '来电人', key: 'caller', width: 150, render: (_: unknown, t: TicketItem) => (t.caller ? `${t.caller.name ?? ''} ${t.caller.phone ?? ''}`.trim() || '—' : '—') }]
      : []),
    { title: '承办单位', dataIndex: 'units', width: search ? 180 : 170, ellipsis: true, render: (u: string | null) => u ?? '—' },
    { title: '状态', dataIndex: 'statusLabel', width: 96, render: (l: string, t) => <Tag color={STATUS_COLORS[t.status]}>{l}</Tag> },
    { title: '时限', dataIndex: 'due', width: 160, render: (d: TicketItem['due'], t) => (ENDED.includes(t.status) ? '—' : <DueBadge due={d} />) },
    { title: '登记时间', dataIndex: 'createdAt', key: 'createdAt', width: 140, sorter: search, render: (c: string) => c.slice(0, 16).replace('T', ' ') },
  ];
  return (
    <Table<TicketItem>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data.items}
      pagination={{ current: page, pageSize, total: data.total, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
      onChange={(_p, _f, sorter) => {
        if (!search || Array.isArray(sorter)) return;
        const field = sorter.columnKey === 'number' ? 'number' : sorter.columnKey === 'createdAt' ? 'createdAt' : undefined;
        setSort(field && sorter.order ? `${sorter.order === 'descend' ? '-' : ''}${field}` : undefined);
      }}
      onRow={(t) => ({ onClick: () => navigate(`${base}/${t.id}`), style: { cursor: 'pointer' } })}
      columns={columns}
    />
  );
}
