import { ScrollArea, Table, Text } from '@mantine/core';
import type { Reject } from '../api';
import { formatCount } from '../lib/format';

/** Rejected source rows: line, column, reason. Scrolls inside its own box. */
export function RejectsTable({ rejects, maxHeight = 220 }: { rejects: Reject[]; maxHeight?: number }) {
  if (!rejects.length) return null;
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars>
      <Table className="tb-table" stickyHeader striped="odd" withRowBorders={false} fz="xs" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={72} ta="right">
              Line
            </Table.Th>
            <Table.Th w={180}>Column</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rejects.map((r, i) => (
            <Table.Tr key={`${r.line}-${r.column}-${i}`}>
              <Table.Td ta="right" className="tb-mono">
                {formatCount(r.line)}
              </Table.Td>
              <Table.Td>
                {r.column ? (
                  <Text span fz="xs" className="tb-mono">
                    {r.column}
                  </Text>
                ) : (
                  <Text span fz="xs" c="dimmed">
                    whole row
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {r.skipped ? (
                  <Text span fz="xs" c="dimmed">
                    Skipped: {r.reason}
                  </Text>
                ) : (
                  r.reason
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
