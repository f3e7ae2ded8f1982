import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { api } from '../../api';
import { Shortcut } from '../../components/Shortcut';
import type { WorkspaceData } from '../workspace/useWorkspace';
import { ImportHistoryCard } from '../workspace/ImportHistoryCard';
import { ProfilesCard } from '../workspace/ProfilesCard';

/** Import: where files come in (dialog, drop or upload) and the history of what came in. */
export function ImportPage({ data, onImport }: { data: WorkspaceData; onImport: () => void }) {
  const { batches, profiles, refresh } = data;
  const browser = api.mode() === 'http';
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz={20} lh={1.3}>
            Import
          </Title>
          <Text fz="sm" c="dimmed">
            Activity exports from the systems you audit. Each file lands whole or not at all; rows already in the
            workspace are counted as duplicates, never stored twice.
          </Text>
        </div>
      </Group>
      <button type="button" className="tb-dropzone" onClick={onImport} aria-label="Choose files to import">
        <IconUpload size={28} stroke={1.5} />
        <Text fw={600} fz="md">
          {browser ? 'Drop CSV exports here, or click to upload' : 'Drop CSV exports on the window, or click to choose'}
        </Text>
        <Text fz="xs" c="dimmed">
          {browser
            ? 'Files go to Trailbook on this machine only, then you review the detected format before anything is stored.'
            : 'You review the detected format and time zone of each file before anything is stored.'}
        </Text>
        <Group gap={6} mt={4}>
          <Button component="span" size="xs" leftSection={<IconFileImport size={14} />} rightSection={<Shortcut keyName="O" />}>
            {browser ? 'Upload files' : 'Choose files'}
          </Button>
        </Group>
      </button>
      <ImportHistoryCard batches={batches} profiles={profiles} />
      <div className="tb-card" style={{ padding: 14 }}>
        <ProfilesCard profiles={profiles} onChanged={() => void refresh()} />
      </div>
    </Stack>
  );
}
