import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { SuggestionList } from '../../components/SuggestionList.tsx';
import type { Suggestions, UnitSuggestion } from '../../types.ts';

/**
 * While the agent types: where the request should go and why, from its words, address and
 * category. Nothing is saved; 选用 puts the unit first in the form's 派往单位.
 */
export function DispatchSuggestions({ content, address, category, urgency, onPick, onData }: {
  content: string;
  address: string;
  category?: string | undefined;
  urgency?: string | undefined;
  onPick: (s: UnitSuggestion) => void;
  /** The same answer carries the classifier's reading of the text, which the form shows by 诉求分类. */
  onData?: (s: Suggestions | null) => void;
}) {
  const [data, setData] = useState<Suggestions | null>(null);
  useEffect(() => onData?.(data), [data, onData]);
  useEffect(() => {
    if (content.trim().length < 4) {
      setData(null);
      return;
    }
    const timer = setTimeout(() => {
      api
        .post<Suggestions>('/api/dispatch/suggestions', { content: content.slice(0, 5000), ...(address ? { address: address.slice(0, 300) } : {}), ...(category ? { category } : {}), ...(urgency && urgency !== 'normal' ? { urgency } : {}) })
        .then(setData)
        .catch(() => setData(null));
    }, 400);
    return () => clearTimeout(timer);
  }, [content, address, category, urgency]);
  return data ? <SuggestionList data={data} pickLabel="选用" onPick={onPick} /> : <Typography.Text type="secondary">输入诉求内容和地址后自动建议承办单位</Typography.Text>;
}
