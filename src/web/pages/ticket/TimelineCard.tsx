import { Card, Timeline, Typography } from 'antd';
import type { TicketEvent } from '../../types.ts';
import { describeEvent, eventDetails, inTimelineOrder } from './events.ts';

const fmt = (s: string) => s.slice(0, 16).replace('T', ' ');

const colorOf = (action: string) =>
  action === 'clock-overdue' || action === 'escalate' ? 'red'
    : action === 'clock-due-soon' || action === 'reject-completion' || action === 'redo' || action === 'return' ? 'orange'
      : action === 'approve-completion' || action === 'visit' ? 'green'
        : 'blue';

/** 办理过程: every event in time order, with what people wrote, who wrote it and when. */
export function TimelineCard({ events }: { events: TicketEvent[] }) {
  return (
    <Card size="small" title="办理过程">
      <Timeline
        items={inTimelineOrder(events).map((e) => ({
          key: e.id,
          color: colorOf(e.action),
          content: (
            <div data-testid={`event-${e.action}`}>
              <Typography.Text strong>{describeEvent(e)}</Typography.Text>
              {eventDetails(e).map((d) => (
                <div key={d.label} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  <Typography.Text type="secondary">{d.label}：</Typography.Text>
                  {d.text}
                </div>
              ))}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt(e.at)} · {e.actor}
                </Typography.Text>
              </div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}
