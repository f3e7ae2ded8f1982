import '../../styles/report.css';
import { Alert, Group, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useRef, useState } from 'react';
import type { Column, EventRow, ExportProgress, ReportApi } from '../../api/report';
import { formatCount } from '../../lib/format';
import { periodLabel } from '../../lib/reportFormat';
import { fromSpec, historyOfRecord, specColumns, toggleSort, userAroundTime } from '../../lib/reportSpec';
import { ColumnChooser } from './ColumnChooser';
import { DrillDown } from './DrillDown';
import { ExportButton } from './ExportButton';
import { FilterBar } from './FilterBar';
import { ResultsTable, type ResultsTableHandle } from './ResultsTable';
import { SavedReports } from './SavedReports';
import { useEventRows } from './useEventRows';
import type { ReportFilters } from './useReportFilters';

interface Props {
  api: ReportApi;
  report: ReportFilters;
  onExportProgress: (cb: (p: ExportProgress) => void) => () => void;
}

/** The report builder: filters, the event table with its total, drill-down, export, saved reports. */
export function EventsPage({ api, report, onExportProgress }: Props) {
  const { filters, spec, setFilters } = report;
  const rows = useEventRows(api, spec);
  const [open, setOpen] = useState<EventRow | null>(null);
  const tableRef = useRef<ResultsTableHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const columns = specColumns(spec);
  const zone = filters.zone || 'UTC';

  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['mod+F', () => searchRef.current?.focus()],
  ]);

  const jump = useCallback(
    (next: ReturnType<typeof historyOfRecord>) => {
      if (!next) return;
      setFilters(next, { push: true });
      tableRef.current?.scrollToRow(0);
    },
    [setFilters],
  );

  return (
    <div className="tb-events">
      <Group justify="space-between" align="flex-end" wrap="nowrap" mb={12}>
        <div>
          <Title order={2} fz={22}>
            Events
          </Title>
          <Text c="dimmed" fz="sm" data-testid="events-total" className="tb-num">
            {rows.total === null ? 'Counting…' : `${formatCount(rows.total)} ${rows.total === 1 ? 'event' : 'events'}`} ·{' '}
            {periodLabel(spec)} · {zone}
          </Text>
        </div>
        <Group gap={8} wrap="nowrap">
          <SavedReports api={api} spec={spec} onRun={(r) => setFilters(fromSpec(r.spec), { push: true })} />
          <ColumnChooser value={columns} onChange={(c: Column[]) => setFilters({ ...filters, columns: c })} />
          <ExportButton api={api} spec={spec} title={`Events · ${periodLabel(spec)}`} total={rows.total} onProgress={onExportProgress} />
        </Group>
      </Group>
      <FilterBar ref={searchRef} api={api} filters={filters} spec={spec} onChange={(f) => setFilters(f)} />
      {rows.error ? (
        <Alert color="red" variant="light" mt="sm" title="The report could not be read">
          {rows.error}
        </Alert>
      ) : null}
      <div className={`tb-events-body${open ? ' tb-with-panel' : ''}`}>
        <ResultsTable
          ref={tableRef}
          rows={rows}
          columns={columns}
          zone={zone}
          sort={filters.sort}
          asc={filters.asc}
          onSort={(c) => setFilters(toggleSort(filters, c))}
          selectedId={open?.id ?? null}
          onOpen={(r) => setOpen(r)}
        />
        {open ? (
          <DrillDown
            api={api}
            row={open}
            zone={zone}
            onClose={() => {
              setOpen(null);
              tableRef.current?.focus();
            }}
            onHistory={(e) => jump(historyOfRecord(filters, e))}
            onAround={(e) => jump(userAroundTime(filters, e))}
          />
        ) : null}
      </div>
    </div>
  );
}
