import { Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { api, type SystemCoverage } from '../../api';
import { formatDayRange, plural } from '../../lib/format';

/** Per system, the period its imported files cover and the days no file covers. */
export function CoverageCard({ version }: { version: number }) {
  const [rows, setRows] = useState<SystemCoverage[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    api
      .coverage()
      .then((c) => {
        if (!live) return;
        setRows(c);
        setError('');
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [version]);

  const gaps = rows?.reduce((n, r) => n + r.gaps.length, 0) ?? 0;
  return (
    <section aria-label="Coverage">
      <Group justify="space-between" mb="sm">
        <Text fw={600} fz="sm">
          Coverage
        </Text>
        {rows ? (
          <Text fz="xs" c="dimmed">
            {gaps ? plural(gaps, 'gap') : 'no gaps'} between imported files
          </Text>
        ) : null}
      </Group>
      {error ? (
        <Text fz="sm" c="red">
          {error}
        </Text>
      ) : !rows ? (
        <Loader size={14} />
      ) : !rows.length ? (
        <Text fz="sm" c="dimmed">
          No imported files yet.
        </Text>
      ) : (
        <Stack gap={10} role="list">
          {rows.map((r) => (
            <div key={r.system} role="listitem" data-testid={`coverage-${r.system}`}>
              <Group gap={8} wrap="nowrap" justify="space-between">
                <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                  {r.gaps.length ? (
                    <IconAlertTriangle size={15} color="var(--tb-warn-text)" style={{ flex: 'none' }} />
                  ) : (
                    <IconCircleCheck size={15} color="var(--mantine-color-teal-filled)" style={{ flex: 'none' }} />
                  )}
                  <Text fz="sm" fw={500} truncate>
                    {r.system}
                  </Text>
                  <Badge size="xs" variant="light" color="gray" tt="none">
                    {plural(r.batches, 'file')}
                  </Badge>
                </Group>
                <Text fz="xs" c="dimmed" className="tb-num" style={{ whiteSpace: 'nowrap' }}>
                  {formatDayRange(r.from_utc, r.to_utc, { zone: 'UTC' })}
                </Text>
              </Group>
              {r.gaps.map((g) => (
                <Text key={g.from_day} fz="xs" ml={21} mt={2} style={{ color: 'var(--tb-warn-text)' }}>
                  {g.message} ({plural(g.days, 'day')})
                </Text>
              ))}
            </div>
          ))}
        </Stack>
      )}
    </section>
  );
}
