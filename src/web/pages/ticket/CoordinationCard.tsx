import { App, Button, Card, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { useSession } from '../../session.tsx';
import type { Ticket } from '../../types.ts';

interface FollowUp {
  id: string;
  due: string;
  note: string;
}

/**
 * 专题协调 on this ticket (凉山 第十一条（三）, 邵阳 第十九条): each meeting's units, day and decisions, and
 * its follow-up dates — followed up or not; the recorder marks theirs done here (the server allows
 * only the recorder: coordination/follow-ups.ts).
 */
export function CoordinationCard({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { me } = useSession();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const meetings = ticket.events.filter((e) => e.action === 'coordinate');
  if (!meetings.length) return null;
  const done = new Map(ticket.events.filter((e) => e.action === 'follow-up-done').map((e) => [String(e.followUpId), e]));
  const mark = async (f: FollowUp) => {
    try {
      await api.post(`/api/coordination/follow-ups/${f.id}/done`, note.trim() ? { note: note.trim() } : {});
      message.success('已标记跟进');
      setNote('');
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败');
    }
  };
  return (
    <Card size="small" title="专题协调">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {meetings.map((m) => (
          <div key={m.id}>
            <Typography.Text strong>{String(m.heldOn)}</Typography.Text>
            <Typography.Text type="secondary">（{m.actor}记录）</Typography.Text>
            <div>参加单位：{Array.isArray(m.participants) ? m.participants.join('、') : ''}</div>
            <div style={{ whiteSpace: 'pre-wrap' }}>议定事项：{String(m.decisions ?? '')}</div>
            {((m.followUps as FollowUp[] | undefined) ?? []).map((f) => {
              const d = done.get(f.id);
              return (
                <div key={f.id}>
                  跟进 {f.due} {f.note}{' '}
                  {d ? (
                    <Tag color="green">已跟进{d.note ? `：${String(d.note)}` : ''}</Tag>
                  ) : m.recorderId === me?.id ? (
                    <Popconfirm title="标记为已跟进？" description={<Input.TextArea rows={2} maxLength={1000} placeholder="跟进情况（可选）" value={note} onChange={(e) => setNote(e.target.value)} />} okText="标记" onConfirm={() => mark(f)}>
                      <Button size="small">标记已跟进</Button>
                    </Popconfirm>
                  ) : (
                    <Tag>待跟进</Tag>
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </Space>
    </Card>
  );
}
