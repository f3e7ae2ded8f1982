import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconBookmarkPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { ReportApi, ReportSpec, SavedReport } from '../../api/report';
import { periodLabel } from '../../lib/reportFormat';

interface Props {
  api: ReportApi;
  spec: ReportSpec;
  onRun: (r: SavedReport) => void;
}

/** Named filter sets stored in the workspace: save the current view, run or delete one. */
export function SavedReports({ api, spec, onRun }: Props) {
  const [list, setList] = useState<SavedReport[]>([]);
  const [error, setError] = useState('');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    api.savedReports().then(
      (l) => {
        setList(l);
        setError('');
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [api]);
  useEffect(refresh, [refresh]);

  const save = async () => {
    if (!name.trim()) return;
    setBusy(true);
    try {
      await api.saveReport(name.trim(), spec);
      setNaming(false);
      setName('');
      refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Menu position="bottom-end" width={320} shadow="md" onOpen={refresh}>
        <Menu.Target>
          <Button size="xs" variant="default" leftSection={<IconBookmark size={14} />}>
            Saved reports
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconBookmarkPlus size={14} />} onClick={() => setNaming(true)}>
            Save current filters…
          </Menu.Item>
          <Menu.Divider />
          {list.length === 0 ? (
            <Text fz="xs" c="dimmed" px="sm" py={6}>
              {error || 'No saved reports yet.'}
            </Text>
          ) : (
            list.map((r) => (
              <Menu.Item
                key={r.name}
                onClick={() => onRun(r)}
                rightSection={
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Delete ${r.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      api.deleteReport(r.name).then(refresh, (err: unknown) => setError(String(err)));
                    }}
                  >
                    <IconTrash size={13} />
                  </ActionIcon>
                }
              >
                <Text fz="sm" fw={500} truncate>
                  {r.name}
                </Text>
                <Text fz="xs" c="dimmed" truncate>
                  {periodLabel(r.spec)}
                </Text>
              </Menu.Item>
            ))
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save report" size="sm">
        <Stack gap="sm">
          <TextInput
            label="Name"
            placeholder="Refunds last month"
            value={name}
            data-autofocus
            onChange={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && void save()}
            error={error || undefined}
          />
          <Text fz="xs" c="dimmed">
            Saves the filters, sort and columns of this view ({periodLabel(spec).toLowerCase()}). Presets such as “last 7
            days” are evaluated when the report runs.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setNaming(false)}>
              Cancel
            </Button>
            <Button onClick={() => void save()} loading={busy} disabled={!name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
