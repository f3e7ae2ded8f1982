import '../../styles/report.css';
import { Alert, Badge, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title, useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { CountRow, Flag, MoneyRow, People, PersonActivity, ReportApi, SummaryData } from '../../api/report';
import { EChart } from '../../components/charts/EChart';
import { formatCount, formatDay } from '../../lib/format';
import { formatAmount, formatEventTime, kindLabel, periodLabel } from '../../lib/reportFormat';
import { clearFilters, flagFilters, withDay, withValue, type FilterState } from '../../lib/reportSpec';
import { heatmapOption, rankOption, timelineOption, type Palette } from '../../lib/summaryCharts';
import { FilterBar } from '../events/FilterBar';
import type { ReportFilters } from '../events/useReportFilters';

interface Props {
  api: ReportApi;
  report: ReportFilters;
  /** Shows the Events table with these filters (a click on a bar, a flag, a person). */
  onShowEvents: (f: FilterState) => void;
}

function usePalette(): Palette {
  const theme = useMantineTheme();
  const dark = useComputedColorScheme('light') === 'dark';
  const ink = theme.colors.ink ?? theme.colors.blue;
  return {
    bar: dark ? (ink[4] ?? '#6d7bdc') : (ink[6] ?? '#4c5dd5'),
    muted: dark ? '#aeb0b5' : '#6b7280',
    grid: dark ? '#33353b' : '#e5e7eb',
    text: dark ? '#e5e7eb' : '#1f2937',
    heat: dark ? ['#1d1f23', ink[3] ?? '#8e99e4'] : ['#f3f4fb', ink[7] ?? '#3e4ebd'],
  };
}

function Card({ title, children, wide, hint }: { title: string; children: React.ReactNode; wide?: boolean; hint?: string }) {
  return (
    <section className={`tb-summary-card${wide ? ' tb-summary-wide' : ''}`}>
      <Group justify="space-between" mb={8}>
        <div className="tb-label">{title}</div>
        {hint ? (
          <Text fz="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Group>
      {children}
    </section>
  );
}

/** Who did what and when, at a glance: every chart narrows the Events table when clicked. */
export function SummaryPage({ api, report, onShowEvents }: Props) {
  const { filters, spec, setFilters } = report;
  const [summary, setSummary] = useState<SummaryData | null>(null);
  const [flags, setFlags] = useState<Flag[] | null>(null);
  const [people, setPeople] = useState<People | null>(null);
  const [error, setError] = useState('');
  const palette = usePalette();
  const key = JSON.stringify(spec);

  useEffect(() => {
    let live = true;
    setError('');
    setSummary(null);
    setFlags(null);
    setPeople(null);
    const fail = (e: unknown) => live && setError(e instanceof Error ? e.message : String(e));
    api.summaryData(spec).then((s) => live && setSummary(s), fail);
    api.flags(spec).then((f) => live && setFlags(f), fail);
    api.people(spec).then((p) => live && setPeople(p), fail);
    return () => {
      live = false;
    };
    // key stands for spec.
  }, [api, key]);

  const timeline = useMemo(() => (summary ? timelineOption(summary.byDay, palette) : null), [summary, palette]);
  const heat = useMemo(() => (summary ? heatmapOption(summary.matrix, palette) : null), [summary, palette]);
  const users = useMemo(() => {
    if (!summary) return null;
    const names = new Map(summary.byUser.map((u) => [u.key, u.label || u.key]));
    return rankOption(summary.byUser, palette, (k) => names.get(k) ?? k);
  }, [summary, palette]);
  const kinds = useMemo(() => (summary ? rankOption(summary.byKind, palette, kindLabel) : null), [summary, palette]);
  const systems = useMemo(() => (summary ? rankOption(summary.bySystem, palette) : null), [summary, palette]);

  const zone = filters.zone || 'UTC';

  return (
    <div className="tb-summary">
      <Group justify="space-between" align="flex-end" mb={12}>
        <div>
          <Title order={2} fz={22}>
            Summary
          </Title>
          <Text c="dimmed" fz="sm" className="tb-num" data-testid="summary-total">
            {summary ? `${formatCount(summary.total)} events · ${formatCount(summary.byUser.length)} users` : 'Counting…'} · {periodLabel(spec)} · {zone}
          </Text>
        </div>
        <Button size="xs" variant="default" rightSection={<IconArrowRight size={14} />} onClick={() => onShowEvents(filters)}>
          Show these events
        </Button>
      </Group>
      <FilterBar api={api} filters={filters} spec={spec} onChange={(f) => setFilters(f)} />
      {error ? (
        <Alert color="red" variant="light" mt="sm" title="The summary could not be made">
          {error}
        </Alert>
      ) : null}
      <div className="tb-summary-grid" style={{ marginTop: 14 }}>
        <Card title="Events per day" wide hint={`Days in ${zone} · click a bar to see that day`}>
          {timeline ? (
            <EChart
              label="Events per day"
              option={timeline}
              height={190}
              onClick={(p) => p.name && onShowEvents(withDay(filters, p.name))}
            />
          ) : (
            <Loader size="sm" type="dots" />
          )}
        </Card>
        <Card title="Hour × weekday" hint={`Hours in ${zone}`}>
          {heat ? <EChart label="Events by hour and weekday" option={heat} height={240} /> : <Loader size="sm" type="dots" />}
        </Card>
        <Card title="Top users" hint="Click to filter">
          {users && summary?.byUser.length ? (
            <EChart
              label="Top users"
              option={users}
              height={240}
              onClick={(p) => p.name && onShowEvents(withValue(clearUserless(filters), 'users', p.name))}
            />
          ) : summary ? (
            <Text c="dimmed" fz="sm">No users in this period.</Text>
          ) : (
            <Loader size="sm" type="dots" />
          )}
        </Card>
        <Card title="Kinds" hint="Click to filter">
          {kinds ? (
            <EChart label="Events by kind" option={kinds} height={220} onClick={(p) => p.name && onShowEvents(withValue(filters, 'kinds', p.name))} />
          ) : (
            <Loader size="sm" type="dots" />
          )}
        </Card>
        <Card title="Systems" hint="Click to filter">
          {systems ? (
            <EChart label="Events by system" option={systems} height={220} onClick={(p) => p.name && onShowEvents(withValue(filters, 'systems', p.name))} />
          ) : (
            <Loader size="sm" type="dots" />
          )}
        </Card>
        <Card title="Money by currency" wide>
          {summary ? (
            <MoneyTable rows={summary.money} onPick={(cur) => onShowEvents({ ...withValue(filters, 'currencies', cur), kinds: ['payment', 'refund'] })} />
          ) : (
            <Loader size="sm" type="dots" />
          )}
        </Card>
        <Card title="Security flags" wide hint="Each flag lists the events behind it">
          {flags ? <FlagList flags={flags} zone={zone} onShow={(f) => onShowEvents(flagFilters(filters, f))} /> : <Loader size="sm" type="dots" />}
        </Card>
        <Card title="People" wide>
          {people ? (
            <PeopleLists people={people} onShow={(u) => onShowEvents(withValue(clearFilters(filters), 'users', u))} />
          ) : (
            <Loader size="sm" type="dots" />
          )}
        </Card>
      </div>
    </div>
  );
}

/** A click on a user replaces any user filter rather than adding to it. */
function clearUserless(f: FilterState): FilterState {
  return { ...f, users: [] };
}

function MoneyTable({ rows, onPick }: { rows: MoneyRow[]; onPick: (currency: string) => void }) {
  if (!rows.length) {
    return (
      <Text c="dimmed" fz="sm">
        No payments or refunds in this period.
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} highlightOnHover data-testid="money">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Currency</Table.Th>
          <Table.Th ta="right">Payments</Table.Th>
          <Table.Th ta="right">Paid</Table.Th>
          <Table.Th ta="right">Refunds</Table.Th>
          <Table.Th ta="right">Refunded</Table.Th>
          <Table.Th ta="right">Net</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((m) => (
          <Table.Tr key={m.currency} className="tb-link-row" onClick={() => onPick(m.currency)}>
            <Table.Td fw={500}>{m.currency || '—'}</Table.Td>
            <Table.Td ta="right" className="tb-num">
              {formatCount(m.payments)}
            </Table.Td>
            <Table.Td ta="right" className="tb-num">
              {formatAmount(m.paid)}
            </Table.Td>
            <Table.Td ta="right" className="tb-num">
              {formatCount(m.refunds)}
            </Table.Td>
            <Table.Td ta="right" className="tb-num">
              {formatAmount(m.refunded)}
            </Table.Td>
            <Table.Td ta="right" className="tb-num" fw={600}>
              {formatAmount(m.net)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const RULE_COLOR: Record<string, string> = {
  delete_burst: 'red',
  failed_logins_then_success: 'red',
  off_hours: 'orange',
  new_ip: 'yellow',
  high_volume: 'orange',
};

function FlagList({ flags, zone, onShow }: { flags: Flag[]; zone: string; onShow: (f: Flag) => void }) {
  if (!flags.length) {
    return (
      <Text c="dimmed" fz="sm">
        No flags raised for this period.
      </Text>
    );
  }
  return (
    <div data-testid="flags" className="tb-flags">
      {flags.map((f, i) => (
        <Group key={`${f.rule}-${f.user}-${i}`} className="tb-flag" justify="space-between" wrap="nowrap" data-flag={f.rule}>
          <div style={{ minWidth: 0 }}>
            <Group gap={8} wrap="nowrap">
              <Badge size="sm" color={RULE_COLOR[f.rule] ?? 'gray'} variant="light">
                {f.rule.replace(/_/g, ' ')}
              </Badge>
              <Text fw={500} fz="sm" truncate>
                {f.user || 'unknown user'} · {f.rule_text}
              </Text>
            </Group>
            <Text fz="xs" c="dimmed" mt={2}>
              {f.detail} · {formatEventTime(f.first, zone)}
              {f.last !== f.first ? ` – ${formatEventTime(f.last, zone)}` : ''}
            </Text>
          </div>
          <Button size="xs" variant="light" onClick={() => onShow(f)} rightSection={<IconArrowRight size={13} />}>
            {formatCount(f.count)} {f.count === 1 ? 'event' : 'events'}
          </Button>
        </Group>
      ))}
    </div>
  );
}

interface PersonLine {
  user: string;
  name: string;
  note: string;
}

function PersonList({ title, hint, list, onShow }: { title: string; hint: string; list: PersonLine[]; onShow: (u: string) => void }) {
  return (
    <Stack gap={4} data-testid={`people-${title.split(' ')[0]?.toLowerCase()}`}>
      <Group gap={6}>
        <Text fw={500} fz="sm">
          {title}
        </Text>
        <Badge size="xs" variant="default">
          {list.length}
        </Badge>
      </Group>
      <Text fz="xs" c="dimmed">
        {hint}
      </Text>
      {list.slice(0, 8).map((p) => (
        <Group key={p.user} justify="space-between" wrap="nowrap" className="tb-link-row" px={4} onClick={() => onShow(p.user)}>
          <Text fz="sm" truncate>
            {p.name}
          </Text>
          <Text fz="xs" c="dimmed" className="tb-num" style={{ whiteSpace: 'nowrap' }}>
            {p.note}
          </Text>
        </Group>
      ))}
      {list.length > 8 ? (
        <Text fz="xs" c="dimmed">
          and {list.length - 8} more
        </Text>
      ) : null}
    </Stack>
  );
}

const personName = (p: PersonActivity) => p.name || p.email || p.user_id || '';

function PeopleLists({ people, onShow }: { people: People; onShow: (u: string) => void }) {
  if (people.roster === 0) {
    return (
      <Text c="dimmed" fz="sm">
        No user list imported yet. Import a roster (people export) to see dormant accounts, unknown accounts and
        leavers still active.
      </Text>
    );
  }
  const leavers: PersonLine[] = (people.leavers ?? []).map((p) => ({
    user: p.email || p.user_id || p.name || '',
    name: personName(p),
    note: `left ${p.end_date ?? '?'} · ${formatCount(p.after_end ?? 0)} after${p.last_after ? ` · last ${formatDay(p.last_after)}` : ''}`,
  }));
  const unknown: PersonLine[] = (people.unknown ?? []).map((c: CountRow) => ({
    user: c.key,
    name: c.label || c.key,
    note: `${formatCount(c.count)} events`,
  }));
  const dormant: PersonLine[] = (people.dormant ?? []).map((p) => ({
    user: p.email || p.user_id || p.name || '',
    name: personName(p),
    note: p.end_date ? `left ${p.end_date}` : 'no activity',
  }));
  return (
    <SimpleGrid cols={3} spacing="lg">
      <PersonList title="Leavers still active" hint="Activity after the roster's end date" list={leavers} onShow={onShow} />
      <PersonList title="Unknown accounts" hint="Active, but in no imported user list" list={unknown} onShow={onShow} />
      <PersonList title="Dormant" hint="In a user list, no activity in this period" list={dormant} onShow={onShow} />
    </SimpleGrid>
  );
}
