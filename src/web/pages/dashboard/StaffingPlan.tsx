import { Alert, DatePicker, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { PlanSlot } from '../../../core/staffing/plan.ts';
import { api, query } from '../../api.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';

interface Slot extends PlanSlot {
  actual: { offered: number; answered: number; abandoned: number; answerRate: number | null; answerRate15: number | null } | null;
  actualAgentsNeeded: number | null;
  agentsAnswering: number | null;
}
interface Plan {
  // the server's answer (src/server/telephony/staffing.ts)
  date: string;
  weekday: string;
  weeks: number;
  forecastFrom: string[];
  targets: { serviceLevel: number; answerWithinSeconds: number; answerRate: number; basis: string };
  basis: { talkSeconds: number; afterCallSeconds: number; ahtSeconds: number; patienceSeconds: number; measured: { talk: boolean; afterCall: boolean; patience: boolean } };
  rosterBasis: string | null;
  total: { forecastCalls: number; peakAgentsNeeded: number; shortHalfHours: number; actual: { offered: number; answered: number; answerRate: number | null } | null; actualPeakAgentsNeeded: number | null; actualShortHalfHours: number | null };
  slots: Slot[];
}

const DAY = 'YYYY-MM-DD';
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const dash = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v);
const short = (n: number) => (n ? <Tag color="red">{n} 个半小时</Tag> : '无');
const assumed = (measured: boolean) => (measured ? '' : '（假定）');

/**
 * 坐席测算 (issue 14 item 5), inside the 话务统计 card: for a day, the calls each half-hour is forecast
 * to bring, the agents it needs for 80 % answered within 15 s and a 接通率 of 95 % (凉山 第十条), the
 * people the 值班表 has at the hotline, and — for a day that has had calls — what came and was answered.
 */
export function StaffingPlan({ initialDay }: { initialDay: string }) {
  const [day, setDay] = useState(initialDay);
  const [weeks, setWeeks] = useState(4);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDay(initialDay), [initialDay]);
  useEffect(() => {
    api
      .get<Plan>(`/api/telephony/staffing${query({ date: day, weeks: String(weeks) })}`)
      .then((p) => {
        setPlan(p);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [day, weeks]);

  const controls = (
    <Space size={8} wrap>
      <span>测算日期</span>
      <DatePicker size="small" allowClear={false} value={dayjs(day, DAY)} onChange={(d) => d && setDay(d.format(DAY))} aria-label="测算日期" />
      <span>依据</span>
      <Select size="small" value={weeks} onChange={setWeeks} style={{ width: 120 }} options={[2, 4, 8, 12].map((w) => ({ value: w, label: `近 ${w} 周同星期` }))} aria-label="预测依据" />
    </Space>
  );
  if (error) return <Space direction="vertical" style={{ width: '100%' }}>{controls}<Alert type="error" showIcon message={error} /></Space>;
  if (!plan) return controls;

  const { basis, total, targets } = plan;
  const actual = total.actual;
  const rows = plan.slots.filter((s) => s.forecastCalls > 0 || (s.actual?.offered ?? 0) > 0 || (s.scheduled ?? 0) > 0);
  const chart: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 36, right: 36, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: plan.slots.map((s) => s.time), axisLabel: { interval: 3 } },
    yAxis: [
      { type: 'value', name: '坐席', minInterval: 1 },
      { type: 'value', name: '来电', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: '预测所需坐席', data: plan.slots.map((s) => s.agentsNeeded), itemStyle: { color: '#1677ff' }, barMaxWidth: 10 },
      ...(actual ? [{ type: 'bar', name: '按实际所需', data: plan.slots.map((s) => s.actualAgentsNeeded), itemStyle: { color: '#13c2c2' }, barMaxWidth: 10 }] : []),
      ...(plan.rosterBasis ? [{ type: 'line', name: '排班坐席', step: 'middle', symbol: 'none', data: plan.slots.map((s) => s.scheduled), itemStyle: { color: '#fa8c16' } }] : []),
      { type: 'line', name: '预测呼入', yAxisIndex: 1, smooth: true, symbol: 'none', data: plan.slots.map((s) => s.forecastCalls), itemStyle: { color: '#8c8c8c' }, lineStyle: { type: 'dashed' } },
      ...(actual ? [{ type: 'line', name: '实际呼入', yAxisIndex: 1, symbol: 'none', data: plan.slots.map((s) => s.actual?.offered ?? 0), itemStyle: { color: '#389e0d' } }] : []),
    ],
  };
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="staffing-plan">
      {controls}
      <Descriptions size="small" column={4} bordered>
        <Descriptions.Item label={`${plan.date} ${plan.weekday} 预测呼入`}>{plan.forecastFrom.length ? `${total.forecastCalls} 通` : '无同星期的话务历史'}</Descriptions.Item>
        <Descriptions.Item label="高峰所需坐席">
          预测 {total.peakAgentsNeeded} 席{actual ? `；按实际 ${total.actualPeakAgentsNeeded} 席` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="排班不足的时段">
          {plan.rosterBasis ? (
            <span>
              预测 {short(total.shortHalfHours)}
              {actual && <>；按实际 {short(total.actualShortHalfHours ?? 0)}</>}
            </span>
          ) : (
            '值班表无当日热线排班'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="当日实际">
          {actual ? (
            <span>
              呼入 {actual.offered}，接通率 <span style={{ color: (actual.answerRate ?? 0) < targets.answerRate ? '#cf1322' : '#389e0d' }} data-testid="staffing-answer-rate">{pct(actual.answerRate)}</span>
            </span>
          ) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        目标：{targets.basis}。所需坐席取 Erlang C（15 秒接通）与 Erlang A（计入放弃，接通率）两者较大值；平均处理时长 {basis.ahtSeconds} 秒（通话 {basis.talkSeconds} 秒{assumed(basis.measured.talk)} + 话后处理 {basis.afterCallSeconds} 秒{assumed(basis.measured.afterCall)}），来电人平均耐心 {basis.patienceSeconds} 秒{assumed(basis.measured.patience)}；
        预测为 {plan.forecastFrom.length ? plan.forecastFrom.join('、') : `近 ${plan.weeks} 周同星期（无记录）`} 同一时段的平均值。{plan.rosterBasis ? `排班：${plan.rosterBasis}。` : ''}
      </Typography.Text>
      <Chart label={`${plan.date} 各时段所需坐席与排班`} height={220} option={chart} />
      <Table<Slot>
        size="small"
        rowKey="time"
        pagination={false}
        // the whole day in one scroll, the morning peak in reach without paging
        scroll={{ y: 330 }}
        dataSource={rows}
        locale={{ emptyText: '当日无预测来电、实际来电或排班' }}
        columns={[
          { title: '时段', dataIndex: 'time' },
          { title: '预测呼入', dataIndex: 'forecastCalls', align: 'right' },
          { title: '15 秒接通 80%', dataIndex: 'agentsForServiceLevel', align: 'right' },
          { title: '接通率 95%', dataIndex: 'agentsForAnswerRate', align: 'right' },
          { title: '所需坐席', dataIndex: 'agentsNeeded', align: 'right', render: (v: number) => <b>{v}</b> },
          { title: '排班坐席', dataIndex: 'scheduled', align: 'right', render: dash },
          { title: '缺口', dataIndex: 'gap', align: 'right', render: (v: number | null) => (v === null ? '—' : v < 0 ? <Tag color="red">{v}</Tag> : `+${v}`) },
          { title: '实际呼入', key: 'offered', align: 'right', render: (_: unknown, s) => dash(s.actual?.offered) },
          {
            title: '实际接通率',
            key: 'rate',
            align: 'right',
            render: (_: unknown, s) => (s.actual?.answerRate != null && s.actual.answerRate < targets.answerRate ? <Tag color="red">{pct(s.actual.answerRate)}</Tag> : pct(s.actual?.answerRate)),
          },
          { title: '按实际所需', dataIndex: 'actualAgentsNeeded', align: 'right', render: dash },
          { title: '接听坐席', dataIndex: 'agentsAnswering', align: 'right', render: dash },
        ]}
      />
    </Space>
  );
}
