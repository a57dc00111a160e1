import { Tag, Tooltip } from 'antd';
import { confidencePercent } from '../../components/confidence.ts';
import type { Ticket } from '../../types.ts';

/** The classifier's reading at registration beside the category the agent chose (智能分类). */
export function PredictedCategory({ p }: { p: NonNullable<Ticket['predictedCategory']> }) {
  const pct = p.confidence === null ? '' : ` ${confidencePercent(p.confidence)}`;
  return (
    <Tooltip title={`登记时智能分类的判断（校准置信度${pct || '未知'}）${p.modelId ? `，模型 ${p.modelId.slice(0, 8)}` : ''}`}>
      <Tag color="purple" style={{ marginInlineStart: 8 }} data-testid="predicted-category">
        智能分类：{p.category}
        {pct}
      </Tag>
    </Tooltip>
  );
}
