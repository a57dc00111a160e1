import { Alert, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CHANNEL_LABELS } from '../../../core/ticket/labels.ts';
import { TICKET_TYPE_LABELS, type Channel, type TicketType } from '../../../core/vocabulary.ts';
import { api, ApiError, query } from '../../api.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import { useLive } from '../../live.ts';
import { AlertsBanner } from './AlertsBanner.tsx';
import { HotIssues } from './HotIssues.tsx';
import { SimilarClusters } from './SimilarClusters.tsx';
import { CallStats } from './CallStats.tsx';

type Count = { key: string; count: number };
interface Dashboard {
  from: string;
  to: string;
  granularity: 'day' | 'week' | 'month';
  today: { day: string; received: number; dispatched: number; byChannel: Count[] };
  now: { open: number; overdue: number; dueSoon: number };
  trend: Array<{ start: string; received: number; closed: number }>;
  byType: Count[];
  byChannel: Count[];
  byCategory: Count[];
  byDistrict: Array<Count & { unitId: string | null }>;
}
interface UnitScore {
  unit: { id: string; name: string };
  received: number;
  score: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

const DAY = 'YYYY-MM-DD';
const OPEN = 'registered,dispatched,handling,reviewing,visiting,redo';
const bar = (rows: Count[], name: (k: string) => string, horizontal = false): ChartOption => {
  const cats = rows.map((r) => name(r.key));
  const axis = { type: 'category', data: cats, axisLabel: { interval: 0, ...(horizontal ? {} : { rotate: cats.length > 5 ? 30 : 0 }) } };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: horizontal ? 100 : 40, right: 16, top: 16, bottom: horizontal ? 24 : 56 },
    xAxis: horizontal ? { type: 'value', minInterval: 1 } : axis,
    yAxis: horizontal ? { ...axis, inverse: true } : { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: '受理量', data: rows.map((r) => r.count), itemStyle: { color: '#1677ff' }, barMaxWidth: 28 }],
  };
};

/**
 * 数据看板 for leaders and analysts: today at a glance, the period's volume and where it comes from
 * (重庆 第二十条 实时监测、分析研判; 凉山 第十九条). Every figure and every bar opens the tickets
 * behind it in 工单查询.
 */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const from = dayjs(params.get('from') ?? '', DAY, true).isValid() ? dayjs(params.get('from')) : dayjs().subtract(29, 'day');
  const to = dayjs(params.get('to') ?? '', DAY, true).isValid() ? dayjs(params.get('to')) : dayjs();
  const granularity = (['day', 'week', 'month'] as const).find((g) => g === params.get('granularity')) ?? 'day';
  const [data, setData] = useState<Dashboard | null>(null);
  const [units, setUnits] = useState<UnitScore[]>([]);
  const [error, setError] = useState<string | null>(null);
  const f = from.format(DAY);
  const t = to.format(DAY);
  const load = useCallback(() => {
    api
      .get<Dashboard>(`/api/analytics/dashboard${query({ from: f, to: t, granularity })}`)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : '数据看板加载失败'));
    api
      .get<{ units: UnitScore[] }>(`/api/analytics/scorecard${query({ from: f, to: t })}`)
      .then((c) => setUnits(c.units.filter((u) => u.score !== null && u.received >= 1)))
      .catch(() => setUnits([]));
  }, [f, t, granularity]);
  useEffect(load, [load]);
  // today's figures follow the city as it changes
  useLive(load);

  const set = (next: Record<string, string>) => setParams({ from: f, to: t, granularity, ...next });
  const open = (filter: Record<string, string>) => navigate(`/tickets${query(filter)}`);
  const inPeriod = { from: f, to: t };
  const bucketEnd = (start: string) => {
    const s = dayjs(start);
    const end = granularity === 'day' ? s : granularity === 'week' ? s.add(6, 'day') : s.endOf('month');
    return (end.isAfter(to) ? to : end).format(DAY);
  };
  const bucketStart = (start: string) => (dayjs(start).isBefore(from) ? f : start);

  const trend = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['受理', '办结'], top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: (data?.trend ?? []).map((b) => b.start) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '受理', type: 'line', data: (data?.trend ?? []).map((b) => b.received), itemStyle: { color: '#1677ff' } },
        { name: '办结', type: 'line', data: (data?.trend ?? []).map((b) => b.closed), itemStyle: { color: '#52c41a' } },
      ],
    }),
    [data],
  );
  const ranked = [...units].sort((a, b) => b.score! - a.score!);
  // with few units scored, the two lists split them rather than show the same ones twice
  const top = ranked.slice(0, Math.min(5, Math.ceil(ranked.length / 2)));
  const bottom = ranked.slice(top.length).slice(-5).reverse();
  const rankColumns = [
    { title: '单位', dataIndex: ['unit', 'name'], ellipsis: true, render: (n: string, u: UnitScore) => <Link to={`/tickets${query({ unitId: u.unit.id, ...inPeriod })}`}>{n}</Link> },
    { title: '受理', dataIndex: 'received', width: 56, align: 'right' as const },
    { title: '得分', dataIndex: 'score', width: 64, align: 'right' as const, render: (s: number) => s.toFixed(1) },
  ];

  const stat = (title: string, value: number | undefined, filter: Record<string, string>, color?: string) => (
    <Card size="small" hoverable onClick={() => open(filter)} style={{ cursor: 'pointer' }}>
      <Statistic title={title} value={value ?? '—'} styles={{ content: color && value ? { color } : {} }} />
    </Card>
  );
  const today = data?.today.day ?? dayjs().format(DAY);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <AlertsBanner />
      <Row gutter={12}>
        <Col span={4}>{stat('今日受理', data?.today.received, { from: today, to: today })}</Col>
        <Col span={4}>{stat('今日派单', data?.today.dispatched, { from: today, to: today, status: 'dispatched,handling,reviewing,visiting,redo,closed,archived' })}</Col>
        <Col span={4}>{stat('在办', data?.now.open, { status: OPEN })}</Col>
        <Col span={4}>{stat('超期', data?.now.overdue, { overdue: 'true' }, '#cf1322')}</Col>
        <Col span={4}>{stat('临期', data?.now.dueSoon, { dueSoon: 'true' }, '#d46b08')}</Col>
        <Col span={4}>
          <Card size="small">
            <Typography.Text type="secondary">今日渠道</Typography.Text>
            <div style={{ marginTop: 6, minHeight: 38 }}>
              {(data?.today.byChannel ?? []).map((c) => (
                <Link key={c.key} to={`/tickets${query({ from: today, to: today, channel: c.key })}`} style={{ marginRight: 8, whiteSpace: 'nowrap' }}>
                  {CHANNEL_LABELS[c.key as Channel] ?? c.key} {c.count}
                </Link>
              ))}
              {data && !data.today.byChannel.length && <Typography.Text type="secondary">今日暂无</Typography.Text>}
            </div>
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title="受理与办结趋势"
        extra={
          <Space>
            <DatePicker.RangePicker
              aria-label="统计期间"
              allowClear={false}
              value={[from, to]}
              presets={[
                { label: '近 30 天', value: [dayjs().subtract(29, 'day'), dayjs()] },
                { label: '近 90 天', value: [dayjs().subtract(89, 'day'), dayjs()] },
                { label: '本年', value: [dayjs().startOf('year'), dayjs()] },
              ]}
              onChange={(v) => v?.[0] && v[1] && set({ from: (v[0] as Dayjs).format(DAY), to: (v[1] as Dayjs).format(DAY) })}
            />
            <Segmented aria-label="粒度" value={granularity} onChange={(v) => set({ granularity: String(v) })} options={[{ value: 'day', label: '日' }, { value: 'week', label: '周' }, { value: 'month', label: '月' }]} />
          </Space>
        }
      >
        <Chart label="受理与办结趋势" option={trend} height={220} onPick={(start) => open({ from: bucketStart(start), to: bucketEnd(start) })} />
      </Card>
      <Row gutter={12}>
        <Col span={8}>
          <Card size="small" title="按诉求类型">
            <Chart label="按诉求类型的受理量" option={bar(data?.byType ?? [], (k) => TICKET_TYPE_LABELS[k as TicketType] ?? k)} onPick={(name) => open({ ...inPeriod, type: data!.byType.find((r) => (TICKET_TYPE_LABELS[r.key as TicketType] ?? r.key) === name)!.key })} />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title="按受理渠道">
            <Chart label="按渠道的受理量" option={bar(data?.byChannel ?? [], (k) => CHANNEL_LABELS[k as Channel] ?? k)} onPick={(name) => open({ ...inPeriod, channel: data!.byChannel.find((r) => (CHANNEL_LABELS[r.key as Channel] ?? r.key) === name)!.key })} />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title="按区县（主办单位所在）">
            <Chart
              label="按区县的受理量"
              option={bar(data?.byDistrict ?? [], (k) => k || '未派单')}
              onPick={(name) => {
                const d = data!.byDistrict.find((r) => (r.key || '未派单') === name);
                if (d?.unitId) open({ ...inPeriod, unit: d.unitId });
              }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={14}>
          <Card size="small" title="诉求分类 Top 12">
            <Chart label="按分类的受理量" height={300} option={bar(data?.byCategory ?? [], (k) => k || '未分类', true)} onPick={(name) => name !== '未分类' && open({ ...inPeriod, category: name })} />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title="单位综合得分（期间）" extra={<Link to={`/evaluation${query({ from: f, to: t })}`}>考核排名</Link>}>
            <Row gutter={8}>
              <Col span={12}>
                <Typography.Text strong>前五</Typography.Text>
                <Table<UnitScore> size="small" rowKey={(u) => u.unit.id} pagination={false} columns={rankColumns} dataSource={top} />
              </Col>
              <Col span={12}>
                <Typography.Text strong>后五</Typography.Text>
                <Table<UnitScore> size="small" rowKey={(u) => u.unit.id} pagination={false} columns={rankColumns} dataSource={bottom} />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <CallStats from={f} to={t} />
      <HotIssues from={f} to={t} />
      <SimilarClusters from={f} to={t} />
    </Space>
  );
}
