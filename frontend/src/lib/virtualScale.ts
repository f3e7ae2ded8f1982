// Browsers cap an element's height (about 33.5 million px in Chromium and WebKit, less in
// Firefox), so a million rows of 28 px is close to the edge and two million are past it. The
// table therefore scrolls a spacer of at most MAX_SCROLL_PX and maps its scrollTop onto the
// virtual list linearly: at scale 1 (most reports) nothing changes; beyond it a pixel of
// scrollbar covers `scale` pixels of rows, and rows are drawn relative to the viewport.

export const MAX_SCROLL_PX = 15_000_000;

export interface Scale {
  /** Virtual height of all rows. */
  virtual: number;
  /** Height of the scrolled spacer. */
  real: number;
  /** virtual / real (>= 1). */
  factor: number;
}

export function scaleFor(rows: number, rowHeight: number, viewport: number, max = MAX_SCROLL_PX): Scale {
  const virtual = Math.max(0, rows * rowHeight);
  if (virtual <= max) return { virtual, real: virtual, factor: 1 };
  // Map the scrollable ranges onto each other so the last row is reachable exactly.
  const vRange = Math.max(1, virtual - viewport);
  const rRange = Math.max(1, max - viewport);
  return { virtual, real: max, factor: vRange / rRange };
}

/** The virtual offset shown at a real scrollTop. */
export function toVirtual(scrollTop: number, s: Scale): number {
  return s.factor === 1 ? scrollTop : scrollTop * s.factor;
}

/** The real scrollTop that shows a virtual offset. */
export function toReal(offset: number, s: Scale): number {
  return s.factor === 1 ? offset : offset / s.factor;
}

/** Where a row starting at virtual `start` is drawn inside the spacer. */
export function rowTop(start: number, scrollTop: number, s: Scale): number {
  return s.factor === 1 ? start : scrollTop + (start - toVirtual(scrollTop, s));
}

/** First and last row indices visible in a viewport at a virtual offset. */
export function visibleRows(offset: number, viewport: number, rowHeight: number, rows: number): [number, number] {
  if (rows <= 0) return [0, -1];
  const first = Math.max(0, Math.min(rows - 1, Math.floor(offset / rowHeight)));
  const last = Math.max(first, Math.min(rows - 1, Math.ceil((offset + viewport) / rowHeight) - 1));
  return [first, last];
}
