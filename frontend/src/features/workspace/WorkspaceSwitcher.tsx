import { Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconFilePlus, IconFolderOpen, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { api, type Recent } from '../../api';
import { baseName } from '../../lib/format';

type Ask = { kind: 'open' | 'create'; path: string; error: string; busy: boolean } | null;

/**
 * Open another workspace file, create a new one, or go back to a recent one. The desktop app
 * uses native dialogs; in a browser the path is typed (it is a path on the machine serving).
 */
export function WorkspaceSwitcher({ current, onSwitched }: { current: string; onSwitched: () => void }) {
  const [recent, setRecent] = useState<Recent[]>([]);
  const [ask, setAsk] = useState<Ask>(null);
  const [error, setError] = useState('');
  const desktop = api.mode() === 'wails';

  const go = async (kind: 'open' | 'create', path: string) => {
    if (kind === 'open') await api.openWorkspace(path);
    else await api.createWorkspace(path);
    setError('');
    onSwitched();
  };

  const begin = async (kind: 'open' | 'create') => {
    if (!desktop) {
      setAsk({ kind, path: kind === 'create' ? current.replace(/[^/\\]*$/, 'new.trailbook') : '', error: '', busy: false });
      return;
    }
    try {
      const path = kind === 'open' ? await api.chooseWorkspace() : await api.chooseNewWorkspace();
      if (path) await go(kind, path);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const submit = async () => {
    if (!ask) return;
    setAsk({ ...ask, busy: true, error: '' });
    try {
      await go(ask.kind, ask.path);
      setAsk(null);
    } catch (e) {
      setAsk({ ...ask, busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  const others = recent.filter((r) => r.path !== current).slice(0, 8);

  return (
    <>
      <Menu
        position="bottom-end"
        width={340}
        shadow="md"
        onOpen={() =>
          void api
            .recentWorkspaces()
            .then(setRecent)
            .catch(() => setRecent([]))
        }
      >
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={14} />}>
            Workspaces
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconFolderOpen size={16} />} onClick={() => void begin('open')}>
            Open workspace…
          </Menu.Item>
          <Menu.Item leftSection={<IconFilePlus size={16} />} onClick={() => void begin('create')}>
            New workspace…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>Recent</Menu.Label>
          {others.length ? (
            others.map((r) => (
              <Menu.Item
                key={r.path}
                leftSection={<IconHistory size={16} />}
                disabled={!r.exists}
                onClick={() => void go('open', r.path).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))}
              >
                <Text fz="sm" truncate>
                  {r.name}
                </Text>
                <Text fz="xs" c="dimmed" truncate title={r.path}>
                  {r.exists ? r.path : `missing: ${r.path}`}
                </Text>
              </Menu.Item>
            ))
          ) : (
            <Menu.Item disabled>
              <Text fz="xs">No other workspace opened lately</Text>
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={error !== ''}
        onClose={() => setError('')}
        title={<Text fw={600}>The workspace could not be opened</Text>}
      >
        <Text fz="sm" className="tb-mono" style={{ wordBreak: 'break-word' }}>
          {error}
        </Text>
      </Modal>
      <Modal
        opened={ask !== null}
        onClose={() => setAsk(null)}
        title={<Text fw={600}>{ask?.kind === 'create' ? 'New workspace' : 'Open workspace'}</Text>}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="sm">
            <Text fz="sm" c="dimmed">
              {ask?.kind === 'create'
                ? 'A workspace is one .trailbook file you can copy, back up and hand on. Where should it go?'
                : 'The full path of a .trailbook file on the machine running Trailbook.'}
            </Text>
            <TextInput
              label="Workspace file"
              classNames={{ input: 'tb-mono' }}
              data-autofocus
              value={ask?.path ?? ''}
              onChange={(e) => ask && setAsk({ ...ask, path: e.currentTarget.value })}
              placeholder="/home/me/audits/q3.trailbook"
              error={ask?.error || undefined}
            />
            {ask?.kind === 'create' && ask.path ? (
              <Text fz="xs" c="dimmed">
                Creates {baseName(ask.path.endsWith('.trailbook') ? ask.path : `${ask.path}.trailbook`)} and switches to it.
              </Text>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setAsk(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={ask?.busy} disabled={!ask?.path.trim()}>
                {ask?.kind === 'create' ? 'Create' : 'Open'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
