import { Button, Empty, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { STATUS_COLORS } from '../../components/TicketTable.tsx';

export interface Lookup {
  phone: string;
  total: number;
  last30Days: number;
  flags: string[];
  tickets: Array<{ id: string; number: string; status: string; statusLabel: string; title: string | null; excerpt: string; createdAt: string }>;
}

/**
 * The caller's earlier tickets and flags (频繁来电 …), looked up as soon as the number is typed or
 * popped up with a call. During a call each ticket offers 关联本次来电 (a follow-up call, issue 14).
 */
export function CallerHistory({
  phone,
  onCount,
  onLinkCall,
  preloaded,
}: {
  phone: string;
  onCount?: (n: number) => void;
  onLinkCall?: ((ticket: { id: string; number: string }) => void) | undefined;
  /** The lookup that came with a screen pop, for its number: no second request. */
  preloaded?: Lookup | null | undefined;
}) {
  const [fetched, setData] = useState<Lookup | null>(null);
  const popped = preloaded?.phone === phone;
  useEffect(() => {
    if (!/^[0-9+-]{5,20}$/.test(phone)) {
      setData(null);
      return;
    }
    if (popped) return;
    api.get<Lookup>(`/api/callers/${encodeURIComponent(phone)}`).then(setData).catch(() => setData(null));
  }, [phone, popped]);
  // the pop's lookup shows in the same render as the number it came with
  const data = popped ? preloaded! : fetched;
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
          data-testid="caller-history"
          header={`共 ${data.total} 件，近 30 天 ${data.last30Days} 件`}
          dataSource={data.tickets.slice(0, 5)}
          renderItem={(t) => (
            <List.Item>
              <Link to={`/tickets/${t.id}`}>{t.number}</Link> <Tag color={STATUS_COLORS[t.status]}>{t.statusLabel}</Tag>
              <Typography.Text ellipsis style={{ maxWidth: onLinkCall ? 130 : 220 }}>{t.title ?? t.excerpt}</Typography.Text>
              {onLinkCall && (
                <Button size="small" type="link" onClick={() => onLinkCall(t)}>
                  关联本次来电
                </Button>
              )}
            </List.Item>
          )}
        />
      )}
    </>
  );
}
