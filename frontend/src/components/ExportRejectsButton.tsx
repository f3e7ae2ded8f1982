import { Button, Group, Text } from '@mantine/core';
import { IconFileDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../api';

/** Saves a batch's rejected rows as CSV: a save dialog on the desktop, a download in a browser. */
export function ExportRejectsButton({ batchId }: { batchId: number }) {
  const [state, setState] = useState<{ busy?: boolean; done?: string; error?: string }>({});
  return (
    <Group gap="xs" wrap="nowrap">
      {state.error ? (
        <Text fz="xs" c="red" role="alert">
          {state.error}
        </Text>
      ) : state.done ? (
        <Text fz="xs" c="dimmed" className="tb-path" title={state.done}>
          Saved {state.done}
        </Text>
      ) : null}
      <Button
        size="compact-xs"
        variant="default"
        leftSection={<IconFileDownload size={14} />}
        loading={state.busy}
        onClick={() => {
          setState({ busy: true });
          api
            .saveRejects(batchId)
            .then((where) => setState(where ? { done: where } : {}))
            .catch((e: unknown) => setState({ error: e instanceof Error ? e.message : String(e) }));
        }}
      >
        Export CSV
      </Button>
    </Group>
  );
}
