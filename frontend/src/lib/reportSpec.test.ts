import { describe, expect, it } from 'vitest';
import type { EventRow, ReportSpec } from '../api/report';
import {
  activeFilterCount,
  buildHash,
  clearFilters,
  emptyFilters,
  flagFilters,
  fromSpec,
  historyOfRecord,
  parseHash,
  specColumns,
  specFromQuery,
  specKey,
  specToQuery,
  toSpec,
  toggleSort,
  userAroundTime,
  withDay,
  withValue,
} from './reportSpec';

const event: EventRow = {
  id: 42,
  occurred_at: '2024-03-05T14:07:09Z',
  actor_id: 'u-7',
  actor_name: 'Ana Pop',
  actor_email: 'ana@example.com',
  system: 'paybox',
  action: 'Order refunded',
  kind: 'refund',
  target_ref: '1234567',
};

describe('toSpec', () => {
  it('sends nothing for empty filters (the zero Spec: every event, newest first)', () => {
    expect(toSpec(emptyFilters())).toEqual({});
  });

  it('uses the Go JSON names and drops blanks and duplicates', () => {
    const f = {
      ...emptyFilters(),
      users: [' ana@example.com ', '', 'ana@example.com', 'bob'],
      kinds: ['delete'],
      search: '  BOK-10234 ',
      min_amount: '10',
      max_amount: '99.95',
      include_own: true,
      sort: 'user',
      asc: true,
      zone: 'Europe/Bucharest',
    };
    expect(toSpec(f)).toEqual({
      users: ['ana@example.com', 'bob'],
      kinds: ['delete'],
      search: 'BOK-10234',
      min_amount: '10',
      max_amount: '99.95',
      include_own: true,
      sort: 'user',
      asc: true,
      zone: 'Europe/Bucharest',
    });
  });

  it('keeps a range only with the custom preset', () => {
    expect(toSpec({ ...emptyFilters(), preset: 'last_7_days', from: '2024-01-01', to: '2024-01-31' })).toEqual({
      preset: 'last_7_days',
    });
    expect(toSpec({ ...emptyFilters(), preset: 'custom', from: '2024-01-01', to: '2024-01-31' })).toEqual({
      preset: 'custom',
      from: '2024-01-01',
      to: '2024-01-31',
    });
    expect(toSpec({ ...emptyFilters(), preset: 'custom' })).toEqual({});
  });

  it('omits the default columns but keeps a chosen set in order', () => {
    const defaults = ['time', 'user', 'ip', 'system', 'module', 'action', 'kind', 'target_ref', 'amount', 'currency', 'description'];
    expect(toSpec({ ...emptyFilters(), columns: defaults })).toEqual({});
    expect(toSpec({ ...emptyFilters(), columns: ['user', 'time'] })).toEqual({ columns: ['user', 'time'] });
  });

  it('round-trips through fromSpec', () => {
    const spec: ReportSpec = { preset: 'custom', from: '2024-03-01', to: '2024-03-31', refs: ['INV-5521'], ips: ['10.0.0.0/8'] };
    expect(toSpec(fromSpec(spec))).toEqual(spec);
    expect(fromSpec(null)).toEqual(emptyFilters());
  });
});

describe('URL', () => {
  it('round-trips every field, including values with commas, spaces and ampersands', () => {
    const spec: ReportSpec = {
      preset: 'custom',
      from: '2024-03-01T08:00',
      to: '2024-03-01',
      zone: 'America/New_York',
      users: ['Pop, Ana', 'bob & co'],
      systems: ['paybox'],
      modules: ['Orders'],
      actions: ['Order refunded'],
      kinds: ['refund', 'delete'],
      refs: ['BOK-10234'],
      ips: ['2001:db8::/32'],
      search: 'card* "x"',
      min_amount: '0.5',
      max_amount: '100',
      currencies: ['EUR'],
      include_own: true,
      sort: 'amount',
      asc: true,
      columns: ['time', 'amount'],
    };
    expect(specFromQuery(specToQuery(spec))).toEqual(spec);
    const { view, spec: back } = parseHash(buildHash('events', spec));
    expect(view).toBe('events');
    expect(back).toEqual(spec);
  });

  it('reads a bare view and ignores unknown parameters', () => {
    expect(parseHash('#/summary')).toEqual({ view: 'summary', spec: {} });
    expect(parseHash('')).toEqual({ view: '', spec: {} });
    expect(parseHash('#/events?users=ana&nope=1&asc=true')).toEqual({ view: 'events', spec: { users: ['ana'], asc: true } });
    expect(buildHash('events', {})).toBe('#/events');
  });
});

describe('specKey', () => {
  it('ignores key order and columns but not filters', () => {
    expect(specKey({ users: ['a'], kinds: ['view'], columns: ['id'] })).toBe(specKey({ kinds: ['view'], users: ['a'] }));
    expect(specKey({ users: ['a'] })).not.toBe(specKey({ users: ['b'] }));
  });
});

describe('drill-down filters', () => {
  it('history of a record: that reference, all time, other filters cleared, view kept', () => {
    const f = { ...emptyFilters(), users: ['bob'], preset: 'today', zone: 'UTC', columns: ['time'] };
    const h = historyOfRecord(f, event);
    expect(h && toSpec(h)).toEqual({ refs: ['1234567'], zone: 'UTC', columns: ['time'] });
    expect(historyOfRecord(f, { ...event, target_ref: '', related_ref: '', target_id: '' })).toBeNull();
  });

  it('the user around the time: one hour either side, oldest first', () => {
    const a = userAroundTime({ ...emptyFilters(), kinds: ['delete'] }, event);
    expect(a && toSpec(a)).toEqual({
      users: ['ana@example.com'],
      preset: 'custom',
      from: '2024-03-05T13:07:09Z',
      to: '2024-03-05T15:07:09Z',
      asc: true,
    });
    expect(userAroundTime(emptyFilters(), { ...event, actor_email: '', actor_id: '', actor_name: '' })).toBeNull();
  });

  it('chart clicks add a value once and narrow to a day', () => {
    const f = withValue(withValue(emptyFilters(), 'kinds', 'delete'), 'kinds', 'delete');
    expect(f.kinds).toEqual(['delete']);
    expect(toSpec(withDay(f, '2024-03-05'))).toEqual({ kinds: ['delete'], preset: 'custom', from: '2024-03-05', to: '2024-03-05' });
  });
});

describe('sorting and counting', () => {
  it('a new column sorts ascending, the same column flips, time starts newest first', () => {
    const a = toggleSort(emptyFilters(), 'user');
    expect([a.sort, a.asc]).toEqual(['user', true]);
    const b = toggleSort(a, 'user');
    expect([b.sort, b.asc]).toEqual(['user', false]);
    const c = toggleSort(b, 'time');
    expect([c.sort, c.asc]).toEqual(['', false]);
    const d = toggleSort(c, 'time');
    expect([d.sort, d.asc]).toEqual(['', true]);
  });

  it('counts active filters and clears them but keeps the view', () => {
    const f = { ...emptyFilters(), users: ['a'], kinds: ['view'], min_amount: '1', max_amount: '2', zone: 'UTC', columns: ['id'] };
    expect(activeFilterCount(f)).toBe(3);
    expect(toSpec(clearFilters(f))).toEqual({ zone: 'UTC', columns: ['id'] });
  });

  it('shows the default columns when none or only unknown ones are named', () => {
    expect(specColumns({})).toContain('time');
    expect(specColumns({ columns: ['bogus'] })).toHaveLength(11);
    expect(specColumns({ columns: ['id', 'bogus', 'user'] })).toEqual(['id', 'user']);
  });
});

describe('flagFilters', () => {
  it('narrows to the user, the flagged window and the rule kinds', () => {
    const f = flagFilters(
      { ...emptyFilters(), systems: ['x'], zone: 'Europe/Bucharest' },
      { rule: 'delete_burst', user: 'bob@example.com', first: '2024-02-10T03:38:00.5Z', last: '2024-02-10T03:40:00Z' },
    );
    expect(toSpec(f)).toEqual({
      zone: 'Europe/Bucharest',
      users: ['bob@example.com'],
      kinds: ['delete'],
      preset: 'custom',
      from: '2024-02-10T03:38:00.500Z',
      to: '2024-02-10T03:40:00Z',
      asc: true,
    });
    expect(toSpec(flagFilters(emptyFilters(), { rule: 'off_hours', user: 'ana', first: '', last: '' }))).toEqual({
      users: ['ana'],
      asc: true,
    });
  });
});
