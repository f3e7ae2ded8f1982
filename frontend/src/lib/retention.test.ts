import { describe, expect, it } from 'vitest';
import { describeDays, parseDays, purgeQuestion, retentionView } from './retention';

describe('parseDays', () => {
  it.each([
    ['0', 0],
    ['365', 365],
    [' 90 ', 90],
    [36500, 36500],
    ['-1', null],
    ['1.5', null],
    ['abc', null],
    ['36501', null],
  ])('%j -> %j', (input, want) => {
    expect(parseDays(input)).toBe(want);
  });
});

describe('describeDays', () => {
  it('speaks in years when it can', () => {
    expect(describeDays(0)).toBe('kept forever');
    expect(describeDays(365)).toBe('1 year');
    expect(describeDays(730)).toBe('2 years');
    expect(describeDays(90)).toBe('90 days');
    expect(describeDays(1)).toBe('1 day');
  });
});

describe('retentionView', () => {
  it('offers no purge when events are kept forever', () => {
    const v = retentionView({ days: 0, cutoff_utc: null, due: 0 });
    expect(v.canPurge).toBe(false);
    expect(v.headline).toMatch(/forever/);
  });
  it('counts what is due, in the display zone', () => {
    const v = retentionView({ days: 90, cutoff_utc: '2024-03-31T23:30:00Z', due: 1234 }, 'Europe/Berlin');
    expect(v.canPurge).toBe(true);
    expect(v.headline).toBe('Imported events are kept for 90 days');
    expect(v.detail).toContain('1,234 events');
    expect(v.detail).toContain('are due');
    // 23:30 UTC is already 1 April in Berlin
    expect(v.detail).toMatch(/1 Apr 2024|Apr 1, 2024|2024-04-01/);
  });
  it('says when nothing is due', () => {
    const v = retentionView({ days: 365, cutoff_utc: '2024-01-01T00:00:00Z', due: 0 }, 'UTC');
    expect(v.canPurge).toBe(false);
    expect(v.detail).toMatch(/^No imported event is older than/);
  });
});

describe('purgeQuestion', () => {
  it('names the count and the day', () => {
    expect(purgeQuestion(1, '2024-01-01T00:00:00Z', 'UTC')).toMatch(/^Delete 1 imported event that occurred before .*2024/);
    expect(purgeQuestion(2000, '2024-01-01T00:00:00Z', 'UTC')).toMatch(/^Delete 2,000 imported events/);
  });
});
