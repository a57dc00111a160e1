import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { STATUS_COLORS } from '../../components/TicketTable.tsx';
import { download } from '../../download.ts';
import { useLive } from '../../live.ts';

interface Item {
  id: string;
  number: string;
  createdAt: string;
  deputy: { id: string; name: string; title: string };
  title: string | null;
  excerpt: string;
  status: string;
  statusLabel: string;
  units: string | null;
  reply: string | null;
  repliedAt: string | null;
  overdue: boolean;
  visit: string | null;
}

const day = (s: string | null) => (s ? s.slice(0, 10) : '—');

/**
 * 代表委员诉求台账 (邵阳 第十八条: 处理反馈机制和工作台账): each request of a registered deputy to its end —
 * the units, the unit's reply and the visit: what is fed back to the deputy. Exported as a workbook.
 */
export function DeputyLedger() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [state, setState] = useState<'open' | 'done' | 'all'>('all');
  const [deputyId, setDeputyId] = useState<string>();
  const [dates, setDates] = useState<[Dayjs, Dayjs] | null>(null);
  const [deputies, setDeputies] = useState<Array<{ value: string; label: string }>>([]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [data, setData] = useState<{ total: number; items: Item[] }>({ total: 0, items: [] });
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const filter = { state, deputyId, from: dates?.[0].format('YYYY-MM-DD'), to: dates?.[1].format('YYYY-MM-DD') };
  const key = query(filter);
  useEffect(() => {
    api
      .get<{ items: Array<{ id: string; name: string; title: string }> }>('/api/deputies?active=all')
      .then((d) => setDeputies(d.items.map((x) => ({ value: x.id, label: `${x.name}（${x.title}）` }))))
      .catch(() => setDeputies([]));
  }, []);
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<{ total: number; items: Item[] }>(`/api/deputies/requests${key}${key ? '&' : '?'}page=${page}&pageSize=${pageSize}`)
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [key, page, pageSize]);
  useEffect(load, [load]);
  useLive(load);
  const open = (id: string) => navigate(`/tickets/${id}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented value={state} onChange={(v) => (setState(v as typeof state), setPage(1))} options={[{ value: 'all', label: '全部' }, { value: 'open', label: '在办' }, { value: 'done', label: '已办结' }]} />
        <Select aria-label="代表委员" allowClear showSearch optionFilterProp="label" placeholder="代表委员" style={{ width: 220 }} options={deputies} value={deputyId} onChange={(v) => (setDeputyId(v), setPage(1))} />
        <DatePicker.RangePicker aria-label="登记日期" value={dates} onChange={(v) => (setDates(v && v[0] && v[1] ? [v[0], v[1]] : null), setPage(1))} />
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => {
            setExporting(true);
            download(`/api/deputies/requests.xlsx${key}`, '代表委员诉求台账.xlsx')
              .then(() => message.success('已导出'))
              .catch(showError)
              .finally(() => setExporting(false));
          }}
        >
          导出台账
        </Button>
      </Space>
      <Table<Item>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data.items}
        tableLayout="fixed"
        pagination={{ current: page, pageSize, total: data.total, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
        onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '工单编号', dataIndex: 'number', width: 128, render: (n: string, r) => <a href={`/tickets/${r.id}`} onClick={(e) => (e.preventDefault(), e.stopPropagation(), open(r.id))}>{n}</a> },
          { title: '登记', dataIndex: 'createdAt', width: 92, render: day },
          { title: '代表委员', width: 150, render: (_, r) => <Tooltip title={r.deputy.title}>{r.deputy.name}<Typography.Text type="secondary">{` ${r.deputy.title}`}</Typography.Text></Tooltip> },
          { title: '诉求', ellipsis: { showTitle: false }, render: (_, r) => <Tooltip title={r.title || r.excerpt}>{r.title || r.excerpt}</Tooltip> },
          { title: '承办单位', dataIndex: 'units', width: 130, ellipsis: true, render: (u: string | null) => u ?? '—' },
          { title: '状态', dataIndex: 'statusLabel', width: 110, render: (l: string, r) => <><Tag color={STATUS_COLORS[r.status]}>{l}</Tag>{r.overdue && <Tag color="red">超期</Tag>}</> },
          { title: '办理答复', dataIndex: 'reply', width: 190, ellipsis: { showTitle: false }, render: (v: string | null, r) => (v ? <Tooltip title={`${day(r.repliedAt)}：${v}`}>{v}</Tooltip> : '—') },
          { title: '回访结果', dataIndex: 'visit', width: 110, render: (v: string | null) => v ?? '—' },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        依据：邵阳 第十八条（建立人大代表基本信息库，建立处理反馈机制和工作台账）。办法未对代表委员诉求另定办理时限或审核要求，按普通工单时限办理。
      </Typography.Text>
    </Space>
  );
}
