import { Alert, Button, Space, Tag, Typography } from 'antd';
import type { Lookup } from './CallerHistory.tsx';

/** The call ringing at this desk (screen pop, issue 14), as /api/telephony/calls/:id/pop gives it. */
export interface PoppedCall {
  callId: string;
  caller: string | null;
  dialled: string | null;
  queue: string | null;
  extension: string | null;
  offeredAt: string | null;
  /** A follow-up: the earlier ticket this call was linked to instead of a new one. */
  linkedTo?: { id: string; number: string } | null;
  /** The caller's history, looked up with the pop. */
  history: Lookup | null;
}

/**
 * 来电弹屏: whose call this is and on which line, above the form. The ticket registered next is
 * linked to it; a follow-up is linked to an earlier ticket from 来电人历史 instead.
 */
export function CallBanner({ call, onDismiss }: { call: PoppedCall; onDismiss: () => void }) {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="call-pop"
      data-call-id={call.callId}
      title={
        <Space wrap size={8}>
          <span>
            来电 <Typography.Text strong>{call.caller ?? '号码未知'}</Typography.Text>
          </span>
          {call.dialled && <Tag color="blue">拨打 {call.dialled}</Tag>}
          {call.queue && <Tag>队列 {call.queue}</Tag>}
          {call.extension && <Tag>分机 {call.extension}</Tag>}
          {call.offeredAt && <Typography.Text type="secondary">{call.offeredAt.slice(11, 19)} 振铃</Typography.Text>}
          {call.linkedTo ? (
            <Tag color="green" data-testid="call-linked">已关联工单 {call.linkedTo.number}（跟进来电）</Tag>
          ) : (
            <Typography.Text type="secondary">登记的工单将关联本次通话及录音</Typography.Text>
          )}
        </Space>
      }
      action={
        <Button size="small" type="text" onClick={onDismiss}>
          结束
        </Button>
      }
    />
  );
}
