import { Badge, Button, Checkbox, Group, Popover, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch, IconX } from '@tabler/icons-react';
import { forwardRef, useEffect, useMemo, useState } from 'react';
import { KINDS, PRESETS, type ReportApi, type ReportSpec } from '../../api/report';
import { userZone } from '../../lib/format';
import { PRESET_LABELS, kindLabel } from '../../lib/reportFormat';
import { activeFilterCount, clearFilters, type FilterState } from '../../lib/reportSpec';
import { zoneOptions } from '../../lib/timezones';
import { FacetSelect } from './FacetSelect';

interface Props {
  api: ReportApi;
  filters: FilterState;
  spec: ReportSpec;
  onChange: (f: FilterState) => void;
}

const presetData = [
  { value: '', label: PRESET_LABELS[''] ?? 'All time' },
  ...PRESETS.map((p) => ({ value: p, label: PRESET_LABELS[p] ?? p })),
];

/** Splits "a, b  c" into values (for IPs and references typed as text). */
function splitList(s: string): string[] {
  return s
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * The filters of a report. Text fields apply as you type (debounced); choices apply at once.
 * Everything maps 1:1 onto the report Spec, so what you see is what a saved report stores.
 */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar({ api, filters, spec, onChange }, searchRef) {
  const set = (patch: Partial<FilterState>) => onChange({ ...filters, ...patch });
  const zones = useMemo(() => zoneOptions([filters.zone || 'UTC', userZone()]), [filters.zone]);
  const [search, setSearch] = useState(filters.search);
  useEffect(() => setSearch(filters.search), [filters.search]);
  const applySearch = useDebouncedCallback((v: string) => onChange({ ...filters, search: v }), 250);
  const extra = [filters.ips.length, filters.refs.length, filters.min_amount || filters.max_amount, filters.currencies.length, filters.include_own].filter(Boolean).length;
  const count = activeFilterCount(filters);

  return (
    <div className="tb-filterbar" role="search" aria-label="Filters">
      <Group gap={8} wrap="wrap" align="flex-end">
        <Select
          size="xs"
          w={138}
          aria-label="Period"
          data={presetData}
          value={filters.preset === 'custom' || filters.from || filters.to ? (filters.preset || 'custom') : filters.preset}
          onChange={(v) => set({ preset: v ?? '', ...(v !== 'custom' ? { from: '', to: '' } : {}) })}
          allowDeselect={false}
          comboboxProps={{ width: 170 }}
        />
        {filters.preset === 'custom' || filters.from || filters.to ? (
          <>
            <TextInput
              size="xs"
              w={150}
              aria-label="From"
              placeholder="From 2024-03-01"
              value={filters.from}
              onChange={(e) => set({ preset: 'custom', from: e.currentTarget.value })}
              className="tb-mono-input"
            />
            <TextInput
              size="xs"
              w={150}
              aria-label="To"
              placeholder="To (inclusive)"
              value={filters.to}
              onChange={(e) => set({ preset: 'custom', to: e.currentTarget.value })}
              className="tb-mono-input"
            />
          </>
        ) : null}
        <Select
          size="xs"
          w={176}
          aria-label="Display time zone"
          data={zones.map((z) => ({ value: z.value, label: z.label }))}
          value={filters.zone || 'UTC'}
          onChange={(v) => set({ zone: v && v !== 'UTC' ? v : '' })}
          searchable
          allowDeselect={false}
          comboboxProps={{ width: 300 }}
          maxDropdownHeight={320}
        />
        <TextInput
          ref={searchRef}
          size="xs"
          w={230}
          aria-label="Search"
          placeholder="Search words, IDs, references…"
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            applySearch(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...filters, search });
          }}
          rightSection={
            search ? (
              <IconX
                size={14}
                style={{ cursor: 'pointer' }}
                aria-label="Clear search"
                onClick={() => {
                  setSearch('');
                  onChange({ ...filters, search: '' });
                }}
              />
            ) : null
          }
        />
        {count > 0 ? (
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={13} />} onClick={() => onChange(clearFilters(filters))}>
            Clear {count > 1 ? `${count} filters` : 'filter'}
          </Button>
        ) : null}
      </Group>
      <Group gap={8} wrap="wrap" mt={8} align="flex-start">
        <FacetSelect api={api} field="users" label="Users" spec={spec} value={filters.users} onChange={(v) => set({ users: v })} width={190} />
        <FacetSelect api={api} field="systems" label="Systems" spec={spec} value={filters.systems} onChange={(v) => set({ systems: v })} width={140} />
        <FacetSelect api={api} field="modules" label="Modules" spec={spec} value={filters.modules} onChange={(v) => set({ modules: v })} width={140} />
        <FacetSelect api={api} field="actions" label="Actions" spec={spec} value={filters.actions} onChange={(v) => set({ actions: v })} width={170} />
        <FacetSelect
          api={api}
          field="kinds"
          label="Kinds"
          spec={spec}
          value={filters.kinds}
          onChange={(v) => set({ kinds: v.filter((k) => (KINDS as readonly string[]).includes(k)) })}
          labelOf={kindLabel}
          width={150}
        />
        <MoreFilters filters={filters} onChange={onChange} count={extra} />
      </Group>
    </div>
  );
});

function MoreFilters({ filters, onChange, count }: { filters: FilterState; onChange: (f: FilterState) => void; count: number }) {
  const [draft, setDraft] = useState({ ips: '', refs: '', min: '', max: '', cur: '' });
  const [opened, setOpened] = useState(false);
  const open = () => {
    setDraft({
      ips: filters.ips.join(', '),
      refs: filters.refs.join(', '),
      min: filters.min_amount,
      max: filters.max_amount,
      cur: filters.currencies.join(', '),
    });
    setOpened(true);
  };
  const badAmount = (s: string) => s.trim() !== '' && !/^-?\d+(\.\d+)?$/.test(s.trim());
  const apply = () => {
    if (badAmount(draft.min) || badAmount(draft.max)) return;
    onChange({
      ...filters,
      ips: splitList(draft.ips),
      refs: splitList(draft.refs),
      min_amount: draft.min.trim(),
      max_amount: draft.max.trim(),
      currencies: splitList(draft.cur).map((c) => c.toUpperCase()),
    });
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={340} shadow="md" trapFocus>
      <Popover.Target>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconAdjustmentsHorizontal size={14} />}
          rightSection={count ? <Badge size="xs" circle>{count}</Badge> : null}
          onClick={() => (opened ? setOpened(false) : open())}
        >
          IP, record, amount
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" onKeyDown={(e) => e.key === 'Enter' && apply()}>
          <TextInput size="xs" label="IP addresses or ranges" placeholder="10.0.0.5, 192.168.0.0/16, 2001:db8::/32" value={draft.ips} onChange={(e) => setDraft({ ...draft, ips: e.currentTarget.value })} />
          <TextInput size="xs" label="Record references" placeholder="1234567, BOK-10234, INV-5521" value={draft.refs} onChange={(e) => setDraft({ ...draft, refs: e.currentTarget.value })} />
          <Group grow gap="xs">
            <TextInput size="xs" label="Amount from" placeholder="10" value={draft.min} error={badAmount(draft.min) ? 'A number, e.g. 99.95' : undefined} onChange={(e) => setDraft({ ...draft, min: e.currentTarget.value })} />
            <TextInput size="xs" label="to" placeholder="1000" value={draft.max} error={badAmount(draft.max) ? 'A number, e.g. 99.95' : undefined} onChange={(e) => setDraft({ ...draft, max: e.currentTarget.value })} />
          </Group>
          <TextInput size="xs" label="Currencies" placeholder="EUR, USD" value={draft.cur} onChange={(e) => setDraft({ ...draft, cur: e.currentTarget.value })} />
          <Checkbox
            size="xs"
            label="Include Trailbook's own actions (imports, exports…)"
            checked={filters.include_own}
            onChange={(e) => onChange({ ...filters, include_own: e.currentTarget.checked })}
          />
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button size="xs" onClick={apply}>
              Apply
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
