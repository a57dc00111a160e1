import { Tag, Tooltip } from 'antd';
import type { Due, Remaining } from '../types.ts';

/** Working time left as a coloured badge: green, amber under 1 working day, red when overdue. */
export function DueBadge({ due }: { due: Due | null }) {
  if (!due) return <Tag>无时限</Tag>;
  const when = due.dueAt.slice(0, 16).replace('T', ' ');
  return (
    <Tooltip title={due.waitingOnOthers ? `本单位已答复，待其他单位答复：${due.label}时限 ${when}` : `${due.label}时限：${when}`}>
      <span>
        {due.waitingOnOthers && <Tag>待他方</Tag>}
        <RemainingTag remaining={due.remaining} overdue={due.overdue} />
      </span>
    </Tooltip>
  );
}

export function RemainingTag({ remaining, overdue }: { remaining: Remaining | null; overdue: boolean }) {
  if (!remaining) return null;
  if (overdue) {
    const days = -remaining.workingDays;
    return <Tag color="red">已超期{days > 0 ? ` ${days} 个工作日` : ''}</Tag>;
  }
  if (remaining.workingDays < 1) {
    const h = Math.max(0, Math.floor(remaining.workingMinutes / 60));
    return <Tag color="orange">{h > 0 ? `剩余约 ${h} 个工作小时` : '今日到期'}</Tag>;
  }
  return <Tag color="green">剩余 {remaining.workingDays} 个工作日</Tag>;
}
