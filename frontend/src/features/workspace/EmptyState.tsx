import { Badge, Button, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import type { ProfileInfo } from '../../api';
import { LogoMark } from '../../components/Logo';
import { Shortcut } from '../../components/Shortcut';

export function EmptyState({ profiles, onImport }: { profiles: ProfileInfo[]; onImport: () => void }) {
  const sorted = [...profiles].sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name));
  return (
    <Stack gap="lg">
      <div className="tb-card" style={{ padding: '40px 32px', textAlign: 'center' }}>
        <Stack align="center" gap="sm" maw={560} mx="auto">
          <div style={{ opacity: 0.9 }}>
            <LogoMark size={44} />
          </div>
          <Title order={2} fz={20} mt={4}>
            No activity yet
          </Title>
          <Text c="dimmed" fz="sm">
            Import a user-activity export (CSV) from 2Checkout, OctopusPro, the event platform exporter, your backup
            panel … Trailbook reads it on this computer, keeps every row traceable to its file and line, and never
            changes what it stored.
          </Text>
          <Button mt="sm" size="md" leftSection={<IconFileImport size={18} />} rightSection={<Shortcut keyName="O" />} onClick={onImport}>
            Import files
          </Button>
        </Stack>
      </div>

      {sorted.length ? (
        <div>
          <Group justify="space-between" mb="xs">
            <Text fw={600} fz="sm">
              Formats Trailbook recognises
            </Text>
            <Text fz="xs" c="dimmed">
              Detected from the file's header; you confirm before anything is imported.
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {sorted.map((p) => (
              <div key={p.id} className="tb-card" style={{ padding: '10px 12px', minWidth: 0 }}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fz="sm" fw={600} truncate>
                    {p.name}
                  </Text>
                  <Group gap={4} wrap="nowrap">
                    {p.kind === 'people' ? (
                      <Badge size="xs" variant="light" color="gray">
                        people list
                      </Badge>
                    ) : null}
                    {!p.builtin ? (
                      <Badge size="xs" variant="light">
                        custom
                      </Badge>
                    ) : null}
                  </Group>
                </Group>
                <Text fz="xs" c="dimmed" lineClamp={2} mt={2}>
                  {p.description || `${p.system} export`}
                </Text>
                <Tooltip
                  label={`Needs the columns ${p.required.join(', ')}`}
                  disabled={!p.required.length}
                  multiline
                  maw={360}
                  position="bottom-start"
                >
                  <Text fz="xs" c="dimmed" mt={6} truncate>
                    {p.needs_zone ? 'Asks for the account’s time zone' : 'Times carry their own zone'}
                  </Text>
                </Tooltip>
              </div>
            ))}
          </SimpleGrid>
        </div>
      ) : null}
    </Stack>
  );
}
