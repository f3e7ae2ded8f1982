import { Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ProfileInfo } from '../../api';
import { formatCount, formatPercent } from '../../lib/format';
import { OWN_SYSTEM, systemRows } from '../../lib/workspace';

export function SystemBars({ bySystem, profiles }: { bySystem: Record<string, number>; profiles: ProfileInfo[] }) {
  const rows = systemRows(bySystem);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const total = rows.reduce((s, r) => s + r.count, 0);
  if (!rows.length) {
    return (
      <Text fz="sm" c="dimmed">
        No events yet.
      </Text>
    );
  }
  return (
    <Stack gap={9} role="list" aria-label="Events per system">
      {rows.map(({ system, count }) => {
        const own = system === OWN_SYSTEM;
        const names = profiles.filter((p) => p.system === system).map((p) => p.name);
        const label = (
          <Text fz="sm" fw={own ? 400 : 500} c={own ? 'dimmed' : undefined} truncate>
            {system}
            {own ? ' · own actions' : ''}
          </Text>
        );
        return (
          <Group key={system} gap="sm" wrap="nowrap" role="listitem">
            <div style={{ width: 168, minWidth: 0 }}>
              {names.length ? (
                <Tooltip label={names.join(' · ')} position="top-start">
                  {label}
                </Tooltip>
              ) : (
                label
              )}
            </div>
            <div className="tb-bar-track" style={{ flex: 1 }}>
              <div className="tb-bar" data-own={own} style={{ width: `${(count / max) * 100}%` }} />
            </div>
            <Text fz="sm" className="tb-num" w={64} ta="right" fw={500}>
              {formatCount(count)}
            </Text>
            <Text fz="xs" className="tb-num" w={36} ta="right" c="dimmed">
              {formatPercent(count, total)}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
