import { Alert, Badge, Group, Loader, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { api, type ImportFile, type PreviewEvent, type PreviewResult } from '../../api';
import { cellText, previewColumns, previewKey } from '../../lib/mapping';

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ok'; result: PreviewResult } | { kind: 'error'; message: string };

/** "2024-01-10T06:00:00Z" -> "2024-01-10 06:00:00": the instant exactly as stored, in UTC. */
function storedInstant(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

/**
 * The first rows of a file exactly as an import would store them (PreviewImport). `file` null
 * means "not ready yet" and shows `waiting`. Changes are debounced so typing stays smooth.
 */
export function PreviewTable({
  file,
  rows = 5,
  debounceMs = 250,
  waiting = '',
  label,
}: {
  file: ImportFile | null;
  rows?: number;
  debounceMs?: number;
  waiting?: string;
  label: string;
}) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const key = file ? previewKey(file) : '';

  useEffect(() => {
    if (!file) {
      setState({ kind: 'idle' });
      return;
    }
    let live = true;
    setState((s) => (s.kind === 'ok' ? s : { kind: 'loading' }));
    const t = window.setTimeout(() => {
      api
        .previewImport({ file, rows })
        .then((result) => live && setState({ kind: 'ok', result }))
        .catch((e: unknown) => live && setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
    }, debounceMs);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
    // key stands for file: refetch only when what the preview depends on changes
  }, [key, rows, debounceMs]);

  if (state.kind === 'idle') {
    return waiting ? (
      <Text fz="xs" c="dimmed" data-testid="preview-waiting">
        {waiting}
      </Text>
    ) : null;
  }
  if (state.kind === 'loading') {
    return (
      <Group gap="xs" p="xs">
        <Loader size={14} />
        <Text fz="xs" c="dimmed">
          Reading the first rows…
        </Text>
      </Group>
    );
  }
  if (state.kind === 'error') {
    return (
      <Alert color="red" variant="light" p="xs" icon={<IconAlertTriangle size={16} />} data-testid="preview-error">
        <Text fz="xs" className="tb-mono" style={{ wordBreak: 'break-word' }}>
          {state.message}
        </Text>
      </Alert>
    );
  }
  const { result } = state;
  const events = result.records.flatMap((r) => (r.event ? [r.event] : []));
  const cols = previewColumns(events);
  return (
    <div aria-label={label} role="region" data-testid="preview">
      <Group gap={6} mb={6} wrap="wrap">
        <Text fz="xs" c="dimmed">
          Stored as system
        </Text>
        <Badge size="sm" variant="light" tt="none">
          {result.system}
        </Badge>
        <Text fz="xs" c="dimmed">
          {result.source_zone ? `· zone-less times read in ${result.source_zone}` : '· times carry their own offset'} · first{' '}
          {result.records.length} rows
        </Text>
      </Group>
      <div style={{ overflowX: 'auto', border: '1px solid var(--tb-border)', borderRadius: 6 }}>
        <Table fz="xs" striped withColumnBorders={false} horizontalSpacing={8} verticalSpacing={4} style={{ whiteSpace: 'nowrap' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Occurred (UTC)</Table.Th>
              {cols.map((c) => (
                <Table.Th key={c.key}>{c.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.records.map((r, i) => (
              <Table.Tr key={`${r.line}-${i}`}>
                <Table.Td className="tb-num">{r.line}</Table.Td>
                {r.event ? (
                  <EventCells ev={r.event} cols={cols} />
                ) : (
                  <Table.Td colSpan={cols.length + 1} style={{ color: r.reject ? 'var(--mantine-color-red-light-color)' : undefined }}>
                    {r.reject ? `rejected${r.reject.column ? ` (${r.reject.column})` : ''}: ${r.reject.reason}` : r.skip ? `skipped: ${r.skip}` : ''}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {result.records.length === 0 ? (
        <Text fz="xs" c="dimmed" mt={4}>
          The file has no data rows.
        </Text>
      ) : null}
      {result.warnings.length ? (
        <Text fz="xs" mt={4} style={{ color: 'var(--tb-warn-text)' }}>
          {result.warnings.slice(0, 3).join(' · ')}
        </Text>
      ) : null}
    </div>
  );
}

function EventCells({ ev, cols }: { ev: PreviewEvent; cols: ReturnType<typeof previewColumns> }) {
  return (
    <>
      <Table.Td className="tb-num">{storedInstant(ev.occurred_at)}</Table.Td>
      {cols.map((c) => {
        const v = cellText(ev, c.key);
        return (
          <Table.Td key={c.key} title={v.length > 40 ? v : undefined} style={{ maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {c.key === 'kind' ? (
              <Badge size="xs" variant="outline" tt="none">
                {v}
              </Badge>
            ) : (
              v
            )}
          </Table.Td>
        );
      })}
    </>
  );
}
