import { List, Text, ThemeIcon, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';

/** An honest placeholder for a screen that is not built yet: what it will do, nothing faked. */
export function ComingNext({ title, icon: I, lead, items }: { title: string; icon: Icon; lead: string; items: string[] }) {
  return (
    <div style={{ maxWidth: 720 }}>
      <Title order={1} fz={20} lh={1.3} mb={4}>
        {title}
      </Title>
      <Text fz="sm" c="dimmed" mb="lg">
        Coming next. This screen is not part of this version yet.
      </Text>
      <div className="tb-card tb-coming" style={{ padding: 20 }}>
        <ThemeIcon variant="light" color="ink" size={40} radius="md" mb="sm">
          <I size={22} stroke={1.6} />
        </ThemeIcon>
        <Text fw={600} fz="sm" mb={6}>
          {lead}
        </Text>
        <List fz="sm" spacing={4} c="dimmed">
          {items.map((i) => (
            <List.Item key={i}>{i}</List.Item>
          ))}
        </List>
        <Text fz="xs" c="dimmed" mt="md">
          Until then, the command line offers <span className="tb-mono">trailbook stats</span>,{' '}
          <span className="tb-mono">batches</span> and <span className="tb-mono">verify</span> on the same workspace.
        </Text>
      </div>
    </div>
  );
}
