import { Alert, Button, Group, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck, IconShieldQuestion, IconShieldX } from '@tabler/icons-react';
import { useState } from 'react';
import { api, type LastVerify, type VerifyResult } from '../../api';
import { formatCount, formatInstant, formatRelative, plural } from '../../lib/format';
import { describeVerifyFailure } from '../../lib/workspace';

function LastVerification({ last, hideProblem }: { last: LastVerify | null; hideProblem: boolean }) {
  if (!last) {
    return (
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color="gray" size={34} radius="md">
          <IconShieldQuestion size={20} />
        </ThemeIcon>
        <div>
          <Text fw={600} fz="sm">
            Never verified
          </Text>
          <Text fz="xs" c="dimmed">
            Run a verification to prove the stored events were not altered outside Trailbook.
          </Text>
        </div>
      </Group>
    );
  }
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon variant="light" color={last.ok ? 'teal' : 'red'} size={34} radius="md">
        {last.ok ? <IconShieldCheck size={20} /> : <IconShieldX size={20} />}
      </ThemeIcon>
      <div style={{ minWidth: 0 }}>
        <Text fw={600} fz="sm">
          {last.ok ? 'Intact' : 'Broken'} at last check
          <Text span fz="sm" c="dimmed" fw={400}>
            {' · '}
            <Tooltip label={formatInstant(last.at)}>
              <span>{formatRelative(last.at)}</span>
            </Tooltip>
          </Text>
        </Text>
        <Text fz="xs" c="dimmed" className="tb-num">
          {formatInstant(last.at, { seconds: false })} · {plural(last.events, 'event')} checked
        </Text>
        {!last.ok && last.problem && !hideProblem ? (
          <Text fz="xs" c="red" mt={2}>
            {last.problem}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}

type VerifyState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: VerifyResult }
  | { status: 'error'; message: string };

export function IntegrityCard({ last, onVerified }: { last: LastVerify | null; onVerified: () => void }) {
  const [state, setState] = useState<VerifyState>({ status: 'idle' });

  async function verify() {
    setState({ status: 'running' });
    try {
      const result = await api.verify();
      setState({ status: 'done', result });
    } catch (e) {
      setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      onVerified();
    }
  }

  return (
    <Stack gap="sm" h="100%">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} fz="sm">
          Integrity
        </Text>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconShieldCheck size={14} />}
          loading={state.status === 'running'}
          onClick={() => void verify()}
        >
          Verify now
        </Button>
      </Group>
      <LastVerification last={last} hideProblem={state.status === 'done'} />
      {state.status === 'done' && state.result.ok ? (
        <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />} p="xs" role="status">
          <Text fz="sm" fw={600} className="tb-num" style={{ color: 'var(--mantine-color-teal-light-color)' }}>
            Chain intact · {formatCount(state.result.events)} events verified
          </Text>
        </Alert>
      ) : null}
      {state.status === 'done' && !state.result.ok ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconShieldX size={18} />}
          p="xs"
          role="alert"
          aria-label={describeVerifyFailure(state.result)}
        >
          <Text fz="sm" fw={600} style={{ color: 'var(--mantine-color-red-light-color)' }}>
            Chain broken at row #{state.result.id ?? '?'}
          </Text>
          {state.result.file ? (
            <Text fz="xs" className="tb-mono" mt={2} style={{ wordBreak: 'break-all' }}>
              {state.result.file}
              {state.result.line ? `:${state.result.line}` : ''}
            </Text>
          ) : null}
          {state.result.problem ? (
            <Text fz="sm" mt={2}>
              {state.result.problem}
            </Text>
          ) : null}
          <Text fz="xs" mt={6} c="dimmed">
            The stored data was altered outside Trailbook, first at this row. Keep a copy of the workspace file as
            evidence before importing anything else.
          </Text>
        </Alert>
      ) : null}
      {state.status === 'error' ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" role="alert" title="Verification did not run">
          <Text fz="xs">{state.message}</Text>
        </Alert>
      ) : null}
      <Text fz="xs" c="dimmed">
        Every stored event is hash-chained to the one before it. Verifying recomputes the chain and names the first row
        that does not match.
      </Text>
    </Stack>
  );
}
