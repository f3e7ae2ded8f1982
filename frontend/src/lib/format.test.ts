import { describe, expect, it } from 'vitest';
import {
  baseName,
  describeDelimiter,
  formatBytes,
  formatCompact,
  formatCount,
  formatDayRange as dayRange,
  formatDuration,
  formatInstant,
  formatPeriod,
  formatRelative,
  periodDays,
  plural,
  shortHash,
  zoneLabel,
  zoneOffset,
} from './format';

describe('numbers', () => {
  it.each([
    [0, 'en-US', '0'],
    [1234567, 'en-US', '1,234,567'],
    [1234567, 'de-DE', '1.234.567'],
    [12.6, 'en-US', '13'],
  ])('formatCount(%d, %s) = %s', (n, locale, want) => {
    expect(formatCount(n, locale)).toBe(want);
  });

  it('compacts only large numbers', () => {
    expect(formatCompact(9999, 'en-US')).toBe('9,999');
    expect(formatCompact(1_234_567, 'en-US')).toBe('1.2M');
  });

  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 KB'],
    [15_320, '15 KB'],
    [2_500_000, '2.5 MB'],
    [-1, '—'],
  ])('formatBytes(%d) = %s', (n, want) => {
    expect(formatBytes(n, 'en-US')).toBe(want);
  });

  it.each([
    [230, '230 ms'],
    [1400, '1.4 s'],
    [125_000, '2 min 5 s'],
  ])('formatDuration(%d) = %s', (ms, want) => {
    expect(formatDuration(ms, 'en-US')).toBe(want);
  });

  it('pluralizes', () => {
    expect(plural(1, 'file', undefined, 'en-US')).toBe('1 file');
    expect(plural(1200, 'file', undefined, 'en-US')).toBe('1,200 files');
    expect(plural(2, 'person', 'people', 'en-US')).toBe('2 people');
  });
});

describe('instants', () => {
  it('shows a UTC instant in the given zone with the zone name', () => {
    // 06:00:01Z is 08:00:01 in Bucharest (EET, UTC+2) in March before DST.
    const s = formatInstant('2024-03-01T06:00:01Z', { locale: 'en-GB', zone: 'Europe/Bucharest' });
    expect(s).toContain('08:00:01');
    expect(s).toContain('1 Mar 2024');
    expect(s).toMatch(/EET|GMT\+2/);
  });

  it('follows DST', () => {
    const summer = formatInstant('2024-07-01T12:00:00Z', { locale: 'en-GB', zone: 'Europe/Bucharest', seconds: false });
    expect(summer).toContain('15:00');
  });

  it('shows a dash for missing or bad instants', () => {
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant('not a date')).toBe('—');
  });

  it('formats a period in one zone', () => {
    const p = formatPeriod('2024-03-01T06:00:01Z', '2024-03-17T03:28:26Z', { locale: 'en-GB', zone: 'Europe/Bucharest' });
    expect(p).toBe('1 Mar 2024, 08:00 → 17 Mar 2024, 05:28');
    expect(formatPeriod(null, null)).toBe('No events');
  });

  it('formats compact day ranges', () => {
    const o = { locale: 'en-GB', zone: 'UTC' };
    // ICU puts thin spaces around the dash; compare with plain spaces
    const formatDayRange = (a: string | null, b: string | null, opts: typeof o) => dayRange(a, b, opts).replace(/[\u2009\u202f]/g, ' ');
    expect(formatDayRange('2024-02-10T03:38:00Z', '2024-03-01T14:18:00Z', o)).toBe('10 Feb – 1 Mar 2024');
    expect(formatDayRange('2024-08-18T09:02:11Z', '2024-08-18T11:48:43Z', o)).toBe('18 Aug 2024');
    expect(formatDayRange('2023-12-28T09:00:00Z', '2024-01-03T09:00:00Z', o)).toBe('28 Dec 2023 – 3 Jan 2024');
    expect(formatDayRange(null, '2024-01-03T09:00:00Z', o)).toBe('3 Jan 2024');
    expect(formatDayRange(null, null, o)).toBe('—');
  });

  it('counts the days a period spans', () => {
    expect(periodDays('2024-03-01T06:00:00Z', '2024-03-01T07:00:00Z')).toBe(1);
    expect(periodDays('2024-03-01T06:00:00Z', '2024-03-17T03:28:26Z')).toBe(16);
    expect(periodDays(null, '2024-03-01T07:00:00Z')).toBe(0);
  });

  it('names zones with their offset and abbreviation', () => {
    const winter = new Date('2024-01-15T12:00:00Z');
    expect(zoneOffset('Europe/Bucharest', winter)).toBe('UTC+02:00');
    expect(zoneOffset('America/St_Johns', winter)).toBe('UTC−03:30');
    expect(zoneOffset('UTC', winter)).toBe('UTC');
    expect(zoneLabel('UTC', winter)).toBe('UTC');
    expect(zoneLabel('America/New_York', winter, 'en-US')).toBe('America/New_York (EST)');
  });

  it('says how long ago', () => {
    const now = new Date('2024-03-20T12:00:00Z');
    expect(formatRelative('2024-03-17T12:00:00Z', now, 'en-US')).toBe('3 days ago');
    expect(formatRelative('2024-03-20T11:59:30Z', now, 'en-US')).toBe('just now');
    expect(formatRelative('2024-03-20T10:00:00Z', now, 'en-US')).toBe('2 hours ago');
  });
});

describe('text', () => {
  it('shortens hashes', () => {
    const h = 'a3f1c9e07b2d4c5f8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e';
    expect(shortHash(h)).toBe('a3f1c9e07b2d…');
    expect(shortHash('')).toBe('—');
  });

  it('names delimiters', () => {
    expect(describeDelimiter(';')).toBe('semicolon');
    expect(describeDelimiter('\t')).toBe('tab');
    expect(describeDelimiter('#')).toBe('"#"');
  });

  it('takes base names of both path styles', () => {
    expect(baseName('/home/ana/exports/activity.csv')).toBe('activity.csv');
    expect(baseName('C:\\Users\\ana\\Downloads\\log.csv')).toBe('log.csv');
  });
});
