import { Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { CallFigures } from '../../../core/telephony/call-stats.ts';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { download } from '../../download.ts';
import { StaffingPlan } from './StaffingPlan.tsx';

interface Stats {
  // the server's figures (src/server/telephony/stats.ts), as core defines them
  total: CallFigures;
  groups: Array<{ key: string } & CallFigures>;
  target: { answerRate: number; basis: string };
  /** By number dialled: the directory's name of each number (系统管理 · 热线号码). */
  names?: Record<string, string>;
}

const BY = [
  { value: 'day', label: '按日' },
  { value: 'month', label: '按月' },
  { value: 'halfhour', label: '按半小时' },
  { value: 'queue', label: '按队列' },
  { value: 'agent', label: '按坐席' },
  { value: 'dialled', label: '按拨打号码' },
  // the staffing plan for a day, by half-hour (StaffingPlan.tsx)
  { value: 'staffing', label: '坐席测算' },
];
const KEY_TITLE: Record<string, string> = { day: '日期', month: '月份', halfhour: '时段', queue: '队列', agent: '坐席', dialled: '拨打号码' };
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const secs = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} 秒`);

/**
 * 话务统计 (issue 14 item 4) beside the tickets' figures: 话务量, 接通率 against 凉山 第十条's 95 %,
 * 15 秒接通率 (GB/T 33358-2016), average wait and talk, grouped as the leader asks. Hidden where the
 * user may not read call records or no call came in the period.
 */
export function CallStats({ from, to }: { from: string; to: string }) {
  const [by, setBy] = useState('day');
  const [data, setData] = useState<Stats | null>(null);
  // 坐席测算 reads its own figures; the totals above it are the period's by day
  const statsBy = by === 'staffing' ? 'day' : by;
  useEffect(() => {
    api
      .get<Stats>(`/api/telephony/stats${query({ from, to, by: statsBy })}`)
      .then(setData)
      .catch(() => setData(null));
  }, [from, to, statsBy]);
  if (!data || data.total.offered === 0) return null;
  const { total, target } = data;
  const below = total.answerRate !== null && total.answerRate < target.answerRate;
  return (
    <Card size="small" title="话务统计" data-testid="call-stats" extra={
        <Space size={8}>
          <Segmented size="small" options={BY} value={by} onChange={(v) => setBy(String(v))} />
          <Button size="small" onClick={() => download(`/api/telephony/stats.xlsx${query({ from, to, by: statsBy })}`, '话务统计.xlsx').catch(showError)}>
            导出
          </Button>
        </Space>
      }>
      <Row gutter={12} style={{ marginBottom: 8 }}>
        <Col span={3}>
          <Statistic title="呼入量" value={total.offered} />
        </Col>
        <Col span={3}>
          <Statistic title="接通" value={total.answered} />
        </Col>
        <Col span={3}>
          <Statistic title="放弃" value={total.abandoned} />
        </Col>
        <Col span={4}>
          <Statistic title="接通率" value={pct(total.answerRate)} styles={{ content: { color: below ? '#cf1322' : '#389e0d' } }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {target.basis}
          </Typography.Text>
        </Col>
        <Col span={4}>
          <Statistic title="15 秒接通率" value={pct(total.answerRate15)} />
        </Col>
        <Col span={3}>
          <Statistic title="平均等待" value={secs(total.avgWaitSeconds)} />
        </Col>
        <Col span={4}>
          <Statistic title="平均通话" value={secs(total.avgTalkSeconds)} />
        </Col>
      </Row>
      {by === 'staffing' ? (
        <StaffingPlan initialDay={to} />
      ) : (
      <Table
        size="small"
        rowKey="key"
        pagination={data.groups.length > 12 ? { pageSize: 12, size: 'small' } : false}
        dataSource={data.groups}
        columns={[
          { title: KEY_TITLE[by], dataIndex: 'key', render: (k: string) => (k ? (data.names?.[k] ? `${k} ${data.names[k]}` : k) : '（未知）') },
          { title: '呼入量', dataIndex: 'offered', align: 'right' },
          { title: '接通', dataIndex: 'answered', align: 'right' },
          { title: '放弃', dataIndex: 'abandoned', align: 'right' },
          {
            title: '接通率',
            dataIndex: 'answerRate',
            align: 'right',
            render: (v: number | null) => (v !== null && v < target.answerRate ? <Tag color="red">{pct(v)}</Tag> : pct(v)),
          },
          { title: '15 秒接通率', dataIndex: 'answerRate15', align: 'right', render: pct },
          { title: '平均等待', dataIndex: 'avgWaitSeconds', align: 'right', render: secs },
          { title: '平均通话', dataIndex: 'avgTalkSeconds', align: 'right', render: secs },
        ]}
      />
      )}
    </Card>
  );
}
