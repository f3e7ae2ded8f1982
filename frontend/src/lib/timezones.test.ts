import { describe, expect, it } from 'vitest';
import { supportedZones, zoneOptions } from './timezones';

describe('zoneOptions', () => {
  const at = new Date('2024-01-15T12:00:00Z');

  it('puts UTC first, sorts the rest and labels them with the offset', () => {
    const opts = zoneOptions([], ['Europe/Berlin', 'America/New_York', 'UTC'], at);
    expect(opts.map((o) => o.value)).toEqual(['UTC', 'America/New_York', 'Europe/Berlin']);
    expect(opts[0]?.label).toBe('UTC');
    expect(opts[2]?.label).toBe('Europe/Berlin  ·  UTC+01:00');
  });

  it('adds zones a profile or the user needs when the runtime lists them under another name', () => {
    const opts = zoneOptions(['Europe/Kiev', '', 'Europe/Berlin'], ['Europe/Berlin', 'Europe/Kyiv'], at);
    expect(opts.map((o) => o.value)).toEqual(['UTC', 'Europe/Berlin', 'Europe/Kiev', 'Europe/Kyiv']);
  });

  it('knows the runtime’s zones', () => {
    const zones = supportedZones();
    expect(zones.length).toBeGreaterThan(5);
    expect(zones).toContain('Europe/Berlin');
  });
});
