import { AimOutlined } from '@ant-design/icons';
import { Button, Empty, List, Progress, Space, Tag, Typography } from 'antd';
import type { Suggestions, UnitSuggestion } from '../types.ts';
import { confidencePercent } from './confidence.ts';

const REASON_COLORS: Record<UnitSuggestion['reasons'][number]['kind'], string> = {
  territory: 'green',
  responsibility: 'blue',
  routing: 'geekblue',
  classifier: 'purple',
  emergency: 'red',
};

/**
 * The top suggested units with the reasons behind each (属地, 职责, 派单目录, 智能分类), and a button
 * per unit: one click (or Tab + Enter) takes it.
 */
export function SuggestionList({ data, pickLabel, onPick, busy }: { data: Suggestions; pickLabel: string; onPick: (s: UnitSuggestion) => void; busy?: boolean }) {
  const c = data.classification;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small">
      <Space wrap size={4}>
        <Typography.Text type="secondary">地点：</Typography.Text>
        {data.place ? <Tag color="green">{data.place.name}</Tag> : <Tag>未识别</Tag>}
        {c && (
          <>
            <Typography.Text type="secondary">智能分类：</Typography.Text>
            <Tag color="purple">
              {c.category} {confidencePercent(c.confidence)}
            </Tag>
          </>
        )}
      </Space>
      {data.suggestions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无建议：请补充地址或分类" />
      ) : (
        <List
          size="small"
          dataSource={data.suggestions}
          renderItem={(s, i) => (
            <List.Item
              actions={[
                <Button key="pick" size="small" type={i === 0 ? 'primary' : 'default'} icon={<AimOutlined />} loading={busy} onClick={() => onPick(s)} aria-label={`${pickLabel}：${s.unitName}`}>
                  {pickLabel}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={6}>
                    <Typography.Text strong>
                      {i + 1}. {s.unitName}
                    </Typography.Text>
                    <Progress percent={Math.round(s.score * 100)} size="small" steps={5} showInfo={false} aria-label={`匹配度 ${Math.round(s.score * 100)}%`} />
                  </Space>
                }
                description={
                  <Space wrap size={[4, 4]}>
                    {s.reasons.map((r) => (
                      <Tag key={r.text} color={REASON_COLORS[r.kind]} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                        {r.text}
                      </Tag>
                    ))}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
