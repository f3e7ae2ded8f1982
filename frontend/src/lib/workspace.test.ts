import { describe, expect, it } from 'vitest';
import { batchStatusBadge, describeVerifyFailure, isEmptyWorkspace, outcome, systemRows } from './workspace';

describe('systemRows', () => {
  it('sorts by count, ties by name, and keeps trailbook last', () => {
    const rows = systemRows({ trailbook: 900, octopuspro: 486, aws: 59, '2checkout': 59, 'event-platform': 912 });
    expect(rows.map((r) => r.system)).toEqual(['event-platform', 'octopuspro', '2checkout', 'aws', 'trailbook']);
  });
  it('copes with an empty map', () => {
    expect(systemRows({})).toEqual([]);
  });
});

describe('isEmptyWorkspace', () => {
  it('ignores Trailbook’s own events', () => {
    expect(isEmptyWorkspace({ events: 0, batches: 0 })).toBe(true);
    expect(isEmptyWorkspace({ events: 0, batches: 1 })).toBe(false);
    expect(isEmptyWorkspace({ events: 3, batches: 1 })).toBe(false);
  });
});

describe('describeVerifyFailure', () => {
  it('names the row, file:line and problem', () => {
    expect(describeVerifyFailure({ ok: false, events: 10, id: 1205, file: 'log.csv', line: 57, problem: 'hash mismatch' })).toBe(
      'Chain broken at row #1205 · log.csv:57 · hash mismatch',
    );
  });
  it('leaves out what Go did not say', () => {
    expect(describeVerifyFailure({ ok: false, events: 10, problem: 'chain head missing' })).toBe('Chain broken · chain head missing');
    expect(describeVerifyFailure({ ok: false, events: 10, id: 0, file: 'a.csv' })).toBe('Chain broken at row #0 · a.csv');
  });
});

describe('outcome', () => {
  it.each([
    [{ error: '', inserted: 5 }, 'imported'],
    [{ error: '', inserted: 0 }, 'nothing-new'],
    [{ error: 'read header: missing column', inserted: 0 }, 'failed'],
    [{ error: 'import cancelled', inserted: 0 }, 'cancelled'],
  ] as const)('%j -> %s', (r, want) => {
    expect(outcome(r)).toBe(want);
  });
});

describe('batchStatusBadge', () => {
  it('stays quiet for success and flags the rest', () => {
    expect(batchStatusBadge('ok')).toBeNull();
    expect(batchStatusBadge('Completed')).toBeNull();
    expect(batchStatusBadge('failed')).toEqual({ label: 'failed', color: 'red' });
    expect(batchStatusBadge('cancelled')).toEqual({ label: 'cancelled', color: 'gray' });
    expect(batchStatusBadge('partial')).toEqual({ label: 'partial', color: 'yellow' });
  });
});
