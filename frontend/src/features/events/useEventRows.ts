import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { EventRow, ReportApi, ReportSpec } from '../../api/report';
import { PageCache } from '../../lib/pageCache';
import { specKey } from '../../lib/reportSpec';

export const PAGE_SIZE = 200;

export interface EventRows {
  cache: PageCache<EventRow>;
  /** Rows matching the filters; null while counting. */
  total: number | null;
  /** Bumped whenever rows arrive, so the table re-renders. */
  version: number;
  error: string;
  /** Milliseconds from the filter change to the first rows on screen (performance readout). */
  firstRowsMs: number | null;
  /** Tells the cache which rows the table shows. */
  show: (first: number, last: number) => void;
}

/**
 * The rows of a report: counts them and serves pages through a PageCache. A filter change
 * resets the cache and asks for the count and the first page at once, so the table fills as
 * soon as the first page is back rather than after the count.
 */
export function useEventRows(api: ReportApi, spec: ReportSpec): EventRows {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [firstRowsMs, setFirstRowsMs] = useState<number | null>(null);
  const visible = useRef<[number, number]>([0, 40]);
  const startedAt = useRef(0);
  const key = specKey(spec);
  const specRef = useRef(spec);
  specRef.current = spec;

  const cache = useMemo(
    () =>
      new PageCache<EventRow>({
        pageSize: PAGE_SIZE,
        maxPages: 60,
        concurrency: 2,
        fetch: (req) =>
          api.query({
            spec: specRef.current,
            limit: req.limit,
            ...(req.after !== undefined ? { cursor: req.after } : { offset: req.offset ?? 0 }),
          }),
        onChange: () => bump(),
      }),
    [api],
  );

  useEffect(() => {
    let live = true;
    startedAt.current = performance.now();
    setTotal(null);
    setError('');
    setFirstRowsMs(null);
    // Until the count is back, assume one page so the first page is fetched right away.
    cache.reset(PAGE_SIZE);
    const [a, b] = visible.current;
    cache.ensure(a, b);
    api.count(specRef.current).then(
      (n) => {
        if (!live) return;
        cache.resize(n);
        setTotal(n);
        const [x, y] = visible.current;
        cache.ensure(x, y, 1);
      },
      (e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    bump();
    return () => {
      live = false;
    };
    // key stands for spec: a new object with the same filters must not refetch.
  }, [api, cache, key]);

  useEffect(() => {
    if (firstRowsMs === null && cache.row(0) !== undefined) setFirstRowsMs(performance.now() - startedAt.current);
  }, [version, cache, firstRowsMs]);

  useEffect(() => {
    if (cache.error) setError(cache.error.message);
  }, [version, cache]);

  const show = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last];
      cache.ensure(first, last, 1);
    },
    [cache],
  );

  return { cache, total, version, error, firstRowsMs, show };
}
