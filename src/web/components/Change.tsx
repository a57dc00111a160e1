import { Typography } from 'antd';

const UP = '#389e0d';
const DOWN = '#cf1322';

/**
 * 环比 as the ranking shows it: ↑ in green when better, ↓ in red when worse, — when there is nothing
 * to compare. `value` is this period minus the last; for ranks, places moved up.
 */
export function Change({ value, digits = 1, unit = '', percent = false, lowerIsBetter = false }: { value: number | null | undefined; digits?: number; unit?: string; percent?: boolean; lowerIsBetter?: boolean }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = percent ? value * 100 : value;
  if (Math.abs(shown) < 0.5 * 10 ** -digits) return <Typography.Text type="secondary">持平</Typography.Text>;
  const better = lowerIsBetter ? shown < 0 : shown > 0;
  return (
    <span style={{ color: better ? UP : DOWN, whiteSpace: 'nowrap' }} aria-label={`${shown > 0 ? '上升' : '下降'} ${Math.abs(shown).toFixed(digits)}${unit}`}>
      {shown > 0 ? '↑' : '↓'}
      {Math.abs(shown).toFixed(digits)}
      {unit}
    </span>
  );
}
