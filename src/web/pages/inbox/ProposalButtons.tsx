import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { refreshInboxCounts } from '../../inbox.ts';
import type { Decision } from '../../types.ts';

/**
 * 督办建议: the supervisor takes the proposed step (督办, 催办 or 升级督办) or declines it with a reason
 * (凉山 第二十二条, 重庆 第十五条, 大足 第七条: the center judges; src/server/supervision/proposals.ts).
 */
export function ProposalButtons({ decision, onDone }: { decision: Decision; onDone: () => void }) {
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const id = decision.proposalId!;
  const step = String(decision.request.actionLabel ?? '督办');
  // 问责建议 (大足 第十条) is declined as a proposal, not as a 督办
  const decline = decision.request.action === 'accountability' ? '不予提出' : '不予督办';
  const post = (path: string, body: Record<string, unknown>) => {
    setBusy(true);
    return api
      .post(`/api/supervision/proposals/${id}/${path}`, body)
      .then(() => {
        void message.success(path === 'accept' ? `已${step}` : `已记录${decline}`);
        refreshInboxCounts();
        onDone();
      })
      .catch(showError)
      .finally(() => setBusy(false));
  };
  const ask = (path: 'accept' | 'dismiss') => {
    let note = '';
    modal.confirm({
      title: path === 'accept' ? `${step}：${String(decision.request.label)}` : decline,
      content: <Input.TextArea rows={3} placeholder={path === 'accept' ? '意见（可选）' : '理由（必填）'} onChange={(e) => (note = e.target.value)} />,
      okText: path === 'accept' ? step : decline,
      onOk: () => post(path, note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <Space size={4} onClick={(e) => e.stopPropagation()}>
      <Button size="small" type="primary" danger={decision.request.action === 'escalate' || decision.request.action === 'accountability'} loading={busy} onClick={() => ask('accept')}>
        {step}
      </Button>
      <Button size="small" loading={busy} onClick={() => ask('dismiss')}>
        {decline}
      </Button>
    </Space>
  );
}
