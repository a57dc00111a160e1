import { Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, query } from '../../api.ts';
import { RemainingTag } from '../../components/DueBadge.tsx';
import { showError } from '../../components/feedback.ts';
import { useLive } from '../../live.ts';
import type { Decision, DecisionKind } from '../../types.ts';
import { ProposalButtons } from './ProposalButtons.tsx';

const fmt = (s: string) => s.slice(0, 16).replace('T', ' ');

/** What is asked, in one line: 申请延期 5 个工作日：理由 … */
export function describeRequest(d: Decision): string {
  const r = d.request;
  switch (d.kind) {
    case 'extension':
      return `申请延期 ${String(r.days)} 个工作日：${String(r.reason)}`;
    case 'return':
      // a return passed on by the unit above (CQ 第十三条（一）: 逐级向上提交) names the unit it came from
      return `${r.forwardedFrom ? `转报${String(r.forwardedFrom)}的退单` : '申请退单'}${r.late ? '（超期退回）' : ''}：${String(r.reason)}${r.basis ? `（依据：${String(r.basis)}）` : ''}${r.suggestedUnitName ? `，建议转办${String(r.suggestedUnitName)}` : ''}`;
    case 'completion': {
      const replies = (r.replies as Array<{ unitName: string; result: string | null }>) ?? [];
      return replies.map((x) => `${x.unitName}：${x.result ?? ''}`).join('；') || '办理答复待审核';
    }
    case 'appeal':
      return `对不满意评价申诉：${String(r.reason)}（依据：${String(r.evidence)}）`;
    case 'supervision-extension':
      return `申请督办延期 ${String(r.days)} 个工作日：${String(r.reason)}`;
    case 'unit-review':
      return `${String(r.submittedBy ?? r.handlerName ?? '')}提交的答复待本单位审核：${String(r.result ?? '')}`;
    case 'consolidation': {
      const replies = (r.assistReplies as Array<{ unitName: string; result: string | null }>) ?? [];
      return `协办单位已答复，请汇总后统一答复：${replies.map((x) => `${x.unitName}：${x.result ?? ''}`).join('；')}`;
    }
    case 'follow-up':
      return `专题协调（${String(r.heldOn)}）跟进：${String(r.note)}，${String(r.dueOn)} 到期`;
    case 'proposal':
      return `${String(r.label)}：${String(r.reason)}，建议${String(r.actionLabel)}（${String(r.basis)}）`;
  }
}

/** Requests waiting for the user's decision (GET /api/inbox), oldest first; a row opens the ticket, where the decision is taken. */
export function DecisionTable({ kind, onCount }: { kind?: DecisionKind; onCount?: (n: number) => void }) {
  const [data, setData] = useState<{ items: Decision[]; total: number }>({ items: [], total: 0 });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [loading, setLoading] = useState(false);
  const navigate = useNavigate();
  const countRef = useRef(onCount);
  countRef.current = onCount;
  const load = useCallback(() => {
    setLoading(true);
    api
      .get<{ items: Decision[]; total: number }>(`/api/inbox${query({ kind, page, pageSize })}`)
      .then((d) => {
        setData(d);
        countRef.current?.(d.total);
      })
      .catch(showError)
      .finally(() => setLoading(false));
  }, [kind, page, pageSize]);
  useEffect(load, [load]);
  useLive(load);
  const open = (d: Decision) => d.ticketId && navigate(`/tickets/${d.ticketId}`);
  const proposals = data.items.some((d) => d.kind === 'proposal');
  return (
    <Table<Decision>
      rowKey={(d) => `${d.kind}:${d.proposalId ?? d.followUpId ?? d.ticketId}:${d.assignmentId ?? ''}`}
      size="middle"
      loading={loading}
      dataSource={data.items}
      locale={{ emptyText: '没有待您审批的申请' }}
      pagination={{ current: page, pageSize, total: data.total, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
      onRow={(d) => ({ onClick: () => open(d), style: { cursor: 'pointer' } })}
      columns={[
        { title: '工单编号', dataIndex: 'number', width: 140, render: (n: string | null, d) => (d.ticketId ? <a href={`/tickets/${d.ticketId}`} onClick={(e) => (e.preventDefault(), e.stopPropagation(), open(d))}>{n}</a> : '知识库') },
        ...(kind ? [] : [{ title: '事项', dataIndex: 'kindLabel', width: 90, render: (l: string) => <Tag color="gold">{l}</Tag> }]),
        { title: '申请单位', dataIndex: 'unitName', width: 170, ellipsis: true, render: (u: string | null) => u ?? '—' },
        // cells cut at the column's width; the whole text in the tooltip (columns never overprint at 1366×768)
        { title: '申请内容', ellipsis: { showTitle: false }, render: (_, d) => <Tooltip title={describeRequest(d)}>{describeRequest(d)}</Tooltip> },
        { title: '诉求', width: 180, ellipsis: { showTitle: false }, render: (_, d) => <Tooltip title={d.title || d.excerpt}><Typography.Text type="secondary">{d.title || d.excerpt}</Typography.Text></Tooltip> },
        { title: '申请时间', dataIndex: 'requestedAt', width: 130, render: fmt },
        { title: '办理时限', dataIndex: 'due', width: 150, render: (due: Decision['due']) => (due ? <RemainingTag remaining={due.remaining} overdue={due.overdue} /> : '—') },
        // a 督办建议 is decided here (it is no request on the ticket's page)
        ...(proposals ? [{ title: '决定', width: 170, render: (_: unknown, d: Decision) => (d.proposalId ? <ProposalButtons decision={d} onDone={load} /> : null) }] : []),
      ]}
    />
  );
}
