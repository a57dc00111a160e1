import { Descriptions, Typography } from 'antd';
import { CONTACT_METHOD_LABELS, REPLY_RESOLUTION_LABELS } from '../../../core/visit/labels.ts';

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v));
const fmt = (s: string | null) => (s ? s.slice(0, 16).replace('T', ' ') : '');

/** How the hotline closed the ticket itself, with everything written for it (never a code name). */
export function OutcomeItem({ outcome }: { outcome: Record<string, unknown> }) {
  const o = outcome;
  const line = (label: string, v: unknown) =>
    text(v) ? (
      <div style={{ whiteSpace: 'pre-wrap' }}>
        <Typography.Text type="secondary">{label}：</Typography.Text>
        {text(v)}
      </div>
    ) : null;
  switch (o.kind) {
    case 'answer':
      return <>{line('直接答复', o.answer)}</>;
    case 'reject':
      return (
        <>
          {line('不予受理情形', o.groundLabel)}
          {line('不予受理理由', o.reason)}
          {line('依据', o.basis)}
          {line('所依据的规定', o.basisDetail)}
          {line('建议向', o.referral)}
        </>
      );
    case 'refer':
      return (
        <>
          {line('已转紧急热线', o.hotline)}
          {line('转接说明', o.note)}
        </>
      );
    case 'terminate':
      return (
        <>
          {line('终结办理书面意见', o.opinion)}
          {line('依据', o.basis)}
        </>
      );
    case 'merge':
      return <>{line('已合并到原工单', o.originalNumber)}</>;
    default:
      return null;
  }
}

/** 联系来电人 as the unit reported it: whether, and how and when (邵阳 第十七条). */
function contactText(r: Record<string, unknown>): string {
  const c = (r.contact ?? {}) as Record<string, unknown>;
  const how = [CONTACT_METHOD_LABELS[String(c.method)], fmt(typeof c.at === 'string' ? c.at : null)].filter(Boolean).join('，');
  return `${r.contacted ? '已联系' : '未联系'}${how ? `（${how}）` : ''}${text(r.contactNote) ? `：${text(r.contactNote)}` : ''}`;
}

/** A unit's handling report as it was submitted: who, when, how, the result, the contact with the caller. */
export function ReplyReport({ reply, repliedAt, sentBack }: { reply: Record<string, unknown>; repliedAt: string | null; sentBack?: boolean }) {
  const r = reply;
  return (
    <Descriptions size="small" column={1} style={{ marginBottom: 8 }} title={sentBack ? <Typography.Text type="secondary" style={{ fontSize: 13 }}>上次提交的办理答复（待重新答复）</Typography.Text> : undefined} items={[
      { key: 'result', label: '办理结果', children: <span style={{ whiteSpace: 'pre-wrap' }}>{text(r.result)}</span> },
      { key: 'process', label: '办理过程', children: <span style={{ whiteSpace: 'pre-wrap' }}>{text(r.process)}</span> },
      { key: 'contact', label: '联系来电人', children: contactText(r) },
      ...(typeof r.resolution === 'string'
        ? [{ key: 'resolution', label: '解决情况', children: `${REPLY_RESOLUTION_LABELS[r.resolution] ?? ''}${text(r.measures) ? `；措施：${text(r.measures)}` : ''}${text(r.targetDate) ? `；预计解决日期 ${text(r.targetDate)}` : ''}` }]
        : []),
      { key: 'who', label: '办理人', children: `${text(r.handlerName)}${repliedAt ? `，${fmt(repliedAt)} 提交` : ''}` },
      ...assistItems(r.assistReplies),
      ...reviewItems(r.review),
    ]} />
  );
}

/** 本单位审核 as recorded with the reply: who let it leave the unit, when, and which checks were ticked. */
function reviewItems(review: unknown) {
  if (!review || typeof review !== 'object') return [];
  const v = review as Record<string, unknown>;
  const checks = Array.isArray(v.checks) && v.checks.length ? `，已把好${v.checks.join('、')}` : '';
  return [{ key: 'review', label: '本单位审核', children: `${text(v.reviewer)} ${fmt(text(v.reviewedAt) || null)} 审核通过${checks}${text(v.note) ? `：${text(v.note)}` : ''}` }];
}

/** The assisting units' replies the lead's one reply carries (重庆 第十三条（二）: 汇总各方意见统一答复). */
function assistItems(replies: unknown) {
  if (!Array.isArray(replies) || !replies.length) return [];
  return [
    {
      key: 'assists',
      label: '汇总协办意见',
      children: (
        <div>
          {(replies as Array<Record<string, unknown>>).map((x, i) => (
            <div key={i} style={{ whiteSpace: 'pre-wrap' }}>
              <Typography.Text strong>{text(x.unitName)}</Typography.Text>：{text(x.result)}
              <Typography.Text type="secondary">（{text(x.handlerName)}{x.repliedAt ? `，${fmt(text(x.repliedAt))}` : ''}）</Typography.Text>
            </div>
          ))}
        </div>
      ),
    },
  ];
}
