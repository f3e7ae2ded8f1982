import { Alert, Button, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconDeviceFloppy, IconWorld } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { api, type ProfileInfo, type SuggestResult } from '../../api';
import {
  TARGETS,
  draftFromSuggestion,
  mappedFile,
  mappingProblems,
  nameCheck,
  setField,
  sharedColumns,
  type DateOrder,
  type MappingDraft,
} from '../../lib/mapping';
import type { ZoneOption } from '../../lib/timezones';
import { PreviewTable } from './PreviewTable';

interface Props {
  /** The file reference (path or upload id) and its name. */
  path: string;
  file: string;
  /** A mapping made before, to edit again; else the suggestion prefills the editor. */
  initial?: MappingDraft;
  profiles: ProfileInfo[];
  zones: ZoneOption[];
  userTz: string;
  onCancel: () => void;
  /** Use the mapping for this import only. */
  onUse: (d: MappingDraft) => void;
  /** The mapping was saved as a profile: the file is now read with it. */
  onSaved: (p: ProfileInfo, d: MappingDraft) => void;
}

function guessLine(s: SuggestResult, column: string): string {
  const c = s.columns.find((x) => x.name === column);
  if (!c) return '';
  const kinds = [
    c.dates_pct >= 50 ? 'dates' : '',
    c.ips_pct >= 50 ? 'IPs' : '',
    c.emails_pct >= 50 ? 'emails' : '',
    c.amounts_pct >= 50 && c.dates_pct < 50 ? 'amounts' : '',
  ].filter(Boolean);
  const sample = c.samples.find((x) => x.trim() !== '') ?? '';
  return [kinds.length ? kinds.join(', ') : '', sample ? `e.g. ${sample}` : ''].filter(Boolean).join(' · ');
}

/** Map the columns of a file no profile reads, preview the rows live, save as a profile. */
export function MappingEditor({ path, file, initial, profiles, zones, userTz, onCancel, onUse, onSaved }: Props) {
  const [suggest, setSuggest] = useState<SuggestResult | null>(null);
  const [draft, setDraft] = useState<MappingDraft | null>(initial ?? null);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState('');

  useEffect(() => {
    let live = true;
    api
      .suggestMapping(path)
      .then((s) => {
        if (!live) return;
        setSuggest(s);
        setDraft((d) => d ?? draftFromSuggestion(s, userTz));
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [path, userTz]);

  const columnOptions = useMemo(
    () => (suggest ? suggest.header.filter((h) => h.trim() !== '').map((h) => ({ value: h, label: h })) : []),
    [suggest],
  );

  if (error) {
    return (
      <Stack gap="sm">
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`${file} cannot be mapped`}>
          <Text fz="sm" className="tb-mono">
            {error}
          </Text>
        </Alert>
        <Group>
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onCancel}>
            Back to the files
          </Button>
        </Group>
      </Stack>
    );
  }
  if (!suggest || !draft) {
    return (
      <Group gap="sm" p="xl" justify="center">
        <Loader size="sm" />
        <Text fz="sm" c="dimmed">
          Reading {file}: which column holds dates, IPs, emails…
        </Text>
      </Group>
    );
  }

  const problems = mappingProblems(draft);
  const shared = sharedColumns(draft);
  const name = nameCheck(draft.name, profiles);
  const ready = problems.length === 0;

  const save = async () => {
    setSaving(true);
    setSaveError('');
    try {
      const p = await api.saveMappedProfile({ file: mappedFile(path, draft), name: draft.name.trim() });
      onSaved(p, draft);
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md" data-testid="mapping-editor">
      <Text fz="sm">
        No profile reads <b>{file}</b>. Say which column holds what: the suggestion below comes from the header names and
        the first {suggest.rows_sampled} rows. Columns you leave unmapped are kept with each event, so nothing is lost.
      </Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))', gap: '10px 16px' }}>
        {TARGETS.map((t) => {
          const col = draft.fields[t.field] ?? '';
          const hint = col ? guessLine(suggest, col) : t.hint;
          return (
            <Select
              key={t.field}
              label={
                <span>
                  {t.label}
                  {t.required === 'always' ? <span style={{ color: 'var(--mantine-color-red-filled)' }}> *</span> : null}
                  {t.required === 'action-or-description' ? (
                    <Text span fz="xs" c="dimmed">
                      {' '}
                      (this or {t.field === 'action' ? 'description' : 'action'})
                    </Text>
                  ) : null}
                </span>
              }
              aria-label={`Column for ${t.label}`}
              description={hint || '\u00a0' /* keeps the inputs of a row aligned */}
              data={columnOptions}
              value={col || null}
              placeholder="not in this file"
              clearable
              allowDeselect={false}
              searchable
              size="xs"
              onChange={(v) => setDraft(setField(draft, t.field, v ?? ''))}
              comboboxProps={{ withinPortal: true }}
              styles={{ description: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } }}
            />
          );
        })}
      </div>

      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1.2fr) auto minmax(0, 1fr)', gap: 16, alignItems: 'end' }}>
        <TextInput
          size="xs"
          label="Date layout"
          description="Empty reads ISO and the common forms; or a pattern like DD/MM/YYYY HH:mm"
          placeholder="automatic"
          value={draft.dateLayout}
          onChange={(e) => setDraft({ ...draft, dateLayout: e.currentTarget.value })}
          classNames={{ input: 'tb-mono' }}
        />
        <div>
          <Text fz="xs" fw={500} mb={4}>
            Ambiguous dates (03/02)
          </Text>
          <SegmentedControl
            size="xs"
            aria-label="Date order"
            value={draft.dateOrder || 'auto'}
            onChange={(v) => setDraft({ ...draft, dateOrder: (v === 'auto' ? '' : v) as DateOrder })}
            data={[
              { value: 'auto', label: 'From the data' },
              { value: 'dmy', label: 'Day first' },
              { value: 'mdy', label: 'Month first' },
            ]}
          />
        </div>
        {draft.zoned ? (
          <Text fz="xs" c="dimmed">
            Source time zone: not needed, the times carry their own offset.
          </Text>
        ) : (
          <Select
            size="xs"
            label="Source time zone"
            description="the zone the file's times were written in"
            aria-label={`Time zone of ${file}`}
            data={zones}
            value={draft.tz || null}
            onChange={(v) => setDraft({ ...draft, tz: v ?? '' })}
            searchable
            allowDeselect={false}
            limit={80}
            leftSection={<IconWorld size={14} />}
            error={!draft.tz ? true : undefined}
            comboboxProps={{ withinPortal: true }}
          />
        )}
      </div>

      <div>
        <Text fw={600} fz="sm" mb={6}>
          Preview: the first rows exactly as they will be stored
        </Text>
        <PreviewTable
          label={`Preview of ${file}`}
          file={ready ? mappedFile(path, draft) : null}
          waiting={`To see the preview: ${problems.join(', ')}.`}
        />
        {shared.length ? (
          <Text fz="xs" mt={4} style={{ color: 'var(--tb-warn-text)' }}>
            {shared.map((c) => `“${c}”`).join(', ')} fills more than one field.
          </Text>
        ) : null}
      </div>

      <div
        style={{
          position: 'sticky',
          bottom: -14,
          zIndex: 5, // above inputs' own stacking (segmented control, select icons) while they scroll under it
          margin: '0 -18px -14px',
          padding: '10px 18px',
          background: 'var(--tb-subtle)',
          borderTop: '1px solid var(--tb-border)',
          display: 'grid',
          gridTemplateColumns: 'auto minmax(0, 1fr) auto',
          gap: 12,
          alignItems: 'start',
        }}
      >
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onCancel}>
          Back
        </Button>
        <Group gap="xs" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <TextInput
            size="sm"
            aria-label="Profile name"
            placeholder="Profile name, e.g. Helpdesk tickets"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            error={saveError || (draft.name ? name.error : '') || undefined}
            description={!saveError && !name.error ? name.note || 'next time, files with this header import with no questions' : undefined}
            inputWrapperOrder={['input', 'error', 'description']}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            disabled={!ready || !!name.error}
            loading={saving}
            onClick={() => void save()}
          >
            Save as profile
          </Button>
        </Group>
        <Button variant="light" leftSection={<IconCheck size={16} />} disabled={!ready} onClick={() => onUse(draft)}>
          Use once
        </Button>
      </div>
    </Stack>
  );
}
