import { Button, Group, Menu, Modal, Progress, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import type { ExportFormat, ExportProgress, ReportApi, ReportSpec } from '../../api/report';
import { formatBytes, formatCount } from '../../lib/format';

interface Props {
  api: ReportApi;
  spec: ReportSpec;
  title: string;
  total: number | null;
  /** Subscribes to progress of export jobs; returns the unsubscribe function. */
  onProgress: (cb: (p: ExportProgress) => void) => () => void;
}

type State =
  | { step: 'idle' }
  | { step: 'running'; jobId: string; format: ExportFormat; rows: number; total: number }
  | { step: 'done'; result: { rows: number; size: number; where: string }; format: ExportFormat }
  | { step: 'error'; message: string };

let seq = 0;
const newJobId = () => `export-${Date.now().toString(36)}-${(seq++).toString(36)}`;

/** CSV and XLSX of the current view, with progress and cancel. */
export function ExportButton({ api, spec, title, total, onProgress }: Props) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const [menu, setMenu] = useState(false);
  useHotkeys([['mod+E', () => setMenu(true)]]);
  const jobRef = useRef('');
  const lastRows = useRef(0);

  useEffect(
    () =>
      onProgress((p) => {
        if (p.job_id !== jobRef.current) return;
        lastRows.current = p.rows;
        setState((s) => (s.step === 'running' ? { ...s, rows: p.rows, total: p.total || s.total } : s));
      }),
    [onProgress],
  );

  const start = async (format: ExportFormat) => {
    const jobId = newJobId();
    jobRef.current = jobId;
    lastRows.current = 0;
    setState({ step: 'running', jobId, format, rows: 0, total: total ?? 0 });
    try {
      const result = await api.exportReport({ job_id: jobId, spec, format, title });
      if (jobRef.current !== jobId) return;
      // null: the save dialog was cancelled.
      setState(result ? { step: 'done', result: { ...result, rows: result.rows >= 0 ? result.rows : lastRows.current }, format } : { step: 'idle' });
    } catch (e) {
      if (jobRef.current !== jobId) return;
      const message = e instanceof Error ? e.message : String(e);
      setState(/cancel/i.test(message) ? { step: 'idle' } : { step: 'error', message });
    }
  };

  const cancel = () => {
    if (state.step !== 'running') return;
    void api.cancelJob(state.jobId).catch(() => undefined);
    jobRef.current = '';
    setState({ step: 'idle' });
  };

  const pct = state.step === 'running' && state.total > 0 ? Math.min(100, (state.rows / state.total) * 100) : 0;

  return (
    <>
      <Menu position="bottom-end" shadow="md" opened={menu} onChange={setMenu}>
        <Menu.Target>
          <Button size="xs" leftSection={<IconDownload size={14} />} disabled={state.step === 'running'} title="Export (Ctrl+E)">
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconFileSpreadsheet size={15} />} onClick={() => void start('xlsx')}>
            Excel workbook (.xlsx)
          </Menu.Item>
          <Menu.Item leftSection={<IconFileTypeCsv size={15} />} onClick={() => void start('csv')}>
            CSV (.csv)
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={state.step !== 'idle'}
        onClose={() => (state.step === 'running' ? cancel() : setState({ step: 'idle' }))}
        title={state.step === 'running' ? `Exporting ${state.format.toUpperCase()}…` : 'Export'}
        size="sm"
        closeOnClickOutside={state.step !== 'running'}
      >
        {state.step === 'running' ? (
          <Stack gap="sm" data-testid="export-progress">
            <Progress value={pct} animated={pct === 0} striped={pct === 0} />
            <Text fz="sm" className="tb-num">
              {formatCount(state.rows)} {state.total ? `of ${formatCount(state.total)} ` : ''}rows written
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={cancel}>
                Cancel
              </Button>
            </Group>
          </Stack>
        ) : state.step === 'done' ? (
          <Stack gap="sm" data-testid="export-done">
            <Text fz="sm">
              {formatCount(state.result.rows)} rows written{state.result.size ? ` (${formatBytes(state.result.size)})` : ''}.
            </Text>
            <Text fz="xs" className="tb-mono" style={{ wordBreak: 'break-all' }} data-testid="export-where">
              {state.result.where}
            </Text>
            <Group justify="flex-end">
              <Button onClick={() => setState({ step: 'idle' })}>Done</Button>
            </Group>
          </Stack>
        ) : state.step === 'error' ? (
          <Stack gap="sm">
            <Text fz="sm" c="red">
              {state.message}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setState({ step: 'idle' })}>
                Close
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
