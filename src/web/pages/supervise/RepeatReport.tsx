import { Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { STATUS_COLORS } from '../../components/TicketTable.tsx';

interface Matter {
  ticketId: string;
  number: string;
  title: string | null;
  status: string;
  statusLabel: string;
  address: string | null;
  repeats: number;
  merged: number;
  linked: number;
  lastRepeatAt: string | null;
}

/** 重复诉求: matters asked about again and again in the last 30 days, most repeated first. */
export function RepeatReport() {
  const [rows, setRows] = useState<Matter[] | null>(null);
  useEffect(() => void api.get<{ items: Matter[] }>('/api/reports/repeats').then((r) => setRows(r.items)).catch(showError), []);
  return (
    <Table<Matter>
      size="small"
      rowKey="ticketId"
      loading={rows === null}
      dataSource={rows ?? []}
      pagination={{ pageSize: 10 }}
      locale={{ emptyText: '近 30 天没有重复诉求' }}
      columns={[
        { title: '原工单', dataIndex: 'number', width: 150, render: (n: string, r) => <Link to={`/tickets/${r.ticketId}`}>{n}</Link> },
        { title: '事项', dataIndex: 'title', ellipsis: true },
        { title: '地址', dataIndex: 'address', ellipsis: true, width: 180 },
        { title: '状态', dataIndex: 'status', width: 90, render: (s: string, r) => <Tag color={STATUS_COLORS[s]}>{r.statusLabel}</Tag> },
        { title: '重复次数', dataIndex: 'repeats', width: 90, sorter: (a, b) => a.repeats - b.repeats, render: (n: number, r) => `${n}（合并 ${r.merged}）` },
        { title: '最近一次', dataIndex: 'lastRepeatAt', width: 110, render: (d: string | null) => d?.slice(0, 10) ?? '—' },
      ]}
    />
  );
}
