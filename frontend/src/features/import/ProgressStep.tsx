import { Group, Progress, Stack, Text } from '@mantine/core';
import { IconCheck, IconClock, IconLoader2 } from '@tabler/icons-react';
import { formatBytes, formatCount, formatPercent } from '../../lib/format';
import { progressName, type FileProgress, type ProgressFile } from '../../lib/importPlan';

export function ProgressStep({
  files,
  progress,
  live,
  elapsed,
}: {
  files: ProgressFile[];
  progress: FileProgress[];
  /** Whether progress events arrive; without them bars are indeterminate. */
  live: boolean;
  elapsed: number;
}) {
  return (
    <Stack gap={10}>
      {files.map((f, i) => {
        const p = progress[i] ?? { state: 'waiting', fraction: null, rows: 0 };
        const indeterminate = !live || p.state === 'indexing' || (p.state === 'running' && p.fraction === null);
        const value = p.state === 'done' ? 100 : (p.fraction ?? 0) * 100;
        return (
          <div key={f.path} className="tb-file-row" style={{ padding: '10px 14px' }}>
            <Group justify="space-between" wrap="nowrap" mb={8}>
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                {p.state === 'done' ? (
                  <IconCheck size={15} color="var(--mantine-color-teal-filled)" />
                ) : p.state === 'running' || p.state === 'indexing' || !live ? (
                  <IconLoader2 size={15} className="tb-spin" />
                ) : (
                  <IconClock size={15} style={{ opacity: 0.5 }} />
                )}
                <Text fz="sm" fw={500} truncate>
                  {progressName(f)}
                </Text>
                <Text fz="xs" c="dimmed" className="tb-num" style={{ flex: 'none' }}>
                  {formatBytes(f.size)}
                </Text>
              </Group>
              <Text fz="xs" c="dimmed" className="tb-num" style={{ flex: 'none' }}>
                {!live
                  ? `working… ${elapsed} s`
                  : p.state === 'waiting'
                    ? 'waiting'
                    : p.state === 'done'
                      ? `${formatCount(p.rows)} rows read`
                      : p.state === 'indexing'
                        ? `${formatCount(p.rows)} rows · indexing for search…`
                        : `${formatCount(p.rows)} rows · ${p.fraction === null ? '…' : formatPercent(p.fraction, 1)}`}
              </Text>
            </Group>
            <Progress
              value={indeterminate ? 100 : value}
              animated={indeterminate}
              striped={indeterminate}
              size="sm"
              color={p.state === 'done' ? 'teal' : undefined}
              aria-label={`Progress of ${progressName(f)}`}
              transitionDuration={120}
              style={indeterminate ? { opacity: 0.55 } : undefined}
            />
          </div>
        );
      })}
      {!live ? (
        <Text fz="xs" c="dimmed">
          Progress is reported in the desktop app; in the browser the results appear when the import finishes.
        </Text>
      ) : null}
    </Stack>
  );
}
