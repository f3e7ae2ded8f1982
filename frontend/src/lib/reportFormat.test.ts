import { describe, expect, it } from 'vitest';
import type { EventRow } from '../api/report';
import { cellText, diffLines, formatAmount, formatEventTime, kindLabel, periodLabel, sourceLabel } from './reportFormat';
import { MAX_SCROLL_PX, rowTop, scaleFor, toReal, toVirtual, visibleRows } from './virtualScale';

const e: EventRow = {
  id: 7,
  occurred_at: '2024-03-31T00:30:00Z',
  actor_name: 'Ana Pop',
  actor_email: 'ana@example.com',
  system: 'paybox',
  action: 'Password changed',
  kind: 'permission_change',
  amount: 1234567.5,
  file: 'activity.csv',
  line: 12,
  changes: [
    { field: 'password', old: '***', new: '***' },
    { field: 'role', old: 'viewer', new: 'admin' },
    { field: 'phone', old: '', new: '+40 700' },
  ],
};

describe('formatEventTime', () => {
  it('shows the instant in the display zone, DST included', () => {
    expect(formatEventTime(e.occurred_at, 'UTC')).toBe('2024-03-31 00:30:00');
    // Bucharest moved to UTC+3 at 03:00 local on 2024-03-31; 00:30 UTC is still +2.
    expect(formatEventTime(e.occurred_at, 'Europe/Bucharest')).toBe('2024-03-31 02:30:00');
    expect(formatEventTime('2024-03-31T01:30:00Z', 'Europe/Bucharest')).toBe('2024-03-31 04:30:00');
    expect(formatEventTime('nonsense', 'UTC')).toBe('nonsense');
  });
});

describe('formatAmount', () => {
  it('groups digits exactly, without going through a float', () => {
    expect(formatAmount('12345678901234567.89')).toBe('12,345,678,901,234,567.89');
    expect(formatAmount(1234567.5)).toBe('1,234,567.50');
    expect(formatAmount('-0.125')).toBe('-0.125');
    expect(formatAmount('10')).toBe('10.00');
    expect(formatAmount('10.500000')).toBe('10.50');
    expect(formatAmount(null)).toBe('');
    expect(formatAmount('n/a')).toBe('n/a');
  });
});

describe('cells', () => {
  it('reads each column', () => {
    expect(cellText(e, 'user', 'UTC')).toBe('Ana Pop');
    expect(cellText(e, 'kind', 'UTC')).toBe('Permission change');
    expect(cellText(e, 'amount', 'UTC')).toBe('1,234,567.50');
    expect(cellText(e, 'source', 'UTC')).toBe('activity.csv:12');
    expect(cellText(e, 'changes', 'UTC')).toBe('password: *** → ***; role: viewer → admin; phone: ∅ → +40 700');
    expect(cellText(e, 'id', 'UTC')).toBe('7');
    expect(sourceLabel({ batch_id: 3 })).toBe('batch 3');
    expect(kindLabel('login_failed')).toBe('Login failed');
  });

  it('marks masked, added and removed values in the diff', () => {
    const d = diffLines(e);
    expect(d.map((l) => [l.field, l.masked, l.added, l.removed])).toEqual([
      ['password', true, false, false],
      ['role', false, false, false],
      ['phone', false, true, false],
    ]);
  });

  it('says the period in words', () => {
    expect(periodLabel({})).toBe('All time');
    expect(periodLabel({ preset: 'last_7_days' })).toBe('Last 7 days');
    expect(periodLabel({ preset: 'custom', from: '2024-03-01', to: '2024-03-31' })).toBe('2024-03-01 – 2024-03-31');
    expect(periodLabel({ preset: 'custom', from: '2024-03-05', to: '2024-03-05' })).toBe('2024-03-05');
    expect(periodLabel({ from: '2024-03-05T13:07:09Z' })).toBe('from 2024-03-05 13:07:09 UTC');
  });
});

describe('virtual scale', () => {
  it('is the identity while the rows fit', () => {
    const s = scaleFor(500_000, 28, 600);
    expect(s.factor).toBe(1);
    expect(s.real).toBe(14_000_000);
    expect(toVirtual(1234, s)).toBe(1234);
    expect(rowTop(2800, 1234, s)).toBe(2800);
  });

  it('maps a million rows onto the capped spacer so both ends are reachable', () => {
    const rows = 1_000_000;
    const rh = 28;
    const vp = 600;
    const s = scaleFor(rows, rh, vp);
    expect(s.real).toBe(MAX_SCROLL_PX);
    const maxTop = s.real - vp;
    expect(visibleRows(toVirtual(0, s), vp, rh, rows)[0]).toBe(0);
    expect(visibleRows(toVirtual(maxTop, s), vp, rh, rows)[1]).toBe(rows - 1);
    // Jumping to row 500,000 and reading back the first visible row.
    const top = toReal(500_000 * rh, s);
    expect(visibleRows(toVirtual(top, s), vp, rh, rows)[0]).toBe(500_000);
    // A row is drawn relative to the viewport: row 500,000 sits at the top edge.
    expect(rowTop(500_000 * rh, top, s)).toBeCloseTo(top, 6);
  });

  it('handles no rows', () => {
    expect(visibleRows(0, 600, 28, 0)).toEqual([0, -1]);
    expect(scaleFor(0, 28, 600).real).toBe(0);
  });
});
