import { Button, Space, Tooltip, Typography } from 'antd';
import { confidencePercent } from '../../components/confidence.ts';
import type { Suggestions } from '../../types.ts';

interface Category {
  value: string;
  children?: Category[];
}

/**
 * What the classifier reads from the text, beside 诉求分类: the category with its calibrated
 * confidence (of requests it gave this confidence, about that share were right, as measured by
 * bench:classify), and one click to take it. Below 50 % it says it is unsure rather than suggest.
 */
export function ClassifierHint({ classification, categories, onUse }: { classification: Suggestions['classification']; categories: Category[]; onUse: (path: string[]) => void }) {
  if (!classification) return null;
  const known = categories.some((c) => c.value === classification.category);
  const unsure = classification.confidence < 0.5;
  const others = classification.alternatives.filter((a) => a.category !== classification.category && a.confidence >= 0.1);
  return (
    <Space size={6} wrap style={{ fontSize: 12 }} data-testid="classifier-hint">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        智能分类{unsure ? '（把握不大）' : ''}：
      </Typography.Text>
      <Tooltip title={classification.words.length ? `依据：${classification.words.join('、')}` : undefined}>
        <Typography.Text style={{ fontSize: 12 }}>
          {classification.category} {confidencePercent(classification.confidence)}
        </Typography.Text>
      </Tooltip>
      {others.map((a) => (
        <Typography.Text key={a.category} type="secondary" style={{ fontSize: 12 }}>
          {a.category} {confidencePercent(a.confidence)}
        </Typography.Text>
      ))}
      {known && (
        <Button size="small" type="link" style={{ padding: 0, height: 'auto', fontSize: 12 }} onClick={() => onUse([classification.category])}>
          采用
        </Button>
      )}
    </Space>
  );
}
