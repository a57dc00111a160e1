import { Alert } from 'antd';
import type { Assignment } from '../../types.ts';
import { ReplyReport } from './Outcome.tsx';

const fmt = (s: string | undefined) => (s ? s.slice(0, 16).replace('T', ' ') : '');

/**
 * 本单位审核 on a share: the reply waiting for the unit's reviewer (with the draft, for the unit), or
 * the reviewer's reason for sending it back, which the handler reads before replying again.
 */
export function ReplyReviewNotice({ share }: { share: Assignment }) {
  const r = share.replyReview;
  if (!r) return null;
  if (r.state === 'returned') {
    if (share.status !== 'handling') return null;
    return (
      <>
        <Alert
          type="warning"
          showIcon
          data-testid="reply-review-returned"
          style={{ marginBottom: 8 }}
          title={`本单位审核退回：${r.reason ?? ''}（${r.reviewer ?? ''}，${fmt(r.returnedAt)}）`}
          description="请按退回理由修改后重新提交办理答复；办理时限照常计算。"
        />
        {r.draft && <ReplyReport reply={r.draft} repliedAt={null} sentBack />}
      </>
    );
  }
  return (
    <>
      <Alert
        type={share.unitHasReviewer === false ? 'error' : 'info'}
        showIcon
        data-testid="reply-review-pending"
        style={{ marginBottom: 8 }}
        title={`待本单位审核：${r.submittedBy.name} 于 ${fmt(r.submittedAt)} 提交，审核通过后报出`}
        description={share.unitHasReviewer === false ? '本单位尚无审核人（单位管理员），请联系系统管理员添加；办理时限照常计算。' : '办理时限照常计算。'}
      />
      {r.draft && <ReplyReport reply={r.draft} repliedAt={null} />}
    </>
  );
}
