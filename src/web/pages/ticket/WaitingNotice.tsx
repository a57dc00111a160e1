import { Alert, Space, Typography } from 'antd';
import { RemainingTag } from '../../components/DueBadge.tsx';
import type { Assignment, Ticket } from '../../types.ts';

const ROLE: Record<string, string> = { lead: '主办单位', assist: '协办单位', joint: '会签单位' };
const DONE = ['replied', 'completed', 'returned'];

/** The share's own running handling clock, which is what the others wait on. */
function handleClock(a: Assignment) {
  return a.clocks.filter((c) => (c.name === 'handle' || c.name === 'redo') && c.status === 'running').sort((x, y) => y.dueAt.localeCompare(x.dueAt))[0] ?? null;
}

function Waiting({ a, role }: { a: Assignment; role: string }) {
  const c = handleClock(a);
  return (
    <div>
      {role} {a.unit.name}（{a.statusLabel}）
      {c ? (
        <>
          ，办理时限 {c.dueAt.slice(0, 16).replace('T', ' ')} <RemainingTag remaining={c.remaining} overdue={c.overdue} />
        </>
      ) : (
        '，未设办理时限'
      )}
    </div>
  );
}

/**
 * What a ticket in handling still waits for: the review starts only when every unit it was sent to
 * has replied (协办 and 会签 too), and a unit replies only when the units it passed work down to have.
 * Said on the page, with the waited-for share's own clock, instead of holding the ticket silently.
 */
export function WaitingNotice({ ticket }: { ticket: Ticket }) {
  if (!['dispatched', 'handling', 'redo'].includes(ticket.status)) return null;
  const top = ticket.assignments.filter((a) => a.parentId === null && a.status !== 'returned');
  const replied = top.filter((a) => DONE.includes(a.status));
  const waitingTop = replied.length ? top.filter((a) => !DONE.includes(a.status)) : [];
  const waitingBelow = ticket.assignments.filter((c) => c.parentId !== null && !DONE.includes(c.status) && ticket.assignments.some((p) => p.id === c.parentId && p.status === 'handling'));
  // a lead unit waits for its assisting units before it answers for all (重庆 第十三条（二）); the server
  // says so by not offering the lead's reply while they are open
  const lead = top.find((a) => a.role === 'lead');
  const openAssists = top.filter((a) => a.role === 'assist' && !DONE.includes(a.status));
  if (lead && openAssists.length && !(ticket.access?.actions ?? []).some((x) => x.action === 'reply' && x.assignmentId === lead.id) && !replied.length) {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        title={`协办单位答复主办单位（${lead.unit.name}）后，由主办单位汇总各方意见统一答复`}
        description={<Space orientation="vertical" size={2}>{openAssists.map((a) => <Waiting key={a.id} a={a} role="协办单位" />)}</Space>}
      />
    );
  }
  if (!waitingTop.length && !waitingBelow.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      title={waitingTop.length ? `已答复：${replied.map((a) => a.unit.name).join('、')}；以下单位答复后，工单进入审核` : '下级单位答复后，本单位方可办理答复'}
      description={
        <Space orientation="vertical" size={2}>
          {waitingTop.map((a) => <Waiting key={a.id} a={a} role={ROLE[a.role] ?? '承办单位'} />)}
          {waitingBelow.map((a) => <Waiting key={a.id} a={a} role="下级单位" />)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            涉及多部门办理的，由牵头承办单位汇总各方意见统一答复（重庆市办法第十三条（二））
          </Typography.Text>
        </Space>
      }
    />
  );
}
