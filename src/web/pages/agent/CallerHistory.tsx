import { Empty, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { STATUS_COLORS } from '../../components/TicketTable.tsx';

interface Lookup {
  total: number;
  last30Days: number;
  flags: string[];
  tickets: Array<{ id: string; number: string; status: string; statusLabel: string; title: string | null; excerpt: string; createdAt: string }>;
}

/** The caller's earlier tickets and flags (频繁来电 …), looked up as soon as the number is typed. */
export function CallerHistory({ phone, onCount }: { phone: string; onCount?: (n: number) => void }) {
  const [data, setData] = useState<Lookup | null>(null);
  useEffect(() => {
    if (!/^[0-9+-]{5,20}$/.test(phone)) {
      setData(null);
      return;
    }
    api.get<Lookup>(`/api/callers/${encodeURIComponent(phone)}`).then(setData).catch(() => setData(null));
  }, [phone]);
  const count = data?.total ?? 0;
  useEffect(() => onCount?.(count), [count, onCount]);
  return (
    <>
      {data?.flags.length ? <div style={{ marginBottom: 8 }}>{data.flags.map((f) => <Tag key={f} color="red">{f}</Tag>)}</div> : null}
      {!data ? (
        <Typography.Text type="secondary">输入来电号码后显示该号码的历史工单</Typography.Text>
      ) : data.total === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="首次来电" />
      ) : (
        <List
          size="small"
          header={`共 ${data.total} 件，近 30 天 ${data.last30Days} 件`}
          dataSource={data.tickets.slice(0, 5)}
          renderItem={(t) => (
            <List.Item>
              <Link to={`/tickets/${t.id}`}>{t.number}</Link> <Tag color={STATUS_COLORS[t.status]}>{t.statusLabel}</Tag>
              <Typography.Text ellipsis style={{ maxWidth: 220 }}>{t.title ?? t.excerpt}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
