import '../../styles/report.css';
import { Alert, Badge, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title, useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { Flag, PeopleReport, PersonActivity, ReportApi, Summary } from '../../api/report';
import { EChart } from '../../components/charts/EChart';
import { formatCount, formatDay } from '../../lib/format';
import { formatAmount, kindLabel, periodLabel } from '../../lib/reportFormat';
import { clearFilters, fromSpec, withDay, withValue, type FilterState } from '../../lib/reportSpec';
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

const SEVERITY_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'gray' };

/** Who did what and when, at a glance: every chart narrows the Events table when clicked. */
export function SummaryPage({ api, report, onShowEvents }: Props) {
  const { filters, spec, setFilters } = report;
  const [summary, setSummary] = useState<Summary | null>(null);
  const [flags, setFlags] = useState<Flag[] | null>(null);
  const [people, setPeople] = useState<PeopleReport | null>(null);
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
    api.summary(spec).then((s) => live && setSummary(s), fail);
    api.flags(spec).then((f) => live && setFlags(f), fail);
    api.people(spec).then((p) => live && setPeople(p), () => live && setPeople({ dormant: [], unknown: [], leavers: [] }));
    return () => {
      live = false;
    };
    // key stands for spec.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  const timeline = useMemo(() => (summary ? timelineOption(summary.by_day, palette) : null), [summary, palette]);
  const heat = useMemo(() => (summary ? heatmapOption(summary.by_hour, palette) : null), [summary, palette]);
  const users = useMemo(() => (summary ? rankOption(summary.top_users, palette) : null), [summary, palette]);
  const kinds = useMemo(() => (summary ? rankOption(summary.by_kind, palette, kindLabel) : null), [summary, palette]);
  const systems = useMemo(() => (summary ? rankOption(summary.by_system, palette) : null), [summary, palette]);

  const zone = filters.zone || 'UTC';

  return (
    <div className="tb-summary">
      <Group justify="space-between" align="flex-end" mb={12}>
        <div>
          <Title order={2} fz={22}>
            Summary
          </Title>
          <Text c="dimmed" fz="sm" className="tb-num" data-testid="summary-total">
            {summary ? `${formatCount(summary.total)} events · ${formatCount(summary.users)} users` : 'Counting…'} · {periodLabel(spec)} · {zone}
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
          {users && summary?.top_users.length ? (
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
          {summary ? <MoneyTable summary={summary} onPick={(cur, kind) => onShowEvents(withValue(withValue(filters, 'currencies', cur), 'kinds', kind))} /> : <Loader size="sm" type="dots" />}
        </Card>
        <Card title="Security flags" wide hint="Each flag lists the events behind it">
          {flags ? <FlagList flags={flags} onShow={(f) => onShowEvents({ ...fromSpec(f.spec), zone: filters.zone })} /> : <Loader size="sm" type="dots" />}
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

function MoneyTable({ summary, onPick }: { summary: Summary; onPick: (currency: string, kind: string) => void }) {
  if (!summary.money.length) {
    return (
      <Text c="dimmed" fz="sm">
        No amounts in this period.
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} highlightOnHover data-testid="money">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Currency</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th ta="right">Events</Table.Th>
          <Table.Th ta="right">Total</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {summary.money.map((m) => (
          <Table.Tr key={`${m.currency}-${m.kind}`} className="tb-link-row" onClick={() => onPick(m.currency, m.kind)}>
            <Table.Td fw={500}>{m.currency || '—'}</Table.Td>
            <Table.Td>{kindLabel(m.kind)}</Table.Td>
            <Table.Td ta="right" className="tb-num">
              {formatCount(m.count)}
            </Table.Td>
            <Table.Td ta="right" className="tb-num tb-mono">
              {formatAmount(m.total)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function FlagList({ flags, onShow }: { flags: Flag[]; onShow: (f: Flag) => void }) {
  if (!flags.length) {
    return (
      <Text c="dimmed" fz="sm">
        No flags raised for this period.
      </Text>
    );
  }
  return (
    <div data-testid="flags">
      {flags.map((f) => (
        <Group key={f.id} className="tb-flag" justify="space-between" wrap="nowrap" data-flag={f.rule}>
          <div style={{ minWidth: 0 }}>
            <Group gap={8} wrap="nowrap">
              <Badge size="sm" color={SEVERITY_COLOR[f.severity] ?? 'gray'} variant="light">
                {f.severity}
              </Badge>
              <Text fw={500} fz="sm" truncate>
                {f.title}
              </Text>
            </Group>
            <Text fz="xs" c="dimmed" mt={2}>
              {f.detail}
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

function PersonList({ title, hint, list, onShow }: { title: string; hint: string; list: PersonActivity[]; onShow: (u: string) => void }) {
  return (
    <Stack gap={4}>
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
            {p.name || p.email || p.user}
          </Text>
          <Text fz="xs" c="dimmed" className="tb-num" style={{ whiteSpace: 'nowrap' }}>
            {p.last_utc ? `last ${formatDay(p.last_utc)}` : 'never'}
            {p.end_date ? ` · left ${p.end_date}` : ''}
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

function PeopleLists({ people, onShow }: { people: PeopleReport; onShow: (u: string) => void }) {
  return (
    <SimpleGrid cols={3} spacing="lg">
      <PersonList title="Leavers still active" hint="Activity after the roster's end date" list={people.leavers} onShow={onShow} />
      <PersonList title="Unknown accounts" hint="Active, but not in any imported user list" list={people.unknown} onShow={onShow} />
      <PersonList title="Dormant" hint="In a user list, no activity in this period" list={people.dormant} onShow={onShow} />
    </SimpleGrid>
  );
}
