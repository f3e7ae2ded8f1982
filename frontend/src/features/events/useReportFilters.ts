import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReportSpec } from '../../api/report';
import { buildHash, fromSpec, parseHash, toSpec, type FilterState } from '../../lib/reportSpec';

export interface ReportFilters {
  filters: FilterState;
  spec: ReportSpec;
  /** Replaces the filters; `push` adds a history entry (drill-down jumps) so Back returns. */
  setFilters: (f: FilterState, opts?: { push?: boolean; view?: string }) => void;
  update: (patch: Partial<FilterState>) => void;
}

/**
 * The report filters, kept in the location hash of the view (#/events?users=ana) so a view can
 * be bookmarked, reloaded and stepped back through. Both Events and Summary read the same state.
 */
export function useReportFilters(view: string, active: boolean): ReportFilters {
  const [filters, setState] = useState<FilterState>(() => fromSpec(parseHash(window.location.hash).spec));
  const viewRef = useRef(view);
  viewRef.current = view;

  useEffect(() => {
    const onPop = () => setState(fromSpec(parseHash(window.location.hash).spec));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const spec = useMemo(() => toSpec(filters), [filters]);

  // Writes the hash whenever the view or the filters change while a report view is shown.
  useEffect(() => {
    if (!active) return;
    const next = buildHash(view, spec);
    if (window.location.hash !== next) window.history.replaceState(null, '', next);
  }, [active, view, spec]);

  const setFilters = useCallback((f: FilterState, opts?: { push?: boolean; view?: string }) => {
    if (opts?.push) window.history.pushState(null, '', buildHash(opts.view ?? viewRef.current, toSpec(f)));
    setState(f);
  }, []);

  const update = useCallback((patch: Partial<FilterState>) => setState((f) => ({ ...f, ...patch })), []);

  return { filters, spec, setFilters, update };
}
