// A small ECharts wrapper: only the chart types and components the app uses are registered,
// which keeps the bundle lean, and the chart follows the light/dark scheme.
import { useComputedColorScheme } from '@mantine/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export interface ChartClick {
  name: string;
  dataIndex: number;
  value: unknown;
  data: unknown;
}

interface Props {
  option: ChartOption;
  height: number;
  onClick?: (p: ChartClick) => void;
  label: string;
}

export function EChart({ option, height, onClick, label }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const scheme = useComputedColorScheme('light');
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  // One chart for the component's life: a change of scheme re-themes it in place
  // rather than disposing it and drawing a new one.
  const theme = scheme === 'dark' ? 'dark' : 'default';
  const initialTheme = useRef(theme);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, initialTheme.current, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as unknown as ChartClick;
      clickRef.current?.({ name: e.name, dataIndex: e.dataIndex, value: e.value, data: e.data });
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setTheme(theme);
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }} role="img" aria-label={label} />;
}
