import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconFileImport, IconRefresh } from '@tabler/icons-react';
import type { WorkspaceData } from './useWorkspace';
import { ImportHistoryCard } from './ImportHistoryCard';
import { EmptyState } from './EmptyState';
import { IntegrityCard } from './IntegrityCard';
import { RetentionCard } from './RetentionCard';
import { StatCards } from './StatCards';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';
import { SystemBars } from './SystemBars';
import { CoverageCard } from './CoverageCard';
import { ProfilesCard } from './ProfilesCard';
import { CopyText } from '../../components/CopyText';
import { Shortcut } from '../../components/Shortcut';
import { formatCount } from '../../lib/format';
import { isEmptyWorkspace } from '../../lib/workspace';

export function WorkspacePage({ data, onImport }: { data: WorkspaceData; onImport: () => void }) {
  const { info, batches, profiles, error, loading, refresh } = data;

  if (!info) {
    if (error) {
      return (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="The workspace could not be opened" maw={720}>
          <Text fz="sm" className="tb-mono">
            {error}
          </Text>
          <Button mt="md" size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => void refresh()}>
            Try again
          </Button>
        </Alert>
      );
    }
    return (
      <Group justify="center" p={80}>
        <Loader size="sm" />
      </Group>
    );
  }

  const empty = isEmptyWorkspace(info);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="nowrap" gap="lg">
        <div style={{ minWidth: 0 }}>
          <Title order={1} fz={20} lh={1.3}>
            Workspace
          </Title>
          <Group gap={6} mt={4} wrap="nowrap" style={{ minWidth: 0 }}>
            <CopyText value={info.path} label="Copy workspace path">
              <span className="tb-path" title={info.path}>
                {info.path || 'unsaved workspace'}
              </span>
            </CopyText>
          </Group>
        </div>
        <Group gap="xs" wrap="nowrap">
          {loading ? <Loader size={14} /> : null}
          <WorkspaceSwitcher current={info.path} onSwitched={() => void refresh()} />
          <Button leftSection={<IconFileImport size={16} />} rightSection={<Shortcut keyName="O" />} onClick={onImport}>
            Import files
          </Button>
        </Group>
      </Group>

      {error ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" withCloseButton={false}>
          <Text fz="sm">Could not refresh: {error}</Text>
        </Alert>
      ) : null}

      {empty ? (
        <EmptyState profiles={profiles} onImport={onImport} />
      ) : (
        <>
          <StatCards info={info} />
          <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0,4fr) minmax(0,3.4fr)', gap: 12, alignItems: 'start' }}>
            <Stack gap={12}>
              <div className="tb-card" style={{ padding: 14 }}>
                <Group justify="space-between" mb="sm">
                  <Text fw={600} fz="sm">
                    Events by system
                  </Text>
                  <Text fz="xs" c="dimmed" className="tb-num">
                    {formatCount(info.events + info.own_events)} in all
                  </Text>
                </Group>
                <SystemBars bySystem={info.by_system} profiles={profiles} />
              </div>
              <div className="tb-card" style={{ padding: 14 }}>
                <CoverageCard version={info.events + info.own_events} />
              </div>
            </Stack>
            <Stack gap={12}>
              <div className="tb-card" style={{ padding: 14 }}>
                <IntegrityCard last={info.last_verify} onVerified={() => void refresh()} />
              </div>
              <div className="tb-card" style={{ padding: 14 }}>
                <RetentionCard version={info.events + info.own_events} onPurged={() => void refresh()} />
              </div>
              <div className="tb-card" style={{ padding: 14 }}>
                <ProfilesCard profiles={profiles} onChanged={() => void refresh()} />
              </div>
            </Stack>
          </div>
          <ImportHistoryCard batches={batches} profiles={profiles} />
        </>
      )}
    </Stack>
  );
}
