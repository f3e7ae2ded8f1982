import { ActionIcon, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFileImport, IconTrash } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { api, type ProfileInfo } from '../../api';
import { plural } from '../../lib/format';

/**
 * The profiles that read imports: built-in ones, and the ones saved in this workspace (from
 * the mapping editor or a colleague's YAML), which can be exported and deleted.
 */
export function ProfilesCard({ profiles, onChanged }: { profiles: ProfileInfo[]; onChanged: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirm, setConfirm] = useState<ProfileInfo | null>(null);
  const [busy, setBusy] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const saved = profiles.filter((p) => !p.builtin).sort((a, b) => a.name.localeCompare(b.name));
  const builtin = profiles.filter((p) => p.builtin).sort((a, b) => a.name.localeCompare(b.name));

  const act = async (what: string, fn: () => Promise<string>) => {
    setBusy(what);
    try {
      const text = await fn();
      if (text) setMessage({ ok: true, text });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy('');
    }
  };

  const exportOne = (p: ProfileInfo) =>
    void act(`export-${p.id}`, async () => {
      const where = await api.saveProfileYAML(p.id);
      return where ? `Saved “${p.name}” as ${where}.` : '';
    });

  const importFile = (f: File) =>
    void act('import', async () => {
      const p = await api.importProfile(await f.text());
      onChanged();
      return `Imported “${p.name}”: files with its header are now recognised.`;
    });

  const remove = (p: ProfileInfo) =>
    void act(`delete-${p.id}`, async () => {
      setConfirm(null);
      await api.deleteProfile(p.id);
      onChanged();
      return `Deleted “${p.name}”. Events it imported stay.`;
    });

  return (
    <section aria-label="Profiles">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Text fw={600} fz="sm">
          Profiles
        </Text>
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconFileImport size={14} />}
          loading={busy === 'import'}
          onClick={() => fileInput.current?.click()}
        >
          Import YAML…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml"
          hidden
          aria-label="Profile YAML to import"
          data-testid="profile-yaml-input"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) importFile(f);
          }}
        />
      </Group>
      {saved.length ? (
        <Stack gap={4} role="list" aria-label="Saved profiles">
          {saved.map((p) => (
            <Group key={p.id} gap={6} wrap="nowrap" justify="space-between" role="listitem" data-testid={`profile-${p.id}`}>
              <div style={{ minWidth: 0 }}>
                <Text fz="sm" fw={500} truncate>
                  {p.name}
                </Text>
                <Text fz="xs" c="dimmed" truncate>
                  {plural(p.required.length, 'column')}
                  {p.default_zone ? ` · ${p.default_zone}` : ''}
                </Text>
              </div>
              <Group gap={2} wrap="nowrap">
                <Tooltip label="Export as YAML to share">
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Export ${p.name}`}
                    loading={busy === `export-${p.id}`}
                    onClick={() => exportOne(p)}
                  >
                    <IconDownload size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Delete">
                  <ActionIcon variant="subtle" color="red" aria-label={`Delete ${p.name}`} onClick={() => setConfirm(p)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
          ))}
        </Stack>
      ) : (
        <Text fz="xs" c="dimmed">
          No saved profiles. Map the columns of an unknown export in the import wizard and save it, or import a colleague's YAML.
        </Text>
      )}
      <Text fz="xs" c="dimmed" mt={8}>
        Built in: {builtin.map((p) => p.name).join(', ') || '—'}
      </Text>
      {message ? (
        <Text fz="xs" mt={6} c={message.ok ? 'teal' : 'red'} role="status" style={{ wordBreak: 'break-word' }}>
          {message.text}
        </Text>
      ) : null}
      <Modal opened={!!confirm} onClose={() => setConfirm(null)} title={`Delete the profile “${confirm?.name ?? ''}”?`} size="sm">
        <Text fz="sm">
          Files with its header will no longer be recognised. The events it imported stay in the workspace. Export it first
          to keep a copy.
        </Text>
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setConfirm(null)}>
            Keep it
          </Button>
          <Button color="red" loading={!!confirm && busy === `delete-${confirm.id}`} onClick={() => confirm && remove(confirm)}>
            Delete profile
          </Button>
        </Group>
      </Modal>
    </section>
  );
}
