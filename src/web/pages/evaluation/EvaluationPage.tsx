import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { download } from '../../download.ts';
import { Change } from '../../components/Change.tsx';

interface Indicator {
  key: string;
  label: string;
  formula: string;
  basis: string;
  higherIsBetter?: boolean;
}
type Rate = number | null;
interface Row {
  unit: { id: string; name: string; kind: string; path: string };
  group: string;
  received: number;
  overdue: number;
  supervised: number;
  onTimeRate: Rate;
  responseRate: Rate;
  resolutionRate: Rate;
  satisfactionRate: Rate;
  returnRate: Rate;
  extensionRate: Rate;
  redoRate: Rate;
  score: number | null;
  rank: number | null;
  subtree: { received: number; overdue: number; onTimeRate: Rate; satisfactionRate: Rate } | null;
  /** 环比: the period just before (null: the unit was not listed then) and the change. */
  previous: { received: number; score: number | null; rank: number | null; onTimeRate: Rate; satisfactionRate: Rate; responseRate: Rate; resolutionRate: Rate } | null;
  change: { score: number | null; rank: number | null; onTimeRate: number | null; satisfactionRate: number | null };
  /** 知识库维护 as of now (邵阳 第二十七条), not part of the score. */
  knowledge: { owned: number; expired: number; expiringSoon: number };
}
interface Card_ {
  from: string;
  to: string;
  by: 'dispatched' | 'closed';
  previous: { from: string; to: string };
  weights: Record<string, number>;
  units: Row[];
}

const GROUPS: Record<string, string> = { department: '部门', district: '区县', street: '街道（乡镇）', community: '社区（村）', enterprise: '企业' };
const SHORT: Record<string, string> = { department: '部门', district: '区县', street: '街道', community: '社区', enterprise: '企业' };
const RATE_COLUMNS = ['onTimeRate', 'responseRate', 'resolutionRate', 'satisfactionRate', 'returnRate', 'extensionRate', 'redoRate'] as const;
const pct = (r: Rate) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const DAY = 'YYYY-MM-DD';

/** The month before today, or the range in the address (?from=&to=&by=&group=). */
function periodOf(params: URLSearchParams): [Dayjs, Dayjs] {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && dayjs(from, DAY, true).isValid() && dayjs(to, DAY, true).isValid()) return [dayjs(from), dayjs(to)];
  const last = dayjs().subtract(1, 'month');
  return [last.startOf('month'), last.endOf('month')];
}

/**
 * 考核排名: every unit's indicators for a period, its composite score and its rank among its peers
 * (重庆 第二十四条 月度监测、年度评估、定期通报). Each column says its formula and its article; the
 * figures open the tickets behind them.
 */
export function EvaluationPage() {
  const [params, setParams] = useSearchParams();
  const [from, to] = periodOf(params);
  const by = params.get('by') === 'closed' ? 'closed' : 'dispatched';
  const group = params.get('group') ?? 'all';
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [data, setData] = useState<Card_ | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const set = (next: Record<string, string>) => setParams({ from: from.format(DAY), to: to.format(DAY), by, group, ...next });

  useEffect(() => {
    api.get<{ indicators: Indicator[] }>('/api/analytics/indicators').then((r) => setIndicators(r.indicators)).catch(() => {});
  }, []);
  const fromText = from.format(DAY);
  const toText = to.format(DAY);
  useEffect(() => {
    setLoading(true);
    api
      .get<Card_>(`/api/analytics/scorecard${query({ from: fromText, to: toText, by })}`)
      .then((c) => {
        setData(c);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : '考核数据加载失败'))
      .finally(() => setLoading(false));
  }, [fromText, toText, by]);

  const def = useMemo(() => new Map(indicators.map((i) => [i.key, i])), [indicators]);
  const title = (key: string, fallback: string) => {
    const d = def.get(key);
    return (
      <Tooltip title={d ? `${d.formula}（${d.basis}）` : undefined}>
        <span>
          {d?.label ?? fallback} <QuestionCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} />
        </span>
      </Tooltip>
    );
  };
  const tickets = (r: Row, extra: Record<string, string> = {}) => `/tickets${query({ unitId: r.unit.id, from: fromText, to: toText, ...extra })}`;
  const groups = useMemo(() => [...new Set((data?.units ?? []).map((u) => u.group))], [data]);
  const rows = (data?.units ?? []).filter((u) => group === 'all' || u.group === group);
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.received - a.received);

  const columns: ColumnsType<Row> = [
    {
      title: '排名',
      dataIndex: 'rank',
      width: 84,
      fixed: 'left',
      // ranks are within a peer group: with every unit listed, the group is named
      render: (n: number | null, r) => (n === null ? '—' : group === 'all' ? `${SHORT[r.group] ?? r.group}第 ${n}` : n),
    },
    { title: '单位', dataIndex: ['unit', 'name'], width: 200, fixed: 'left', ellipsis: true },
    {
      title: title('received', '受理量'),
      dataIndex: 'received',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.received - b.received,
      render: (n: number, r) => (
        <Space size={4}>
          {n > 0 ? <Link to={tickets(r)}>{n}</Link> : 0}
          {r.subtree && r.subtree.received !== n && (
            <Tooltip title={`含下级单位合计 ${r.subtree.received} 件，按时办结率 ${pct(r.subtree.onTimeRate)}，满意率 ${pct(r.subtree.satisfactionRate)}`}>
              <Typography.Text type="secondary">({r.subtree.received})</Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
    ...RATE_COLUMNS.slice(0, 1).map((k) => rateColumn(k, title)),
    {
      title: title('overdue', '超期件数'),
      dataIndex: 'overdue',
      width: 108,
      align: 'right' as const,
      sorter: (a: Row, b: Row) => a.overdue - b.overdue,
      render: (n: number, r: Row) => (n > 0 ? <Link to={tickets(r, { overdue: 'true' })} style={{ color: '#cf1322' }}>{n}</Link> : 0),
    },
    ...RATE_COLUMNS.slice(1).map((k) => rateColumn(k, title)),
    {
      title: (
        <Tooltip title="本单位维护的知识条目（当前）：在用条目数；已过期下线而未更新的条目（邵阳办法第二十七条：知识库内容没有及时更新）；30 天内到期、已提醒更新的条目。不计入综合得分。">
          <span>
            知识库 <QuestionCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} />
          </span>
        </Tooltip>
      ),
      key: 'knowledge',
      width: 110,
      align: 'right',
      sorter: (a: Row, b: Row) => a.knowledge.expired - b.knowledge.expired,
      render: (_: unknown, r: Row) => (
        <Tooltip title={`在用 ${r.knowledge.owned} 条；过期未更新 ${r.knowledge.expired} 条；30 天内到期 ${r.knowledge.expiringSoon} 条`}>
          <Space size={4} data-testid="knowledge">
            <span>{r.knowledge.owned}</span>
            {r.knowledge.expired > 0 && <Typography.Text type="danger">过期 {r.knowledge.expired}</Typography.Text>}
          </Space>
        </Tooltip>
      ),
    },
    {
      title: (
        <Tooltip title={`各指标按权重加权平均（越低越好的指标按 1 − 比率计），缺少数据的指标不计入；权重：${Object.entries(data?.weights ?? {}).filter(([, w]) => w > 0).map(([k, w]) => `${def.get(k)?.label ?? k} ${w}`).join('、')}`}>
          <span>
            综合得分 <QuestionCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} />
          </span>
        </Tooltip>
      ),
      dataIndex: 'score',
      width: 100,
      align: 'right',
      fixed: 'right',
      sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (s: number | null) => (s === null ? '—' : <Typography.Text strong>{s.toFixed(1)}</Typography.Text>),
    },
    {
      title: (
        <Tooltip title={data ? `与上一期（${data.previous.from} 至 ${data.previous.to}）相比：得分变化和同类排名升降` : undefined}>
          <span>
            环比 <QuestionCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} />
          </span>
        </Tooltip>
      ),
      key: 'change',
      width: 120,
      align: 'right',
      fixed: 'right',
      sorter: (a, b) => (a.change.score ?? -1e9) - (b.change.score ?? -1e9),
      render: (_: unknown, r) =>
        r.previous?.score === null || r.previous === null ? (
          <Typography.Text type="secondary">上期无得分</Typography.Text>
        ) : (
          <Tooltip
            title={`上期得分 ${r.previous.score.toFixed(1)}，排名 ${r.previous.rank ?? '—'}；按时办结率 ${pct(r.previous.onTimeRate)}，满意率 ${pct(r.previous.satisfactionRate)}`}
          >
            <Space size={6} data-testid="change">
              <Change value={r.change.score} unit="分" />
              {r.change.rank !== null && r.change.rank !== 0 && <Change value={r.change.rank} digits={0} unit="位" />}
            </Space>
          </Tooltip>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title="考核排名"
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              aria-label="统计期间"
              allowClear={false}
              value={[from, to]}
              presets={[
                { label: '上月', value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] },
                { label: '本月', value: [dayjs().startOf('month'), dayjs()] },
                { label: '本年', value: [dayjs().startOf('year'), dayjs()] },
              ]}
              onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format(DAY), to: v[1].format(DAY) })}
            />
            <Segmented
              aria-label="归期方式"
              value={by}
              onChange={(v) => set({ by: String(v) })}
              options={[
                { value: 'dispatched', label: '按派单时间' },
                { value: 'closed', label: '按办结时间' },
              ]}
            />
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => {
                setExporting(true);
                download(`/api/analytics/scorecard.xlsx${query({ from: fromText, to: toText, by })}`, '考核排名.xlsx')
                  .then(() => message.success('已导出'))
                  .catch(showError)
                  .finally(() => setExporting(false));
              }}
            >
              导出 Excel
            </Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Segmented
          style={{ marginBottom: 12 }}
          value={group}
          onChange={(v) => set({ group: String(v) })}
          options={[{ value: 'all', label: '全部单位' }, ...groups.map((g) => ({ value: g, label: GROUPS[g] ?? g }))]}
        />
        <Table<Row>
          size="small"
          rowKey={(r) => r.unit.id}
          loading={loading}
          columns={columns}
          dataSource={sorted}
          scroll={{ x: 1320 }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 个单位` }}
        />
      </Card>
      <Card size="small" title="指标口径">
        <Descriptions size="small" column={1} bordered items={indicators.map((i) => ({ key: i.key, label: i.label, children: <>{i.formula}<Typography.Text type="secondary">（{i.basis}）</Typography.Text></> }))} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          每件工单按派单时间（或办结时间）归入统计期间；只计主办单位，下派给下级单位的仍计派单单位；经甄别申诉成立的不满意评价不计入满意率。排名在同类单位（部门、区县、街道等）之间进行。
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}

function rateColumn(key: (typeof RATE_COLUMNS)[number], title: (key: string, fallback: string) => React.ReactNode) {
  const lowerIsBetter = key === 'returnRate' || key === 'extensionRate' || key === 'redoRate';
  return {
    title: title(key, key),
    dataIndex: key,
    width: 118,
    align: 'right' as const,
    sorter: (a: Row, b: Row) => (a[key] ?? -1) - (b[key] ?? -1),
    render: (r: Rate) => {
      // amber where a rate is weak: below 90 % (or above 10 % for the lower-is-better ones)
      const weak = r !== null && (lowerIsBetter ? r > 0.1 : r < 0.9);
      return <span style={{ color: weak ? '#d46b08' : undefined }}>{pct(r)}</span>;
    },
  };
}
