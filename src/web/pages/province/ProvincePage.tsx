import { Alert, Card, Col, DatePicker, Empty, List, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, query } from '../../api.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';

type Rate = number | null;
type Count = { key: string; count: number };
interface Rates {
  onTimeRate: Rate;
  satisfactionRate: Rate;
  resolutionRate: Rate;
  responseRate: Rate;
  visitRate: Rate;
}
interface Tickets {
  received: number;
  closed: number;
  visited: number;
  unreachable: number;
}
interface Hot {
  category: string;
  place: string | null;
  count: number;
  previous: number;
  significant: boolean;
}
interface City {
  id: string;
  name: string;
  configured: boolean;
  report: null | {
    through: string;
    complete: boolean;
    generatedAt: string;
    receivedAt: string;
    tickets: Tickets;
    shares: { overdue: number; received: number };
    rates: Rates;
    byCategory: Count[];
    hot: Hot[];
  };
}
interface Comparison {
  month: string;
  months: string[];
  indicators: Array<{ key: string; label: string; formula: string; basis: string }>;
  cities: City[];
  total: { reported: number; tickets: Tickets; shares: { overdue: number }; rates: Rates };
}

const MONTH = 'YYYY-MM';
const pct = (r: Rate) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));
const short = (name: string) => name.replace(/\s*12345\s*平台$/, '');
const when = (s: string) => s.slice(5, 16).replace('T', ' ');
const RATES: Array<{ key: keyof Rates; label: string }> = [
  { key: 'onTimeRate', label: '按时办结率' },
  { key: 'satisfactionRate', label: '满意率' },
  { key: 'resolutionRate', label: '解决率' },
  { key: 'visitRate', label: '回访率' },
  { key: 'responseRate', label: '响应率' },
];

/** One row of the table: a city, or the province's total (id ''). */
interface Row {
  id: string;
  name: string;
  report: City['report'];
  total?: Comparison['total'];
}

/**
 * 全省对比 (四川 (sichuan-2021) 二 打通省、市数据通道; 六（二） 对问题解决率、企业群众满意率等指标进行综合分析评价): on a
 * province's platform, each city's month side by side — volume, the rates, the hot issues — as the cities
 * reported them (EXCHANGE_PEERS level city); the total from the cities' counts. No caller's data is here:
 * the cities send counts only.
 */
export function ProvincePage() {
  const [params, setParams] = useSearchParams();
  const month = dayjs(params.get('month') ?? '', MONTH, true).isValid() ? dayjs(params.get('month'), MONTH) : dayjs();
  const m = month.format(MONTH);
  const [data, setData] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<Comparison>(`/api/analytics/province${query({ month: m })}`)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : '全省对比加载失败'));
  }, [m]);

  const formula = (key: string) => data?.indicators.find((i) => i.key === key);
  const head = (key: string, label: string) => {
    const i = formula(key);
    return i ? <Tooltip title={`${i.formula}（${i.basis}）`}>{label}</Tooltip> : label;
  };
  const reported = (data?.cities ?? []).filter((c) => c.report);
  const rows: Row[] = [...(data?.cities ?? []).map((c) => ({ id: c.id, name: c.name, report: c.report })), ...(data && reported.length > 1 ? [{ id: '', name: '全省合计', report: null, total: data.total }] : [])];
  // the weakest city of each rate stands out (of those that reported it)
  const weakest = (key: keyof Rates) => {
    const values = reported.map((c) => c.report!.rates[key]).filter((v): v is number => v !== null);
    return values.length > 1 ? Math.min(...values) : null;
  };

  // a matter rising in several cities at once is the province's to look at
  const shared = useMemo(() => {
    const by = new Map<string, string[]>();
    for (const c of data?.cities ?? []) for (const h of c.report?.hot ?? []) if (!(by.get(h.category) ?? []).includes(short(c.name))) by.set(h.category, [...(by.get(h.category) ?? []), short(c.name)]);
    return [...by.entries()].filter(([, cities]) => cities.length > 1).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'zh-CN'));
  }, [data]);

  const chart = useMemo<ChartOption>(() => {
    const reported = (data?.cities ?? []).filter((c) => c.report);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 44, right: 16, top: 36, bottom: reported.length > 8 ? 48 : 28 },
      xAxis: { type: 'category', data: reported.map((c) => short(c.name)), axisLabel: { interval: 0, rotate: reported.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: RATES.slice(0, 4).map((r) => ({ name: r.label, type: 'bar', barMaxWidth: 24, data: reported.map((c) => (c.report!.rates[r.key] === null ? null : Math.round(c.report!.rates[r.key]! * 1000) / 10)) })),
    };
  }, [data]);

  const figure = (r: Row, get: (t: Tickets, overdue: number) => number) => {
    const t = r.total?.tickets ?? r.report?.tickets;
    const overdue = r.total?.shares.overdue ?? r.report?.shares.overdue ?? 0;
    return t ? get(t, overdue) : null;
  };
  const columns = [
    {
      title: '市（州）',
      dataIndex: 'name',
      width: 170,
      fixed: 'left' as const,
      ellipsis: true,
      render: (n: string, r: Row) => (r.total ? <Typography.Text strong>{n}</Typography.Text> : n),
    },
    { title: head('received', '受理量'), width: 84, align: 'right' as const, render: (_: unknown, r: Row) => num(figure(r, (t) => t.received)) },
    { title: head('closed', '办结量'), width: 84, align: 'right' as const, render: (_: unknown, r: Row) => num(figure(r, (t) => t.closed)) },
    ...RATES.map((x) => ({
      title: head(x.key, x.label),
      width: 96,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const v = (r.total?.rates ?? r.report?.rates)?.[x.key] ?? null;
        const weak = !r.total && v !== null && v === weakest(x.key);
        return <span style={{ color: weak ? '#d46b08' : undefined, fontWeight: r.total ? 600 : undefined }}>{pct(v)}</span>;
      },
    })),
    { title: head('overdue', '超期件数'), width: 84, align: 'right' as const, render: (_: unknown, r: Row) => num(figure(r, (_t, o) => o)) },
    {
      title: '数据截至',
      width: 150,
      render: (_: unknown, r: Row) =>
        r.total ? `${r.total.reported} 个市（州）已上报` : r.report ? (
          <Tooltip title={`统计至 ${r.report.through}，生成于 ${when(r.report.generatedAt)}，收到于 ${when(r.report.receivedAt)}`}>
            {r.report.complete ? <Tag color="green">月度终版</Tag> : <span>截至 {when(r.report.generatedAt)}</span>}
          </Tooltip>
        ) : (
          <Tag>未上报</Tag>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Card
        size="small"
        title="全省对比"
        extra={
          <Space>
            <Typography.Text type="secondary">各市（州）上报的汇总指标，不含来电人信息；<span style={{ color: '#d46b08' }}>橙色</span>为该项最低</Typography.Text>
            <DatePicker
              picker="month"
              aria-label="统计月份"
              allowClear={false}
              value={month}
              disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'month')}
              onChange={(v) => v && setParams({ month: (v as Dayjs).format(MONTH) })}
            />
          </Space>
        }
      >
        <Row gutter={12} style={{ marginBottom: 12 }}>
          <Col span={4}><Statistic title="全省受理量" value={data?.total.tickets.received ?? '—'} /></Col>
          <Col span={4}><Statistic title="全省办结量" value={data?.total.tickets.closed ?? '—'} /></Col>
          <Col span={4}><Statistic title="按时办结率" value={pct(data?.total.rates.onTimeRate ?? null)} /></Col>
          <Col span={4}><Statistic title="满意率" value={pct(data?.total.rates.satisfactionRate ?? null)} /></Col>
          <Col span={4}><Statistic title="回访率" value={pct(data?.total.rates.visitRate ?? null)} /></Col>
          <Col span={4}><Statistic title="已上报" value={data ? `${data.total.reported} / ${data.cities.length}` : '—'} suffix="个市（州）" /></Col>
        </Row>
        <Table<Row>
          size="small"
          rowKey="id"
          loading={!data && !error}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="province-cities"
          locale={{ emptyText: <Empty description="本平台未配置下级市（州）平台（EXCHANGE_PEERS 中 level 为 city）" /> }}
          rowClassName={(r) => (r.total ? 'province-total' : '')}
          columns={columns}
        />
      </Card>
      {reported.length > 0 && (
        <Card size="small" title="主要指标对比">
          <Chart label="各市（州）按时办结率、满意率、解决率、回访率对比" option={chart} height={240} />
        </Card>
      )}
      {reported.length > 0 && (
        <Card size="small" title="各市（州）热点诉求" extra={<Typography.Text type="secondary">较上期上升的“分类 × 街道（乡镇）”，最可能非偶然的在前</Typography.Text>}>
          {shared.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`多个市（州）同时上升：${shared.map(([category, cities]) => `${category}（${cities.join('、')}）`).join('；')}`}
            />
          )}
          <Row gutter={[12, 12]}>
            {reported.map((c) => (
              <Col key={c.id} xs={24} md={12} xl={6}>
                <Card size="small" type="inner" title={short(c.name)}>
                  <List<Hot>
                    size="small"
                    dataSource={c.report!.hot.slice(0, 5)}
                    locale={{ emptyText: '本月暂无上升明显的热点' }}
                    renderItem={(h) => (
                      <List.Item>
                        <div style={{ display: 'flex', width: '100%', gap: 8, alignItems: 'center' }}>
                          <div style={{ flex: 1, minWidth: 0 }}>
                            <Typography.Text ellipsis={{ tooltip: h.category }} style={{ display: 'block' }}>
                              {h.category}
                            </Typography.Text>
                            <Typography.Text type="secondary" ellipsis={{ tooltip: h.place ?? '地点不详' }} style={{ display: 'block', fontSize: 12 }}>
                              {h.significant && <Tag color="red" style={{ fontSize: 11, lineHeight: '16px', paddingInline: 4, marginInlineEnd: 4 }}>显著上升</Tag>}
                              {h.place ?? '地点不详'}
                            </Typography.Text>
                          </div>
                          <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                            <Typography.Text strong style={{ display: 'block' }}>{h.count} 件</Typography.Text>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>上期 {h.previous}</Typography.Text>
                          </div>
                        </div>
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
            ))}
          </Row>
        </Card>
      )}
    </Space>
  );
}
