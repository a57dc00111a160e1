import { Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { STATUS_COLORS } from '../../components/TicketTable.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useLive } from '../../live.ts';

interface LedgerItem {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  typeLabel: string;
  title: string | null;
  excerpt: string;
  supervisionCount: number;
  level: number;
  lastSupervisedAt: string | null;
  lastSupervisedBy: string | null;
  lastNote: string | null;
  lastRemindedAt: string | null;
  units: string | null;
  dueAt: string | null;
  dueLabel: string | null;
  overdue: boolean;
  /** 升级督办 when a supervision failed (邵阳 第二十四条, 大足 第七条). */
  escalated: { at: string; level: number | null; means: string[]; basis: string | null; reason: string | null } | null;
  /** 督办建议 waiting in the supervisors' 待我审批. */
  pendingProposals: number;
}

interface Ledger {
  total: number;
  basis: string[];
  items: LedgerItem[];
}

const fmt = (s: string | null) => (s ? s.slice(0, 16).replace('T', ' ') : '—');
/** Month-day and time: the year is this year's in a list of work in hand; the full time is in the tooltip. */
const short = (s: string | null) => (s ? <Tooltip title={fmt(s)}>{s.slice(5, 16).replace('T', ' ')}</Tooltip> : '—');

/** 督办件台账: every supervised ticket to its end — level, state, units, deadline, overdue, last reminder. */
export function SupervisionLedger() {
  const navigate = useNavigate();
  const [state, setState] = useState<'open' | 'done' | 'all'>('open');
  const [unitId, setUnitId] = useState<string>();
  const [overdue, setOverdue] = useState<string>();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [data, setData] = useState<Ledger>({ total: 0, basis: [], items: [] });
  const [loading, setLoading] = useState(false);
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<Ledger>(`/api/supervision/ledger${query({ state, unitId, overdue, q, page, pageSize })}`)
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [state, unitId, overdue, q, page, pageSize]);
  useEffect(load, [load]);
  useLive(load);
  const open = (id: string) => navigate(`/tickets/${id}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={state}
          onChange={(v) => (setState(v as typeof state), setPage(1))}
          options={[{ value: 'open', label: '在办' }, { value: 'done', label: '已办结' }, { value: 'all', label: '全部' }]}
        />
        <div style={{ width: 260 }}>
          <UnitPicker multiple={false} placeholder="承办单位（含下级）" value={unitId ? [unitId] : []} onChange={(v) => (setUnitId(v[0]), setPage(1))} />
        </div>
        <Select
          aria-label="是否超期"
          style={{ width: 120 }}
          allowClear
          placeholder="是否超期"
          value={overdue}
          onChange={(v) => (setOverdue(v), setPage(1))}
          options={[{ value: 'true', label: '已超期' }, { value: 'false', label: '未超期' }]}
        />
        <Input.Search aria-label="工单编号或诉求内容" placeholder="工单编号或诉求内容" allowClear style={{ width: 220 }} onSearch={(v) => (setQ(v || undefined), setPage(1))} />
      </Space>
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data.items}
        tableLayout="fixed"
        pagination={{ current: page, pageSize, total: data.total, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
        onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '工单编号', dataIndex: 'number', width: 128, render: (n: string, r) => <a href={`/tickets/${r.id}`} onClick={(e) => (e.preventDefault(), e.stopPropagation(), open(r.id))}>{n}</a> },
          { title: '诉求', ellipsis: { showTitle: false }, render: (_, r) => <Tooltip title={r.title || r.excerpt}>{`[${r.typeLabel}] ${r.title || r.excerpt}`}</Tooltip> },
          { title: '承办单位', dataIndex: 'units', width: 136, ellipsis: true, render: (u: string | null) => u ?? '—' },
          { title: '状态', dataIndex: 'statusLabel', width: 84, render: (l: string, r) => <Tag color={STATUS_COLORS[r.status]}>{l}</Tag> },
          {
            title: '督办',
            width: 88,
            render: (_, r) => (
              <>
                {`${r.level} 级`}
                <Typography.Text type="secondary">{` · ${r.supervisionCount} 次`}</Typography.Text>
                {r.escalated && (
                  <Tooltip title={`${r.escalated.reason ?? ''} ${r.escalated.means.join('、')}（${r.escalated.basis ?? ''}）`}>
                    <Tag color="red">已升级</Tag>
                  </Tooltip>
                )}
                {!r.escalated && r.pendingProposals > 0 && <Tag color="gold">待决定</Tag>}
              </>
            ),
          },
          {
            title: '最近督办',
            width: 104,
            render: (_, r) => (
              <Tooltip title={r.lastNote ? `${fmt(r.lastSupervisedAt)} 督办意见：${r.lastNote}（${r.lastSupervisedBy ?? ''}）` : fmt(r.lastSupervisedAt)}>
                <span>{r.lastSupervisedAt ? r.lastSupervisedAt.slice(5, 16).replace('T', ' ') : '—'}</span>
              </Tooltip>
            ),
          },
          { title: '最近催办', dataIndex: 'lastRemindedAt', width: 104, render: (d: string | null) => short(d) },
          { title: '时限', width: 136, render: (_, r) => (r.dueAt ? <>{`${r.dueLabel ?? ''} `}{short(r.dueAt)}</> : '—') },
          { title: '超期', dataIndex: 'overdue', width: 72, render: (o: boolean) => (o ? <Tag color="red">已超期</Tag> : <Tag>未超期</Tag>) },
        ]}
      />
      {data.basis.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>依据：{data.basis.join('；')}</Typography.Text>}
    </Space>
  );
}
