import { ActionIcon, Group, Loader, NumberInput, Text, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCornerDownLeft } from '@tabler/icons-react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { Column, EventRow } from '../../api/report';
import { formatCount } from '../../lib/format';
import { COLUMN_TITLES, COLUMN_WIDTHS, NUMERIC_COLUMNS, cellText } from '../../lib/reportFormat';
import { rowTop, scaleFor, toReal, toVirtual, visibleRows } from '../../lib/virtualScale';
import type { EventRows } from './useEventRows';

export const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 34;

export interface ResultsTableHandle {
  scrollToRow: (index: number) => void;
  focus: () => void;
}

interface Props {
  rows: EventRows;
  columns: Column[];
  zone: string;
  sort: string;
  asc: boolean;
  onSort: (column: Column) => void;
  selectedId: number | null;
  onOpen: (row: EventRow, index: number) => void;
}

/** Columns the store can order by (an index serves them); others are shown but not sortable. */
const SORTABLE = new Set<Column>(['time', 'user', 'ip', 'system', 'module', 'action', 'kind', 'target_ref', 'amount', 'id']);

/**
 * The event table: a virtual list of fixed-height rows over server pages. It scrolls through a
 * million rows without rendering more than a screenful, fetches the pages of the rows in view,
 * and caps the spacer height browsers allow (see virtualScale).
 */
export const ResultsTable = forwardRef<ResultsTableHandle, Props>(function ResultsTable(
  { rows, columns, zone, sort, asc, onSort, selectedId, onOpen },
  ref,
) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(600);
  const total = rows.total ?? rows.cache.size;
  const bodyViewport = Math.max(ROW_HEIGHT, viewport - HEADER_HEIGHT);
  const scale = useMemo(() => scaleFor(total, ROW_HEIGHT, bodyViewport), [total, bodyViewport]);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const [cursor, setCursor] = useState(0);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const virtualizer: Virtualizer<HTMLDivElement, Element> = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 1000, height: bodyViewport },
    observeElementOffset: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el) return;
      let timer = 0;
      const handler = () => {
        cb(toVirtual(el.scrollTop, scaleRef.current), true);
        window.clearTimeout(timer);
        timer = window.setTimeout(() => cb(toVirtual(el.scrollTop, scaleRef.current), false), 120);
      };
      handler();
      el.addEventListener('scroll', handler, { passive: true });
      return () => {
        el.removeEventListener('scroll', handler);
        window.clearTimeout(timer);
      };
    },
    scrollToFn: (offset, { adjustments = 0 }, instance) => {
      instance.scrollElement?.scrollTo({ top: toReal(offset + adjustments, scaleRef.current) });
    },
  });

  const scrollTop = scrollRef.current?.scrollTop ?? 0;
  const items = virtualizer.getVirtualItems();
  const offset = toVirtual(scrollTop, scale);
  const [first, last] = visibleRows(offset, bodyViewport, ROW_HEIGHT, total);

  // Ask for the pages of the rows in view (after render, so a fast drag settles first).
  const { show } = rows;
  useEffect(() => {
    if (total > 0) show(first, last);
  }, [first, last, total, show, rows.version]);

  const scrollToRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(total - 1, index));
      const el = scrollRef.current;
      if (!el) return;
      // Round up: a scaled scrollTop rounded down would show the row before.
      el.scrollTop = Math.ceil(toReal(i * ROW_HEIGHT, scaleRef.current));
      setCursor(i);
    },
    [total],
  );

  useImperativeHandle(ref, () => ({ scrollToRow, focus: () => scrollRef.current?.focus() }), [scrollToRow]);

  const widths = columns.map((c) => COLUMN_WIDTHS[c]);
  const fullWidth = widths.reduce((a, b) => a + b, 0) + 16;
  const template = `${widths.map((w) => `${w}px`).join(' ')} minmax(16px, 1fr)`;

  const openAt = (i: number) => {
    const r = rows.cache.row(i);
    if (r) onOpen(r, i);
  };

  const onKey = (e: React.KeyboardEvent) => {
    let next = cursor;
    const page = Math.max(1, Math.floor(bodyViewport / ROW_HEIGHT) - 1);
    if (e.key === 'ArrowDown') next = cursor + 1;
    else if (e.key === 'ArrowUp') next = cursor - 1;
    else if (e.key === 'PageDown') next = cursor + page;
    else if (e.key === 'PageUp') next = cursor - page;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = total - 1;
    else if (e.key === 'Enter') {
      openAt(cursor);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    next = Math.max(0, Math.min(total - 1, next));
    setCursor(next);
    if (next < first || next > last - 1) {
      const el = scrollRef.current;
      if (el) {
        const target = next < first ? next : next - Math.floor(bodyViewport / ROW_HEIGHT) + 1;
        el.scrollTop = Math.ceil(toReal(Math.max(0, target) * ROW_HEIGHT, scaleRef.current));
      }
    }
    if (selectedId !== null) openAt(next);
  };

  const loadedFirst = rows.cache.row(first) !== undefined;

  return (
    <div className="tb-results">
      <div
        ref={scrollRef}
        className="tb-results-scroll"
        tabIndex={0}
        role="grid"
        aria-label="Events"
        aria-rowcount={total + 1}
        onKeyDown={onKey}
        data-first-row={first}
        data-first-loaded={loadedFirst ? 'yes' : 'no'}
        data-total={rows.total ?? ''}
      >
        <div className="tb-results-head" role="row" style={{ gridTemplateColumns: template, minWidth: fullWidth }}>
          {columns.map((c) => {
            const active = (sort || 'time') === c;
            const sortable = SORTABLE.has(c);
            return (
              <div
                key={c}
                role="columnheader"
                aria-sort={active ? (asc ? 'ascending' : 'descending') : 'none'}
                className={`tb-results-th${NUMERIC_COLUMNS.has(c) ? ' tb-right' : ''}${sortable ? ' tb-sortable' : ''}`}
                onClick={sortable ? () => onSort(c) : undefined}
                title={sortable ? `Sort by ${COLUMN_TITLES[c].toLowerCase()}` : undefined}
              >
                <span>{COLUMN_TITLES[c]}</span>
                {active ? asc ? <IconArrowUp size={12} /> : <IconArrowDown size={12} /> : null}
              </div>
            );
          })}
          <div />
        </div>
        <div style={{ height: scale.real, position: 'relative', minWidth: fullWidth }}>
          {items.map((it) => {
            const r = rows.cache.row(it.index);
            const top = rowTop(it.start, scrollTop, scale);
            const selected = r !== undefined && r.id === selectedId;
            return (
              <div
                key={it.key}
                role="row"
                aria-rowindex={it.index + 2}
                aria-selected={selected}
                data-row={it.index}
                data-id={r?.id}
                className={`tb-results-row${it.index % 2 ? ' tb-odd' : ''}${selected ? ' tb-selected' : ''}${
                  it.index === cursor ? ' tb-cursor' : ''
                }`}
                style={{ transform: `translateY(${top}px)`, gridTemplateColumns: template, height: ROW_HEIGHT }}
                onClick={() => {
                  setCursor(it.index);
                  if (r) onOpen(r, it.index);
                }}
              >
                {r
                  ? columns.map((c) => {
                      const text = cellText(r, c, zone);
                      return (
                        <div
                          key={c}
                          role="gridcell"
                          className={`tb-results-td${NUMERIC_COLUMNS.has(c) ? ' tb-right' : ''}${
                            c === 'ip' || c === 'target_ref' ? ' tb-mono' : ''
                          }`}
                          title={text.length > 24 ? text : undefined}
                        >
                          {text}
                        </div>
                      );
                    })
                  : columns.map((c) => (
                      <div key={c} role="gridcell" className="tb-results-td">
                        <span className="tb-skeleton" />
                      </div>
                    ))}
              </div>
            );
          })}
        </div>
        {rows.total === 0 ? (
          <div className="tb-results-empty">
            <Text fw={500}>No events match these filters</Text>
            <Text c="dimmed" fz="sm">
              Widen the period or clear a filter.
            </Text>
          </div>
        ) : null}
      </div>
      <Group className="tb-results-foot" justify="space-between" wrap="nowrap" gap="sm">
        <Text fz="xs" c="dimmed" className="tb-num" data-testid="row-range">
          {total > 0 && rows.total !== null
            ? `Rows ${formatCount(first + 1)}–${formatCount(Math.min(last + 1, total))} of ${formatCount(total)}`
            : rows.total === null
              ? 'Counting…'
              : ''}
          {rows.cache.loading ? <Loader size={10} ml={8} type="dots" /> : null}
        </Text>
        <GoToRow total={total} onGo={(n) => scrollToRow(n - 1)} />
      </Group>
    </div>
  );
});

function GoToRow({ total, onGo }: { total: number; onGo: (row: number) => void }) {
  const [value, setValue] = useState<string | number>('');
  const go = () => {
    const n = typeof value === 'number' ? value : Number.parseInt(value, 10);
    if (Number.isFinite(n) && n >= 1) onGo(Math.min(n, total));
  };
  return (
    <Group gap={4} wrap="nowrap">
      <Text fz="xs" c="dimmed">
        Go to row
      </Text>
      <NumberInput
        size="xs"
        w={110}
        min={1}
        max={Math.max(1, total)}
        value={value}
        onChange={setValue}
        thousandSeparator=","
        hideControls
        aria-label="Go to row"
        onKeyDown={(e) => {
          if (e.key === 'Enter') go();
        }}
      />
      <Tooltip label="Go">
        <ActionIcon variant="subtle" size="sm" onClick={go} aria-label="Go to that row">
          <IconCornerDownLeft size={14} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
