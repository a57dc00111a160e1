import { Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import type { Hotline } from '../admin/HotlinesAdmin.tsx';
import type { Expert } from '../experts/ExpertsPage.tsx';

const KIND_COLORS: Record<string, string> = { subcentre: 'purple', merged: 'cyan', parallel: 'blue', emergency: 'red' };

/**
 * 专家与转接 at the desk, while the caller is on the line: the experts whose topics the request names
 * (those on duty first) to bring into a three-way call (大足 第四条（五）, 凉山 第七条（五）, 邵阳 第六条（五）),
 * and the sub-centres, merged hotlines and 110/119/120/122 to transfer to (凉山 第六条（一）, 邵阳 第七条),
 * each with its number and whether it answers now. What happened is recorded on the ticket
 * (转接与三方通话), once it is registered.
 */
export function ExpertsPanel({ text, onCount }: { text: string; onCount?: (n: number) => void }) {
  const [experts, setExperts] = useState<Expert[]>([]);
  const [lines, setLines] = useState<Hotline[]>([]);
  useEffect(() => {
    api.get<{ items: Hotline[] }>('/api/hotlines').then((r) => setLines(r.items.filter((h) => h.kind !== 'main'))).catch(() => setLines([]));
  }, []);
  useEffect(() => {
    // the request's words, once the agent pauses typing
    const t = setTimeout(() => {
      api
        .get<{ items: Expert[] }>(`/api/experts${query({ text: text.trim().slice(0, 2000) || undefined })}`)
        .then((r) => setExperts(r.items))
        .catch(() => setExperts([]));
    }, 400);
    return () => clearTimeout(t);
  }, [text]);
  const matched = experts.filter((e) => e.matched.length > 0);
  const onDuty = matched.filter((e) => e.onDutyNow).length;
  useEffect(() => onCount?.(onDuty), [onDuty, onCount]);
  const shown = text.trim() ? matched : experts;
  return (
    <div data-testid="desk-experts">
      <Typography.Text strong>专家座席{text.trim() ? '（按诉求内容匹配）' : ''}</Typography.Text>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.trim() ? '没有专业领域匹配的专家' : '尚无专家座席'} />
      ) : (
        <List<Expert>
          size="small"
          dataSource={shown.slice(0, 8)}
          renderItem={(e) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <span>
                  <Typography.Text strong>{e.name}</Typography.Text> <Typography.Text type="secondary">{e.unitName}</Typography.Text>{' '}
                  <Tag color={e.onDutyNow ? 'green' : 'default'}>{e.onDutyNow ? '在岗' : '不在岗'}</Tag>
                </span>
                <span>
                  {[e.extension && `分机 ${e.extension}`, e.phone].filter(Boolean).join(' / ')} · {e.hoursLabel}
                </span>
                <span>
                  {e.topics.map((t) => (
                    <Tag key={t} color={e.matched.includes(t) ? 'orange' : undefined}>
                      {t}
                    </Tag>
                  ))}
                </span>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
        分中心、并入热线与紧急热线
      </Typography.Text>
      <List<Hotline>
        size="small"
        dataSource={lines}
        locale={{ emptyText: '目录中没有可转接的号码' }}
        renderItem={(h) => (
          <List.Item>
            <span>
              <Tag color={KIND_COLORS[h.kind]}>{h.kindLabel}</Tag>
              <Typography.Text strong>{h.transferNumber ?? h.number}</Typography.Text> {h.name}
              {h.unitName ? `（${h.unitName}）` : ''} <Tag color={h.answersNow ? 'green' : 'default'}>{h.answersNow ? '服务中' : `非服务时间 · ${h.hoursLabel}`}</Tag>
            </span>
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        转接或三方通话后，登记工单并在工单页“转接与三方通话”中记录结果（接通、未接通、已解答、转办）；电话平台推送的转接自动记入。
      </Typography.Paragraph>
    </div>
  );
}
