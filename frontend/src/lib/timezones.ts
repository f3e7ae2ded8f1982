import { zoneOffset } from './format';

export interface ZoneOption {
  value: string;
  label: string;
}

/** The IANA zones this runtime knows, or a short fallback list on old runtimes. */
export function supportedZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    if (typeof intl.supportedValuesOf === 'function') return intl.supportedValuesOf('timeZone');
  } catch {
    // fall through
  }
  return ['UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Bucharest', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
}

/**
 * Options for a searchable zone picker: "UTC" first, then every zone alphabetically, each with its
 * current offset. Zones in `ensure` (a profile default, the user's zone) are added when the
 * runtime lists them under another name (e.g. Europe/Kiev vs Europe/Kyiv).
 */
export function zoneOptions(ensure: string[] = [], zones: string[] = supportedZones(), at: Date = new Date()): ZoneOption[] {
  const set = new Set(zones.filter((z) => z !== 'UTC'));
  for (const z of ensure) if (z && z !== 'UTC') set.add(z);
  const sorted = [...set].sort((a, b) => a.localeCompare(b));
  return ['UTC', ...sorted].map((z) => {
    const off = zoneOffset(z, at);
    return { value: z, label: off && off !== z ? `${z}  ·  ${off}` : z };
  });
}
