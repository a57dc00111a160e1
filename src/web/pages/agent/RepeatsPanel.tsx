import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { RepeatList, type RepeatChoice } from '../../components/RepeatList.tsx';
import type { RepeatsAnswer } from '../../types.ts';

/**
 * While the call goes on: earlier tickets of this caller, or of the same matter at the same place
 * (重复件, 邵阳 第十条（四）, 凉山 第十三条（四）). The agent can register the call as a repeat of one
 * of them, or merge it into it.
 */
export function RepeatsPanel({ content, phone, address, choices, busy, onCount }: { content: string; phone: string; address: string; choices: RepeatChoice[]; busy: boolean; onCount?: (n: number) => void }) {
  const [data, setData] = useState<RepeatsAnswer | null>(null);
  useEffect(() => {
    if (content.trim().length < 4 && !/^[0-9+-]{5,20}$/.test(phone)) {
      setData(null);
      return;
    }
    const timer = setTimeout(() => {
      api
        .post<RepeatsAnswer>('/api/repeats/preview', {
          content: content.trim() ? content.slice(0, 5000) : '（来电）',
          ...(/^[0-9+-]{5,20}$/.test(phone) ? { callerPhone: phone } : {}),
          ...(address ? { address: address.slice(0, 300) } : {}),
        })
        .then(setData)
        .catch(() => setData(null));
    }, 400);
    return () => clearTimeout(timer);
  }, [content, phone, address]);
  const count = data?.candidates.length ?? 0;
  useEffect(() => onCount?.(count), [count, onCount]);
  // shown in a tab of the desk, whose label carries the count
  return data ? (
    <RepeatList candidates={data.candidates.slice(0, 5)} windowDays={data.windowDays} choices={choices} busy={busy} />
  ) : (
    <Typography.Text type="secondary">输入来电号码或诉求内容后自动查找同一来电人、同一事项的工单</Typography.Text>
  );
}
