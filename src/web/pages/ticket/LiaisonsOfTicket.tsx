import { Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { phones } from '../liaisons/LiaisonsCard.tsx';
import type { Liaison } from '../liaisons/types.ts';

interface Answer {
  units: Array<{ unitId: string; unitName: string; missing: boolean; items: Liaison[] }>;
}

/** 该找谁: the liaison of each unit holding a share of the ticket (大足 第四条（二） 热线联络员), for the center. */
export function LiaisonsOfTicket({ unitIds }: { unitIds: string[] }) {
  const [data, setData] = useState<Answer | null>(null);
  const key = [...new Set(unitIds)].slice(0, 20).join(',');
  useEffect(() => {
    if (!key) return;
    // a card beside the ticket: if it cannot load, the ticket still shows
    void api.get<Answer>(`/api/liaisons?units=${key}`).then(setData).catch(() => setData(null));
  }, [key]);
  if (!key || !data) return null;
  return (
    <Card size="small" title="承办单位联络员" data-testid="ticket-liaisons">
      <List
        size="small"
        dataSource={data.units}
        renderItem={(u) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>{u.unitName}</Typography.Text>
              {u.missing && <Tag color="orange">未设热线联络员</Tag>}
              {u.items
                .filter((l) => l.role !== 'onsite')
                .map((l) => (
                  <div key={l.id}>
                    <Tag color={l.role === 'liaison' ? 'blue' : 'cyan'}>{l.roleLabel}</Tag>
                    {l.name}
                    {l.title && <Typography.Text type="secondary"> {l.title}</Typography.Text>}：{phones(l)}
                  </div>
                ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
