import { Group, MultiSelect, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import type { FacetField, FacetValue, ReportApi, ReportSpec } from '../../api/report';
import { formatCompact } from '../../lib/format';

interface Props {
  api: ReportApi;
  field: FacetField;
  label: string;
  /** The other filters: the choices and their counts follow them. */
  spec: ReportSpec;
  value: string[];
  onChange: (v: string[]) => void;
  /** Shown for values (kinds) when the facet call gives no label. */
  labelOf?: (value: string) => string;
  width?: number;
}

/**
 * A multi-select whose choices come from the store as you type: the values of one field among
 * the events the other filters select, most frequent first, with their counts.
 */
export function FacetSelect({ api, field, label, spec, value, onChange, labelOf, width = 170 }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const [opened, setOpened] = useState(false);
  const [options, setOptions] = useState<FacetValue[]>([]);
  const [loading, setLoading] = useState(false);
  // The facet of a field ignores that field's own filter, or choosing one value would hide the rest.
  const others = useMemo(() => {
    const s: ReportSpec = { ...spec };
    delete s[field];
    delete s.sort;
    delete s.asc;
    delete s.columns;
    return s;
  }, [spec, field]);
  const othersKey = JSON.stringify(others);

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setLoading(true);
    api
      .facets({ spec: others, field, search: debounced.trim(), limit: 50 })
      .then(
        (v) => live && setOptions(v),
        () => live && setOptions([]),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // othersKey stands for others.
  }, [api, field, debounced, opened, othersKey]);

  const counts = useMemo(() => new Map(options.map((o) => [o.value, o.count])), [options]);
  const data = useMemo(() => {
    const seen = new Set<string>();
    const out: { value: string; label: string }[] = [];
    for (const o of options) {
      if (seen.has(o.value)) continue;
      seen.add(o.value);
      out.push({ value: o.value, label: o.label || labelOf?.(o.value) || o.value });
    }
    // Chosen values stay selectable even when the search no longer lists them.
    for (const v of value) if (!seen.has(v)) out.push({ value: v, label: labelOf?.(v) ?? v });
    return out;
  }, [options, value, labelOf]);

  return (
    <MultiSelect
      size="xs"
      w={width}
      placeholder={value.length ? undefined : label}
      aria-label={label}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => {
        setOpened(false);
        setSearch('');
      }}
      filter={({ options: o }) => o}
      renderOption={({ option }) => (
        <Group justify="space-between" wrap="nowrap" w="100%" gap="sm">
          <Text fz="sm" truncate>
            {option.label}
          </Text>
          {counts.has(option.value) ? (
            <Text fz="xs" c="dimmed" className="tb-num">
              {formatCompact(counts.get(option.value) ?? 0)}
            </Text>
          ) : null}
        </Group>
      )}
      nothingFoundMessage={loading ? 'Loading…' : 'Nothing found'}
      clearable
      maxValues={50}
      hidePickedOptions={false}
      comboboxProps={{ width: 320, position: 'bottom-start' }}
      classNames={{ pillsList: 'tb-facet-pills' }}
      data-facet={field}
    />
  );
}
