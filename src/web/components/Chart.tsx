import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// only what the pages draw: the whole of ECharts would triple the page's script
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart that follows its container's width and calls `onPick` with the clicked item's
 * name (the pages open the tickets behind it). Canvas, with an aria description for screen readers.
 */
export function Chart({
  option,
  height = 260,
  onPick,
  label,
  pixelRatio,
}: {
  option: ChartOption;
  height?: number;
  onPick?: (name: string, seriesIndex: number) => void;
  label: string;
  /** Pixels per CSS pixel (2 for a chart that is printed: crisp on paper). */
  pixelRatio?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const c = echarts.init(ref.current!, undefined, { renderer: 'canvas', ...(pixelRatio ? { devicePixelRatio: pixelRatio } : {}) });
    chart.current = c;
    c.on('click', (p) => pick.current?.(String(p.name), p.seriesIndex ?? 0));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true, label: { description: label } }, ...option }, true);
  }, [option, label]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height, cursor: onPick ? 'pointer' : undefined }} />;
}
