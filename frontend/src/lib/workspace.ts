// Small pure rules behind the workspace screen, kept out of the components so they are tested.
import type { ImportResult, VerifyResult } from '../api';

/** Trailbook's own actions are stored as events of this system. */
export const OWN_SYSTEM = 'trailbook';

/** Systems by event count, largest first; Trailbook's own events always last. */
export function systemRows(bySystem: Record<string, number>): { system: string; count: number }[] {
  return Object.entries(bySystem)
    .map(([system, count]) => ({ system, count }))
    .sort((a, b) => {
      if (a.system === OWN_SYSTEM) return 1;
      if (b.system === OWN_SYSTEM) return -1;
      return b.count - a.count || a.system.localeCompare(b.system);
    });
}

/** True when a workspace has no imported activity yet (Trailbook's own events do not count). */
export function isEmptyWorkspace(w: { events: number; batches: number }): boolean {
  return w.events === 0 && w.batches === 0;
}

/** "Chain broken at row #812 · users-activity.csv:57 · hash does not match" */
export function describeVerifyFailure(r: VerifyResult): string {
  const parts: string[] = [];
  parts.push(typeof r.id === 'number' ? `Chain broken at row #${r.id}` : 'Chain broken');
  if (r.file) parts.push(r.line ? `${r.file}:${r.line}` : r.file);
  if (r.problem) parts.push(r.problem);
  return parts.join(' · ');
}

export type Outcome = 'imported' | 'nothing-new' | 'failed' | 'cancelled';

/** How one file's import ended, for its badge. */
export function outcome(r: Pick<ImportResult, 'error' | 'inserted'>): Outcome {
  if (r.error) return /cancel/i.test(r.error) ? 'cancelled' : 'failed';
  return r.inserted > 0 ? 'imported' : 'nothing-new';
}

const OK_STATUSES = new Set(['', 'ok', 'done', 'complete', 'completed', 'imported', 'success']);

/** A batch status worth a badge in the history ("failed", "cancelled" …); null when it is plain success. */
export function batchStatusBadge(status: string): { label: string; color: string } | null {
  const s = status.trim().toLowerCase();
  if (OK_STATUSES.has(s)) return null;
  if (s.includes('fail') || s.includes('error')) return { label: status, color: 'red' };
  if (s.includes('cancel')) return { label: status, color: 'gray' };
  return { label: status, color: 'yellow' };
}
