import { ActionIcon, Alert, Badge, Button, Group, Loader, ScrollArea, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconClockHour4, IconHistory, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { EventDetail, EventRow, ReportApi } from '../../api/report';
import { formatAmount, formatEventTime, kindLabel, diffLines, sourceLabel } from '../../lib/reportFormat';

interface Props {
  api: ReportApi;
  row: EventRow;
  zone: string;
  onClose: () => void;
  onHistory: (e: EventRow) => void;
  onAround: (e: EventRow) => void;
}

function Field({ label, value, mono }: { label: string; value: React.ReactNode; mono?: boolean }) {
  if (value === undefined || value === null || value === '') return null;
  return (
    <div className="tb-dd-field">
      <div className="tb-dd-label">{label}</div>
      <div className={mono ? 'tb-mono tb-dd-value' : 'tb-dd-value'}>{value}</div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="tb-dd-section">
      <div className="tb-label">{title}</div>
      {children}
    </section>
  );
}

/**
 * One event in full: every field, the changes as old -> new, the row as the source file had
 * it (file and line), the vendor's own meaning, and two jumps that set the report's filters.
 */
export function DrillDown({ api, row, zone, onClose, onHistory, onAround }: Props) {
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [error, setError] = useState('');
  useHotkeys([['Escape', onClose]]);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError('');
    api.event(row.id).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, row.id]);

  const e = detail?.event ?? row;
  const diff = diffLines(e);
  const file = detail?.file || e.file || '';
  const extra = Object.entries(e.extra ?? {});
  const hasRef = Boolean(e.target_ref || e.related_ref || e.target_id);
  const hasUser = Boolean(e.actor_email || e.actor_id || e.actor_name);

  return (
    <aside className="tb-drilldown" aria-label="Event details" data-event-id={e.id}>
      <Group justify="space-between" wrap="nowrap" className="tb-dd-head">
        <div style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Badge size="sm" variant="light">
              {kindLabel(e.kind)}
            </Badge>
            <Text fz="xs" c="dimmed">
              {e.system}
              {e.module ? ` · ${e.module}` : ''}
            </Text>
          </Group>
          <Text fw={600} mt={4} truncate title={e.action}>
            {e.action}
          </Text>
        </div>
        <Tooltip label="Close (Esc)">
          <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label="Close details">
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Group gap={6} px="md" pb="sm" wrap="wrap">
        <Button size="xs" variant="light" leftSection={<IconHistory size={14} />} disabled={!hasRef} onClick={() => onHistory(e)}>
          History of this record
        </Button>
        <Button size="xs" variant="light" leftSection={<IconClockHour4 size={14} />} disabled={!hasUser} onClick={() => onAround(e)}>
          This user ±1 h
        </Button>
      </Group>
      <ScrollArea className="tb-dd-body" type="auto" offsetScrollbars>
        <Stack gap="md" px="md" pb="lg">
          {error ? (
            <Alert color="red" variant="light" title="Could not load the event">
              {error}
            </Alert>
          ) : null}
          {e.meaning ? (
            <div className="tb-dd-meaning">
              <div className="tb-label">What the vendor means</div>
              <Text fz="sm">{e.meaning}</Text>
            </div>
          ) : null}
          {diff.length ? (
            <Section title="Changes">
              <Table className="tb-diff" withRowBorders={false} verticalSpacing={4} data-testid="diff">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Field</Table.Th>
                    <Table.Th>Old</Table.Th>
                    <Table.Th>New</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {diff.map((d, i) => (
                    <Table.Tr key={`${d.field}-${i}`} data-field={d.field}>
                      <Table.Td fw={500}>{d.field}</Table.Td>
                      <Table.Td className="tb-diff-old">{d.masked ? <i>hidden</i> : d.old || <span className="tb-dim">empty</span>}</Table.Td>
                      <Table.Td className="tb-diff-new">{d.masked ? <i>changed</i> : d.new || <span className="tb-dim">empty</span>}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          ) : null}
          <Section title="When">
            <Field label={`Time (${zone || 'UTC'})`} value={formatEventTime(e.occurred_at, zone)} mono />
            {zone && zone !== 'UTC' ? <Field label="UTC" value={formatEventTime(e.occurred_at, 'UTC')} mono /> : null}
            <Field label="As written" value={e.source_time ? `${e.source_time}${e.source_zone ? ` (${e.source_zone})` : ''}` : ''} mono />
          </Section>
          <Section title="Who">
            <Field label="Name" value={e.actor_name} />
            <Field label="Email" value={e.actor_email} />
            <Field label="User ID" value={e.actor_id} mono />
            <Field label="Company" value={e.actor_company} />
            <Field label="IP" value={e.ip} mono />
          </Section>
          <Section title="What">
            <Field label="System" value={e.system} />
            <Field label="Module" value={e.module} />
            <Field label="Action" value={e.action} />
            <Field label="Kind" value={kindLabel(e.kind)} />
            <Field label="Description" value={e.description} />
          </Section>
          {e.target_type || e.target_id || e.target_ref || e.target_name || e.related_ref ? (
            <Section title="Record">
              <Field label="Type" value={e.target_type} />
              <Field label="Reference" value={e.target_ref} mono />
              <Field label="ID" value={e.target_id} mono />
              <Field label="Name" value={e.target_name} />
              <Field label="Related" value={e.related_ref} mono />
            </Section>
          ) : null}
          {e.amount !== undefined && e.amount !== null && e.amount !== '' ? (
            <Section title="Money">
              <Field label="Amount" value={`${formatAmount(e.amount)}${e.currency ? ` ${e.currency}` : ''}`} mono />
              <Field label="Billing cycles" value={e.billing_cycles ?? ''} />
            </Section>
          ) : null}
          {e.warnings && e.warnings.length ? (
            <Alert color="yellow" variant="light" title="Read with a warning">
              {e.warnings.join('; ')}
            </Alert>
          ) : null}
          <Section title="Source row">
            <Field label="File and line" value={sourceLabel({ file, line: e.line, batch_id: e.batch_id })} mono />
            <Field label="Profile" value={detail?.profile} />
            <Field label="Imported" value={detail?.imported_at ? formatEventTime(detail.imported_at, zone) : ''} mono />
            <Field label="File SHA-256" value={detail?.sha256 ? <Text className="tb-mono" fz="xs" style={{ wordBreak: 'break-all' }}>{detail.sha256}</Text> : ''} />
            {detail === null && !error ? <Loader size="xs" type="dots" /> : null}
          </Section>
          {extra.length ? (
            <Section title="Other columns of the source row">
              {extra.map(([k, v]) => (
                <Field key={k} label={k} value={v} />
              ))}
            </Section>
          ) : null}
          <Text fz="xs" c="dimmed" className="tb-mono">
            Event #{e.id}
          </Text>
        </Stack>
      </ScrollArea>
    </aside>
  );
}
