import { Alert, Anchor, Badge, Group, Loader, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, type Batch, type ProfileInfo, type Reject } from '../../api';
import { CopyText } from '../../components/CopyText';
import { ExportRejectsButton } from '../../components/ExportRejectsButton';
import { RejectsTable } from '../../components/RejectsTable';
import {
  formatBytes,
  formatCount,
  formatDayRange,
  formatInstant,
  formatPeriod,
  formatRelative,
  shortHash,
  userZone,
  zoneLabel,
} from '../../lib/format';
import { batchStatusBadge } from '../../lib/workspace';

function Num({ n, strong, color }: { n: number; strong?: boolean; color?: string | undefined }) {
  return (
    <Text span fz="sm" fw={strong ? 600 : 400} c={n === 0 ? 'dimmed' : color} className="tb-num">
      {formatCount(n)}
    </Text>
  );
}

function Period({ b }: { b: Batch }) {
  if (!b.first_utc && !b.last_utc) return <Text span fz="sm" c="dimmed">—</Text>;
  return (
    <Tooltip label={`${formatPeriod(b.first_utc, b.last_utc)} (${zoneLabel(userZone())})`}>
      <Text span fz="sm" className="tb-num" style={{ whiteSpace: 'nowrap' }}>
        {formatDayRange(b.first_utc, b.last_utc)}
      </Text>
    </Tooltip>
  );
}

function RejectsModal({ batch, onClose }: { batch: Batch | null; onClose: () => void }) {
  const [state, setState] = useState<{ rejects?: Reject[]; error?: string }>({});
  useEffect(() => {
    if (!batch) return;
    let live = true;
    setState({});
    api
      .rejects(batch.id)
      .then((rejects) => live && setState({ rejects }))
      .catch((e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [batch]);
  return (
    <Modal
      opened={batch !== null}
      onClose={onClose}
      size="lg"
      title={
        batch ? (
          <Text fw={600}>
            Rejected rows · <span className="tb-mono">{batch.file_name}</span>
          </Text>
        ) : null
      }
    >
      {state.error ? (
        <Alert color="red" variant="light">
          {state.error}
        </Alert>
      ) : state.rejects ? (
        state.rejects.length && batch ? (
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fz="xs" c="dimmed">
                Fix these lines in the source file and import it again: rows already imported are skipped as duplicates.
              </Text>
              <ExportRejectsButton batchId={batch.id} />
            </Group>
            <RejectsTable rejects={state.rejects} maxHeight={460} />
          </Stack>
        ) : (
          <Text c="dimmed" fz="sm">
            No rejected rows are recorded for this batch.
          </Text>
        )
      ) : (
        <Group justify="center" p="lg">
          <Loader size="sm" />
        </Group>
      )}
    </Modal>
  );
}

function badge(status: string) {
  const b = batchStatusBadge(status);
  return b ? (
    <Badge size="xs" variant="light" color={b.color}>
      {b.label}
    </Badge>
  ) : null;
}

export function BatchesTable({ batches, profiles }: { batches: Batch[]; profiles: ProfileInfo[] }) {
  const [rejectsOf, setRejectsOf] = useState<Batch | null>(null);
  const profileName = (id: string) => profiles.find((p) => p.id === id)?.name ?? id;

  if (!batches.length) {
    return (
      <Text fz="sm" c="dimmed" p="md">
        No files imported yet.
      </Text>
    );
  }

  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table className="tb-table" highlightOnHover verticalSpacing={7} horizontalSpacing={9}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Profile</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th ta="right">Rows</Table.Th>
              <Table.Th ta="right">Inserted</Table.Th>
              <Table.Th ta="right">Dup.</Table.Th>
              <Table.Th ta="right">Rejected</Table.Th>
              <Table.Th>Imported</Table.Th>
              <Table.Th>SHA-256</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {batches.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap" maw={220}>
                    <Text fz="sm" fw={500} truncate title={b.file_name}>
                      {b.file_name}
                    </Text>
                    {badge(b.status)}
                  </Group>
                  <Text fz="xs" c="dimmed" className="tb-num">
                    {formatBytes(b.size)}
                    {b.source_zone ? ` · read in ${b.source_zone}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" truncate maw={160} title={profileName(b.profile)}>
                    {profileName(b.profile)}
                  </Text>
                  <Text fz="xs" c="dimmed" truncate maw={160}>
                    {b.system}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Period b={b} />
                </Table.Td>
                <Table.Td ta="right">
                  <Num n={b.rows} />
                </Table.Td>
                <Table.Td ta="right">
                  <Num n={b.inserted} strong />
                </Table.Td>
                <Table.Td ta="right">
                  <Num n={b.duplicates} />
                </Table.Td>
                <Table.Td ta="right">
                  {b.rejected > 0 ? (
                    <Anchor
                      component="button"
                      type="button"
                      fz="sm"
                      c="red"
                      fw={600}
                      className="tb-num"
                      onClick={() => setRejectsOf(b)}
                      aria-label={`Show ${b.rejected} rejected rows of ${b.file_name}`}
                    >
                      {formatCount(b.rejected)}
                    </Anchor>
                  ) : (
                    <Num n={0} />
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Tooltip label={`${formatInstant(b.imported_at)}${b.imported_by ? ` by ${b.imported_by}` : ''}`}>
                    <Text fz="sm" span>
                      {formatRelative(b.imported_at)}
                    </Text>
                  </Tooltip>
                  {b.imported_by ? (
                    <Text fz="xs" c="dimmed">
                      {b.imported_by}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <CopyText value={b.sha256} title={b.sha256} label="Copy SHA-256">
                    <Text span fz="xs" className="tb-mono" c="dimmed">
                      {shortHash(b.sha256, 8)}
                    </Text>
                  </CopyText>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <RejectsModal batch={rejectsOf} onClose={() => setRejectsOf(null)} />
    </>
  );
}
