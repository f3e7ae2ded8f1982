import { Button, Checkbox, Group, Popover, SimpleGrid, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { COLUMNS, DEFAULT_COLUMNS, type Column } from '../../api/report';
import { COLUMN_TITLES } from '../../lib/reportFormat';

/** Which detail columns the table (and the export) shows; the order is the table's. */
export function ColumnChooser({ value, onChange }: { value: Column[]; onChange: (c: Column[]) => void }) {
  const toggle = (c: Column, on: boolean) => {
    const set = new Set(value);
    if (on) set.add(c);
    else set.delete(c);
    const next = COLUMNS.filter((x) => set.has(x));
    if (next.length) onChange(next);
  };
  return (
    <Popover position="bottom-end" width={360} shadow="md">
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={<IconColumns size={14} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text fz="xs" c="dimmed" mb="xs">
          Shown in the table and written to exports.
        </Text>
        <SimpleGrid cols={2} spacing={6} verticalSpacing={6}>
          {COLUMNS.map((c) => (
            <Checkbox
              key={c}
              size="xs"
              label={COLUMN_TITLES[c]}
              checked={value.includes(c)}
              disabled={value.length === 1 && value.includes(c)}
              onChange={(e) => toggle(c, e.currentTarget.checked)}
            />
          ))}
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button size="xs" variant="subtle" onClick={() => onChange([...DEFAULT_COLUMNS])}>
            Reset to default
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
