// What the retention card says, decided apart from the screen so it can be tested.
import type { Retention } from '../api';
import { formatCount, formatDay, plural } from './format';

export const RETENTION_PRESETS = [
  { days: 0, label: 'Forever' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 730, label: '2 years' },
  { days: 2555, label: '7 years' },
] as const;

/** Parses the days field: a whole number from 0 (keep forever) to 36,500; null when invalid. */
export function parseDays(input: string | number): number | null {
  const n = typeof input === 'number' ? input : Number(String(input).trim());
  if (!Number.isInteger(n) || n < 0 || n > 36500) return null;
  return n;
}

/** Describes a retention period in words: "1 year", "90 days", "kept forever". */
export function describeDays(days: number): string {
  if (days === 0) return 'kept forever';
  if (days % 365 === 0) return plural(days / 365, 'year');
  return plural(days, 'day');
}

export interface RetentionView {
  headline: string;
  detail: string;
  /** Whether a purge would delete anything now. */
  canPurge: boolean;
}

export function retentionView(r: Retention, zone?: string): RetentionView {
  if (r.days === 0 || !r.cutoff_utc) {
    return {
      headline: 'Imported events are kept forever',
      detail: 'Set a retention period to purge events older than it. Nothing is deleted until you confirm a purge.',
      canPurge: false,
    };
  }
  const day = formatDay(r.cutoff_utc, { zone });
  return {
    headline: `Imported events are kept for ${describeDays(r.days)}`,
    detail:
      r.due > 0
        ? `${plural(r.due, 'event')} occurred before ${day} and ${r.due === 1 ? 'is' : 'are'} due for purge.`
        : `No imported event is older than ${day}.`,
    canPurge: r.due > 0,
  };
}

/** The confirmation question of a purge. */
export function purgeQuestion(events: number, beforeUtc: string, zone?: string): string {
  return `Delete ${formatCount(events)} imported ${events === 1 ? 'event' : 'events'} that occurred before ${formatDay(beforeUtc, { zone })}?`;
}
