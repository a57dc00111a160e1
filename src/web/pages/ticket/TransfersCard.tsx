import { App, Button, Card, List, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { TRANSFER_OUTCOME_LABELS, TRANSFER_OUTCOMES } from '../../../core/telephony/transfers.ts';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { TransferModal } from './TransferModal.tsx';

interface TransferItem {
  id: string;
  direction: 'out' | 'in';
  mode: string;
  targetKind: string;
  target: string | null;
  targetName: string | null;
  outcome: string | null;
  reference: string | null;
  note: string | null;
  source: 'desk' | 'telephony';
  at: string;
  recordedBy: string | null;
  summary: string;
}

interface Transfers {
  dialled: string | null;
  dialledName: string | null;
  items: TransferItem[];
  mayRecord: boolean;
}

const OUTCOME_COLORS: Record<string, string> = { connected: 'blue', not_connected: 'red', answered: 'green', handed_over: 'purple' };

/**
 * 转接与三方通话 of a ticket (重庆 第十二条（一）; 邵阳 第七条 110 联动): the number the caller dialled, each
 * transfer or three-way call with its outcome — recorded at the desk or reported by the telephone
 * platform, whose outcome the agent completes here. Hidden when there is nothing to show or record.
 */
export function TransfersCard({ ticketId, content, version }: { ticketId: string; content: string; version: string }) {
  const { message } = App.useApp();
  const [data, setData] = useState<Transfers | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => void api.get<Transfers>(`/api/tickets/${ticketId}/transfers`).then(setData).catch(() => setData(null)), [ticketId]);
  useEffect(load, [load, version]);
  if (!data || (!data.items.length && !data.mayRecord && !data.dialled)) return null;
  const setOutcome = async (id: string, outcome: string) => {
    try {
      await api.put(`/api/tickets/${ticketId}/transfers/${id}`, { outcome });
      void message.success('已补记转接结果');
      load();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card
      size="small"
      title="转接与三方通话"
      data-testid="ticket-transfers"
      extra={
        data.mayRecord && (
          <Button size="small" type="primary" onClick={() => setOpen(true)}>
            记录转接
          </Button>
        )
      }
    >
      {data.dialled && (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          来电拨打 <Tag color="blue">{data.dialled}</Tag>
          {data.dialledName}
        </Typography.Paragraph>
      )}
      <List<TransferItem>
        size="small"
        dataSource={data.items}
        locale={{ emptyText: '没有转接或三方通话' }}
        renderItem={(x) => (
          <List.Item
            data-testid="transfer-item"
            actions={
              data.mayRecord
                ? [
                    <Select
                      key="outcome"
                      size="small"
                      style={{ width: 104 }}
                      value={x.outcome ?? undefined}
                      placeholder="补记结果"
                      aria-label="转接结果"
                      options={TRANSFER_OUTCOMES.map((o) => ({ value: o, label: TRANSFER_OUTCOME_LABELS[o] }))}
                      onChange={(o) => void setOutcome(x.id, o)}
                    />,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={0}>
              <span>
                {x.outcome ? <Tag color={OUTCOME_COLORS[x.outcome]}>{TRANSFER_OUTCOME_LABELS[x.outcome as keyof typeof TRANSFER_OUTCOME_LABELS]}</Tag> : <Tag color="orange">结果待补记</Tag>}
                {x.summary.replace(/：[^：]*$/, '')}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {x.at.slice(0, 16).replace('T', ' ')} · {x.source === 'telephony' ? '电话平台推送' : (x.recordedBy ?? '')}
                {x.reference ? ` · 对方编号 ${x.reference}` : ''}
                {x.note ? ` · ${x.note}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {open && (
        <TransferModal
          ticketId={ticketId}
          content={content}
          onClose={() => setOpen(false)}
          onSaved={() => {
            void message.success('已记入工单');
            setOpen(false);
            load();
          }}
        />
      )}
    </Card>
  );
}
