// Rows of a report, fetched from Go in fixed-size pages as the table's visible range asks for
// them. A page that follows a cached page is fetched by keyset (the cursor the previous page
// ended on, which is what the store does fastest); any other page, e.g. after the scrollbar was
// dragged to row 500,000, is fetched by its row offset. Only the latest visible range is
// queued: a page asked for while scrolling past it is dropped before it is fetched.

export interface Page<R> {
  rows: R[];
  /** Keyset cursor after the last row; "" on the last page. */
  next: string;
}

export interface PageRequest {
  page: number;
  limit: number;
  /** Keyset cursor: the page follows a cached page that ended here. */
  after?: string;
  /** Row offset of the page's first row (when no cursor is known). */
  offset?: number;
}

export type PageFetcher<R> = (req: PageRequest, signal: AbortSignal) => Promise<Page<R>>;

/** The pages that hold rows [start, end] (inclusive), clamped to `total` rows. */
export function pagesFor(start: number, end: number, pageSize: number, total: number): number[] {
  if (total <= 0 || end < start) return [];
  const s = Math.max(0, Math.min(start, total - 1));
  const e = Math.max(0, Math.min(end, total - 1));
  const out: number[] = [];
  for (let p = Math.floor(s / pageSize); p <= Math.floor(e / pageSize); p++) out.push(p);
  return out;
}

export interface PageCacheOptions<R> {
  fetch: PageFetcher<R>;
  pageSize?: number;
  /** Pages kept in memory; the least recently used beyond this are dropped. */
  maxPages?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Called whenever rows arrive or a fetch fails. */
  onChange?: () => void;
}

export class PageCache<R> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly concurrency: number;
  private readonly fetcher: PageFetcher<R>;
  private readonly onChange: () => void;

  private pages = new Map<number, Page<R>>(); // insertion order = recency
  private inflight = new Map<number, AbortController>();
  private wanted: number[] = [];
  private total = 0;
  private generation = 0;
  /** The last error, cleared by the next successful page. */
  error: Error | null = null;
  /** Number of page requests sent (for tests and the performance readout). */
  requests = 0;

  constructor(opts: PageCacheOptions<R>) {
    this.fetcher = opts.fetch;
    this.pageSize = opts.pageSize ?? 200;
    this.maxPages = Math.max(4, opts.maxPages ?? 60);
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.onChange = opts.onChange ?? (() => {});
  }

  /** Forgets every row (new filters) and sets the row count the pages are clamped to. */
  reset(total: number): void {
    this.generation++;
    for (const c of this.inflight.values()) c.abort();
    this.inflight.clear();
    this.pages.clear();
    this.wanted = [];
    this.total = Math.max(0, total);
    this.error = null;
  }

  /** Sets the row count once it is known, keeping the pages already loaded. */
  resize(total: number): void {
    this.total = Math.max(0, total);
    const maxPage = Math.floor((this.total - 1) / this.pageSize);
    for (const p of this.pages.keys()) if (p > maxPage) this.pages.delete(p);
  }

  get size(): number {
    return this.total;
  }

  /** The row at index, or undefined while its page is loading. */
  row(index: number): R | undefined {
    const p = Math.floor(index / this.pageSize);
    const page = this.pages.get(p);
    return page?.rows[index - p * this.pageSize];
  }

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  cachedPages(): number[] {
    return [...this.pages.keys()];
  }

  /** The request for a page: keyset when the page before it is cached, else by offset. */
  requestFor(page: number): PageRequest {
    const prev = this.pages.get(page - 1);
    if (page > 0 && prev && prev.next) return { page, limit: this.pageSize, after: prev.next };
    return { page, limit: this.pageSize, offset: page * this.pageSize };
  }

  /**
   * Makes the rows [start, end] (plus `overscan` pages either side) available. Pages already
   * cached are touched (kept as recent); missing ones are queued, replacing an older queue.
   */
  ensure(start: number, end: number, overscan = 0): void {
    const visible = pagesFor(start, end, this.pageSize, this.total);
    if (!visible.length) {
      this.wanted = [];
      return;
    }
    const first = visible[0] ?? 0;
    const last = visible[visible.length - 1] ?? 0;
    const maxPage = Math.floor((this.total - 1) / this.pageSize);
    const want: number[] = [...visible];
    for (let i = 1; i <= overscan; i++) {
      if (last + i <= maxPage) want.push(last + i);
      if (first - i >= 0) want.push(first - i);
    }
    for (const p of want) this.touch(p);
    // A request already sent for a page the view has left is allowed to finish (Go is working
    // on it anyway) and holds its slot, so a dragged scrollbar costs one query per slot, not one
    // per frame.
    this.wanted = want.filter((p) => !this.pages.has(p));
    this.pump();
  }

  private touch(page: number): void {
    const v = this.pages.get(page);
    if (v) {
      this.pages.delete(page);
      this.pages.set(page, v);
    }
  }

  private pump(): void {
    while (this.inflight.size < this.concurrency && this.wanted.length) {
      // Prefer a page whose predecessor is cached (cheap keyset), else the first wanted.
      let i = this.wanted.findIndex((p) => this.pages.get(p - 1)?.next);
      if (i < 0) i = 0;
      const page = this.wanted.splice(i, 1)[0];
      if (page === undefined || this.pages.has(page) || this.inflight.has(page)) continue;
      this.load(page);
    }
  }

  private load(page: number): void {
    const gen = this.generation;
    const ctl = new AbortController();
    this.inflight.set(page, ctl);
    this.requests++;
    const req = this.requestFor(page);
    this.fetcher(req, ctl.signal).then(
      (res) => {
        if (gen !== this.generation || ctl.signal.aborted) return;
        this.inflight.delete(page);
        this.pages.set(page, res);
        this.error = null;
        this.evict();
        this.pump();
        this.onChange();
      },
      (err: unknown) => {
        if (gen !== this.generation || ctl.signal.aborted) return;
        this.inflight.delete(page);
        this.error = err instanceof Error ? err : new Error(String(err));
        this.pump();
        this.onChange();
      },
    );
  }

  private evict(): void {
    const keep = new Set(this.wanted);
    for (const p of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if (!keep.has(p)) this.pages.delete(p);
    }
  }

  /** Whether any page is still on its way. */
  get loading(): boolean {
    return this.inflight.size > 0 || this.wanted.length > 0;
  }
}
