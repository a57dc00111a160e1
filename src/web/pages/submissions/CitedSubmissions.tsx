import { Card, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';

interface Cited {
  id: string;
  kindLabel: string;
  title: string;
  unitName: string;
  /** Whether this user may open the full text (the center, the submitting unit). */
  opens: boolean;
}

/** The units' submissions a 通报 cites (邵阳 第六条（六） 工作动态、典型案例、情况分析). */
export function CitedSubmissions({ bulletinId }: { bulletinId: string }) {
  const [items, setItems] = useState<Cited[]>([]);
  useEffect(() => void api.get<Cited[]>(`/api/bulletins/${bulletinId}/submissions`).then(setItems).catch(() => setItems([])), [bulletinId]);
  if (!items.length) return null;
  return (
    <Card size="small" title="引用的报送材料" data-testid="cited-submissions">
      <List
        size="small"
        dataSource={items}
        renderItem={(s) => (
          <List.Item>
            <span>
              <Tag>{s.kindLabel}</Tag>
              {s.opens ? <Link to={`/submissions?open=${s.id}`}>{s.title}</Link> : s.title}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{s.unitName}</Typography.Text>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}
