import { describe, expect, it } from 'vitest';
import { PageCache, pagesFor, type Page, type PageRequest } from './pageCache';

/** A fake store of `n` rows numbered 0..n-1 that pages by keyset or offset, as Go does. */
function store(n: number) {
  const log: PageRequest[] = [];
  const pending: (() => void)[] = [];
  const fetch = (req: PageRequest, signal: AbortSignal): Promise<Page<number>> => {
    log.push(req);
    return new Promise((resolve, reject) => {
      pending.push(() => {
        if (signal.aborted) return reject(new Error('aborted'));
        const start = req.after !== undefined ? Number(req.after) + 1 : (req.offset ?? 0);
        const rows: number[] = [];
        for (let i = start; i < Math.min(n, start + req.limit); i++) rows.push(i);
        const last = rows[rows.length - 1];
        resolve({ rows, next: last !== undefined && last < n - 1 ? String(last) : '' });
      });
    });
  };
  const flush = async () => {
    while (pending.length) {
      pending.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { fetch, log, flush };
}

describe('pagesFor', () => {
  it('covers the range and clamps to the rows there are', () => {
    expect(pagesFor(0, 9, 10, 100)).toEqual([0]);
    expect(pagesFor(5, 25, 10, 100)).toEqual([0, 1, 2]);
    expect(pagesFor(95, 250, 10, 100)).toEqual([9]);
    expect(pagesFor(0, 10, 10, 0)).toEqual([]);
    expect(pagesFor(10, 5, 10, 100)).toEqual([]);
  });
});

describe('PageCache', () => {
  it('loads the visible pages, then the next page by keyset', async () => {
    const s = store(1000);
    const c = new PageCache<number>({ fetch: s.fetch, pageSize: 100 });
    c.reset(1000);
    c.ensure(0, 30);
    await s.flush();
    expect(c.row(0)).toBe(0);
    expect(c.row(99)).toBe(99);
    expect(c.row(100)).toBeUndefined();
    c.ensure(90, 120);
    await s.flush();
    expect(c.row(150)).toBe(150);
    expect(s.log).toEqual([
      { page: 0, limit: 100, offset: 0 },
      { page: 1, limit: 100, after: '99' },
    ]);
  });

  it('jumps far by offset and only fetches where the view stopped', async () => {
    const s = store(1_000_000);
    const c = new PageCache<number>({ fetch: s.fetch, pageSize: 200, concurrency: 1 });
    c.reset(1_000_000);
    // The scrollbar is dragged: ranges fly by faster than pages arrive.
    for (const start of [10_000, 200_000, 400_000, 500_000]) c.ensure(start, start + 30);
    await s.flush();
    expect(c.row(500_000)).toBe(500_000);
    expect(c.row(500_030)).toBe(500_030);
    // The first request was sent before the user moved on; the middle ones never left.
    expect(s.log.map((r) => r.offset)).toEqual([10_000, 500_000]);
    expect(c.hasPage(50)).toBe(true); // its answer is kept: Go had done the work
  });

  it('fetches overscan pages and clamps the last page', async () => {
    const s = store(450);
    const c = new PageCache<number>({ fetch: s.fetch, pageSize: 100 });
    c.reset(450);
    c.ensure(420, 449, 1);
    await s.flush();
    expect(c.cachedPages().sort()).toEqual([3, 4]);
    expect(c.row(449)).toBe(449);
    expect(c.row(450)).toBeUndefined();
  });

  it('drops the least recently used pages beyond its size, never the visible ones', async () => {
    const s = store(10_000);
    const c = new PageCache<number>({ fetch: s.fetch, pageSize: 10, maxPages: 4 });
    c.reset(10_000);
    for (const start of [0, 100, 200, 300, 400, 500]) {
      c.ensure(start, start + 5);
      await s.flush();
    }
    expect(c.cachedPages()).toEqual([20, 30, 40, 50]);
    c.ensure(200, 205); // touch: page 20 becomes the most recent
    c.ensure(600, 605);
    await s.flush();
    expect(c.cachedPages()).toEqual([40, 50, 20, 60]);
  });

  it('forgets everything on reset and ignores answers for old filters', async () => {
    const s = store(1000);
    let changes = 0;
    const c = new PageCache<number>({ fetch: s.fetch, pageSize: 100, onChange: () => changes++ });
    c.reset(1000);
    c.ensure(0, 10);
    c.reset(500); // new filters before the answer
    await s.flush();
    expect(c.row(0)).toBeUndefined();
    expect(changes).toBe(0);
    expect(c.size).toBe(500);
  });

  it('keeps the error and recovers on the next page', async () => {
    let fail = true;
    const c = new PageCache<number>({
      pageSize: 10,
      fetch: async (req) => {
        if (fail) throw new Error('database is locked');
        return { rows: [req.offset ?? 0], next: '' };
      },
    });
    c.reset(100);
    c.ensure(0, 5);
    await new Promise((r) => setTimeout(r, 0));
    expect(c.error?.message).toBe('database is locked');
    fail = false;
    c.ensure(0, 5);
    await new Promise((r) => setTimeout(r, 0));
    expect(c.error).toBeNull();
    expect(c.row(0)).toBe(0);
  });
});

describe('PageCache.resize', () => {
  it('keeps loaded pages when the count arrives after the first page', async () => {
    const s = store(1000);
    const c = new PageCache<number>({ fetch: s.fetch, pageSize: 100 });
    c.reset(100); // count unknown: one page assumed
    c.ensure(0, 500);
    await s.flush();
    expect(c.cachedPages()).toEqual([0]);
    c.resize(1000);
    expect(c.row(5)).toBe(5);
    c.ensure(0, 250);
    await s.flush();
    expect(c.row(250)).toBe(250);
    c.resize(50);
    expect(c.cachedPages()).toEqual([0]);
  });
});
