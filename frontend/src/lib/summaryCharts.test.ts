import { describe, expect, it } from 'vitest';
import { fillDays, heatCells, rankOption } from './summaryCharts';

const palette = { bar: '#00f', muted: '#888', grid: '#ddd', text: '#000', heat: ['#fff', '#00f'] as [string, string] };

describe('fillDays', () => {
  it('fills the gaps with zero and sorts, across a month end and a DST change', () => {
    const got = fillDays([
      { key: '2024-04-02', count: 3 },
      { key: '2024-03-30', count: 1 },
    ]);
    expect(got).toEqual([
      { day: '2024-03-30', count: 1 },
      { day: '2024-03-31', count: 0 },
      { day: '2024-04-01', count: 0 },
      { day: '2024-04-02', count: 3 },
    ]);
    expect(fillDays([])).toEqual([]);
  });
});

describe('heatCells', () => {
  it('gives all 168 cells from the weekday x hour matrix, missing rows as zero', () => {
    const m: number[][] = [Array.from({ length: 24 }, (_, h) => (h === 9 ? 5 : 0))];
    m[6] = Array.from({ length: 24 }, (_, h) => (h === 23 ? 2 : 0));
    const { data, max } = heatCells(m);
    expect(data).toHaveLength(168);
    expect(data.find(([h, w]) => h === 9 && w === 0)?.[2]).toBe(5);
    expect(data.find(([h, w]) => h === 23 && w === 6)?.[2]).toBe(2);
    expect(data.reduce((s, [, , n]) => s + n, 0)).toBe(7);
    expect(max).toBe(5);
  });
});

describe('rankOption', () => {
  it('shows the twelve largest, the largest on top', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ key: `u${i}`, count: i }));
    const o = rankOption(items, palette);
    expect(o.yAxis.data).toHaveLength(12);
    expect(o.yAxis.data[11]).toBe('u19');
    expect(o.series[0]?.data[11]).toBe(19);
  });
});
