import { Alert, Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { api, type PurgePlan, type Retention } from '../../api';
import { formatCount, formatDateTime, userZone } from '../../lib/format';
import { RETENTION_PRESETS, parseDays, purgeQuestion, retentionView } from '../../lib/retention';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Confirm = { plan: PurgePlan; understood: boolean; busy: boolean; error: string } | null;

/** Retention: how long imported events are kept, and a purge that is confirmed first and recorded. */
export function RetentionCard({ version, onPurged }: { version: number; onPurged: () => void }) {
  const [r, setR] = useState<Retention | null>(null);
  const [days, setDays] = useState<string | number>(0);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [done, setDone] = useState('');
  const zone = userZone();

  const load = useCallback(async () => {
    try {
      const got = await api.retention();
      setR(got);
      setDays(got.days);
      setError('');
    } catch (e) {
      setError(message(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, version]);

  const parsed = parseDays(days);
  const dirty = r !== null && parsed !== null && parsed !== r.days;

  const save = async () => {
    if (parsed === null) return;
    setSaving(true);
    try {
      const got = await api.setRetention(parsed);
      setR(got);
      setDays(got.days);
      setDone('');
      setError('');
    } catch (e) {
      setError(message(e));
    } finally {
      setSaving(false);
    }
  };

  const askPurge = async () => {
    if (!r?.cutoff_utc) return;
    try {
      // Count again right before asking: the question must name what will really go.
      const plan = await api.planPurge(r.cutoff_utc);
      setConfirm({ plan, understood: false, busy: false, error: '' });
    } catch (e) {
      setError(message(e));
    }
  };

  const purge = async () => {
    if (!confirm) return;
    setConfirm({ ...confirm, busy: true, error: '' });
    try {
      const res = await api.purge(confirm.plan.before_utc);
      setConfirm(null);
      setDone(`Purged ${formatCount(res.deleted)} events. The purge is recorded in the workspace.`);
      onPurged();
      void load();
    } catch (e) {
      setConfirm({ ...confirm, busy: false, error: message(e) });
    }
  };

  const view = r ? retentionView(r, zone) : null;
  const preset = RETENTION_PRESETS.find((p) => p.days === parsed);

  return (
    <Stack gap={10}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} fz="sm">
          Retention
        </Text>
        {r?.set_at ? (
          <Text fz="xs" c="dimmed">
            set {formatDateTime(r.set_at, { zone })}
            {r.set_by ? ` by ${r.set_by}` : ''}
          </Text>
        ) : null}
      </Group>
      {view ? (
        <div>
          <Text fz="sm" fw={500} data-testid="retention-headline">
            {view.headline}
          </Text>
          <Text fz="xs" c="dimmed" data-testid="retention-detail">
            {view.detail}
          </Text>
        </div>
      ) : null}
      <SegmentedControl
        size="xs"
        fullWidth
        value={preset ? String(preset.days) : ''}
        onChange={(v) => setDays(Number(v))}
        data={RETENTION_PRESETS.map((p) => ({ value: String(p.days), label: p.label }))}
        aria-label="Retention presets"
      />
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <NumberInput
            size="xs"
            w={110}
            min={0}
            max={36500}
            allowDecimal={false}
            allowNegative={false}
            value={days}
            onChange={setDays}
            aria-label="Days to keep imported events"
            rightSection={
              <Text fz={10} c="dimmed">
                days
              </Text>
            }
            rightSectionWidth={38}
            error={parsed === null}
          />
          <Button size="xs" variant="default" disabled={!dirty} loading={saving} onClick={() => void save()}>
            Save
          </Button>
        </Group>
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconTrash size={14} />}
          disabled={!view?.canPurge || dirty}
          onClick={() => void askPurge()}
        >
          Purge…
        </Button>
      </Group>
      <Text fz="xs" c="dimmed">
        A purge removes imported events only: Trailbook's own events and the import history stay, and the purge itself
        is recorded.
      </Text>
      {done ? (
        <Text fz="xs" c="teal" role="status">
          {done}
        </Text>
      ) : null}
      {error ? (
        <Text fz="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
      <Modal
        opened={confirm !== null}
        onClose={() => !confirm?.busy && setConfirm(null)}
        title={<Text fw={600}>Purge imported events</Text>}
        size="md"
      >
        {confirm ? (
          <Stack gap="sm">
            <Text fz="sm" fw={500}>
              {purgeQuestion(confirm.plan.events, confirm.plan.before_utc, zone)}
            </Text>
            <Text fz="sm" c="dimmed">
              They are removed from this workspace for good. Trailbook's own events and the import history stay, the
              purge is recorded as an event, and Verify keeps passing. Export what you still need first.
            </Text>
            <Checkbox
              checked={confirm.understood}
              onChange={(e) => setConfirm({ ...confirm, understood: e.currentTarget.checked })}
              label="I understand these events cannot be restored"
            />
            {confirm.error ? (
              <Alert color="red" variant="light" p="xs">
                {confirm.error}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setConfirm(null)} disabled={confirm.busy} data-autofocus>
                Keep them
              </Button>
              <Button
                color="red"
                leftSection={<IconTrash size={16} />}
                disabled={!confirm.understood || confirm.plan.events === 0}
                loading={confirm.busy}
                onClick={() => void purge()}
              >
                Purge {formatCount(confirm.plan.events)} events
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
