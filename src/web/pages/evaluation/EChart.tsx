import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export interface Series {
  labels: string[];
  /** Null: withheld (small cell) — drawn as a gap, never as zero. */
  values: (number | null)[];
}

/**
 * A bar or line chart (Apache ECharts, SVG renderer). The chart is a picture for sighted readers: it is
 * hidden from assistive technology, and every chart on the page comes with a table of the same numbers.
 */
export function EChart({ series, kind, height = 220 }: { series: Series; kind: 'bar' | 'line'; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 10, top: 10, bottom: 60 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: series.labels, axisLabel: { rotate: series.labels.length > 6 ? 40 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: kind, data: series.values.map((v) => (v === null ? '-' : v)), itemStyle: { color: '#1c5a8c' } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series, kind]);
  return <div ref={ref} style={{ width: '100%', height }} aria-hidden="true" data-testid="chart" />;
}
