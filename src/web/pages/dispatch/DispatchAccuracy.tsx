import { Space, Statistic, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';

interface Accuracy {
  from: string;
  to: string;
  dispatched: number;
  firstChoiceKept: number;
  inTop3: number;
  returned: number;
  accuracy: number | null;
  top3Rate: number | null;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** 派单准确率 of the last 30 days (SY 第二十二条): first suggestion taken and not returned. */
export function DispatchAccuracy() {
  const [a, setA] = useState<Accuracy | null>(null);
  useEffect(() => void api.get<Accuracy>('/api/dispatch/accuracy').then(setA).catch(() => setA(null)), []);
  if (!a) return null;
  return (
    <Space size="large">
      <Tooltip title={`${a.from} 至 ${a.to}：派给首选建议单位且未被退回的工单 ${a.firstChoiceKept} / 已派单 ${a.dispatched}`}>
        <Statistic title="派单准确率（近30天）" value={pct(a.accuracy)} />
      </Tooltip>
      <Statistic title="建议前三命中率" value={pct(a.top3Rate)} />
      <Statistic title="退单" value={a.returned} suffix={`/ ${a.dispatched}`} />
    </Space>
  );
}
