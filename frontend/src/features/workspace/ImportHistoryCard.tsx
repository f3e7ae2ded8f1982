import { Group, Text } from '@mantine/core';
import type { Batch, ProfileInfo } from '../../api';
import { formatCount } from '../../lib/format';
import { BatchesTable } from './BatchesTable';

/** The imported files, newest first, as a card; says so when nothing has been imported. */
export function ImportHistoryCard({ batches, profiles }: { batches: Batch[]; profiles: ProfileInfo[] }) {
  return (
    <div className="tb-card" style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px={14} pt={12} pb={4}>
        <Text fw={600} fz="sm">
          Import history
        </Text>
        <Text fz="xs" c="dimmed" className="tb-num">
          {batches.length === 1 ? '1 file' : `${formatCount(batches.length)} files`}, newest first
        </Text>
      </Group>
      {batches.length ? (
        <BatchesTable batches={batches} profiles={profiles} />
      ) : (
        <Text fz="sm" c="dimmed" px={14} pb={14}>
          Nothing imported yet.
        </Text>
      )}
    </div>
  );
}
