// Chart data for the Summary screen: pure functions from the Go summary to what ECharts draws.
import type { CountRow } from '../api/report';

export interface DayCount {
  day: string;
  count: number;
}
import { formatCompact } from './format';
import { WEEKDAYS } from './reportFormat';

/** Every day from the first to the last, with 0 for days without events (gaps stay visible). */
export function fillDays(rows: CountRow[], maxDays = 3660): DayCount[] {
  if (!rows.length) return [];
  const sorted = rows.map((r) => ({ day: r.key, count: r.count })).sort((a, b) => a.day.localeCompare(b.day));
  const byDay = new Map(sorted.map((d) => [d.day, d.count]));
  const first = sorted[0]?.day ?? '';
  const last = sorted[sorted.length - 1]?.day ?? '';
  const out: DayCount[] = [];
  const t = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || Number.isNaN(end.getTime())) return sorted;
  while (t <= end && out.length < maxDays) {
    const day = t.toISOString().slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
    t.setUTCDate(t.getUTCDate() + 1);
  }
  return out;
}

/** The weekday x hour matrix (Monday first) as [hour, weekday, count] triples, every cell present. */
export function heatCells(matrix: number[][]): { data: [number, number, number][]; max: number } {
  const data: [number, number, number][] = [];
  let max = 0;
  for (let w = 0; w < 7; w++) {
    for (let h = 0; h < 24; h++) {
      const v = matrix[w]?.[h];
      const n = typeof v === 'number' && Number.isFinite(v) ? v : 0;
      max = Math.max(max, n);
      data.push([h, w, n]);
    }
  }
  return { data, max };
}

export interface Palette {
  bar: string;
  muted: string;
  grid: string;
  text: string;
  heat: [string, string];
}

const axisCommon = (p: Palette) => ({
  axisLine: { lineStyle: { color: p.grid } },
  axisTick: { show: false },
  axisLabel: { color: p.muted, fontSize: 11 },
  splitLine: { lineStyle: { color: p.grid, type: 'dashed' as const } },
});

export function timelineOption(days: CountRow[], p: Palette) {
  const filled = fillDays(days);
  return {
    grid: { left: 48, right: 12, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: filled.map((d) => d.day), ...axisCommon(p), splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon(p) },
    series: [{ type: 'bar', name: 'Events', data: filled.map((d) => d.count), itemStyle: { color: p.bar }, barMaxWidth: 18 }],
  };
}

export function heatmapOption(matrix: number[][], p: Palette) {
  const { data, max } = heatCells(matrix);
  return {
    grid: { left: 44, right: 12, top: 8, bottom: 44 },
    tooltip: {
      formatter: (x: { value: [number, number, number] }) =>
        `${WEEKDAYS[x.value[1]] ?? ''} ${String(x.value[0]).padStart(2, '0')}:00 — ${x.value[2]} events`,
    },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), ...axisCommon(p), splitArea: { show: false } },
    yAxis: { type: 'category', data: [...WEEKDAYS], inverse: true, ...axisCommon(p) },
    visualMap: {
      min: 0,
      max: Math.max(1, max),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      textStyle: { color: p.muted, fontSize: 10 },
      inRange: { color: p.heat },
    },
    series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } } }],
  };
}

/** Horizontal bars, largest on top; the category is the key (what a click filters by), shown through `label`. */
export function rankOption(items: CountRow[], p: Palette, label: (key: string) => string = (k) => k) {
  const top = [...items].sort((a, b) => b.count - a.count).slice(0, 12).reverse();
  return {
    grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: top.map((i) => i.key),
      ...axisCommon(p),
      axisLine: { show: false },
      axisLabel: { color: p.text, fontSize: 11, width: 150, overflow: 'truncate', formatter: label },
    },
    series: [
      {
        type: 'bar',
        data: top.map((i) => i.count),
        itemStyle: { color: p.bar, borderRadius: [0, 3, 3, 0] },
        barMaxWidth: 14,
        label: { show: true, position: 'right', color: p.muted, fontSize: 11, formatter: (x: { value: number }) => formatCompact(x.value, 'en-US') },
      },
    ],
  };
}
