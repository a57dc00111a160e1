import { App, Button, Card, Empty, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { STATE_COLORS } from './types.ts';

interface StaleEntry {
  id: string;
  title: string;
  state: string;
  expiresOn: string | null;
  updatedAt: string;
  uses: { used: number; helpful: number; unhelpful: number };
  reasons: string[];
  reviewedAt: string | null;
}
interface StaleUnit {
  unit: { id: string; name: string };
  counts: Record<string, number>;
  entries: StaleEntry[];
}

const REASONS: Record<string, { label: string; color: string }> = {
  expired: { label: '已过期', color: 'red' },
  expiring: { label: '30 天内到期', color: 'orange' },
  not_updated: { label: '长期未修订', color: 'gold' },
  unhelpful: { label: '无用多于有用', color: 'volcano' },
};
const STATE_LABELS: Record<string, string> = { published: '已发布', expired: '已过期' };

/**
 * 待更新 (凉山 第二十二条: 知识库更新不及时的督办): each unit's entries that are expired, about to expire,
 * long unrevised or more often unhelpful. An editor opens one to revise it, or confirms that it is
 * still right (确认已核对) — a date that runs out always needs a revision.
 */
export function StaleTab({ version, onOpen, onChanged }: { version: number; onOpen: (id: string) => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [report, setReport] = useState<{ asOf: string; notUpdatedDays: number; units: StaleUnit[] } | null>(null);
  const load = useCallback(() => void api.get<{ asOf: string; notUpdatedDays: number; units: StaleUnit[] }>('/api/kb/reports/stale').then(setReport).catch(showError), []);
  useEffect(load, [load, version]);
  const reviewed = async (e: StaleEntry) => {
    try {
      await api.post(`/api/kb/entries/${e.id}/mark-reviewed`);
      message.success(`已确认「${e.title}」内容仍然准确`);
      load();
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  if (!report) return <Spin />;
  if (!report.units.length) return <Empty description="没有需要更新的知识条目" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        截至 {report.asOf}：已过期、30 天内到期、{report.notUpdatedDays} 天未修订或无用多于有用的条目，按维护单位列出。
      </Typography.Text>
      {report.units.map((u) => (
        <Card
          key={u.unit.id}
          size="small"
          title={u.unit.name}
          extra={
            <Space size={4} wrap>
              {Object.entries(u.counts)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => (
                  <Tag key={k} color={REASONS[k]?.color}>
                    {REASONS[k]?.label ?? k} {n}
                  </Tag>
                ))}
            </Space>
          }
        >
          <Table<StaleEntry>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={u.entries}
            columns={[
              { title: '标题', dataIndex: 'title', ellipsis: true, render: (t: string, e) => <a onClick={() => onOpen(e.id)}>{t}</a> },
              { title: '状态', dataIndex: 'state', width: 80, render: (s: string) => <Tag color={STATE_COLORS[s]}>{STATE_LABELS[s] ?? s}</Tag> },
              { title: '原因', dataIndex: 'reasons', width: 210, render: (rs: string[]) => rs.map((r) => <Tag key={r} color={REASONS[r]?.color}>{REASONS[r]?.label ?? r}</Tag>) },
              { title: '失效日期', dataIndex: 'expiresOn', width: 100, render: (d: string | null) => d ?? '长期' },
              { title: '最近修订', dataIndex: 'updatedAt', width: 100, render: (d: string) => d.slice(0, 10) },
              { title: '有用 / 无用', key: 'uses', width: 90, render: (_: unknown, e) => `${e.uses.helpful} / ${e.uses.unhelpful}` },
              {
                title: '操作',
                key: 'act',
                width: 170,
                render: (_: unknown, e) => (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => onOpen(e.id)}>
                      修订
                    </Button>
                    {e.state === 'published' && !e.reasons.some((r) => r === 'expired' || r === 'expiring') && (
                      <Popconfirm title="确认已核对？" description="条目内容仍然准确，不需修改。" okText="确认" onConfirm={() => reviewed(e)}>
                        <Button type="link" size="small">
                          确认已核对
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}
