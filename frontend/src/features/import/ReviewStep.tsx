import { Button, Checkbox, Group, Select, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { useState } from 'react';
import {
  IconAlertTriangle,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconColumns,
  IconFileSpreadsheet,
  IconFileX,
  IconWorld,
} from '@tabler/icons-react';
import type { ProfileInfo } from '../../api';
import { formatBytes, describeDelimiter, plural } from '../../lib/format';
import {
  chooseProfile,
  chooseZone,
  detection,
  detectionReason,
  findProfile,
  profileOptions,
  rowFile,
  rowProblems,
  setIncluded,
  zoneRequired,
  type PlanRow,
} from '../../lib/importPlan';
import type { ZoneOption } from '../../lib/timezones';
import { PreviewTable } from './PreviewTable';

interface Props {
  rows: PlanRow[];
  profiles: ProfileInfo[];
  zones: ZoneOption[];
  userTz: string;
  onChange: (rows: PlanRow[]) => void;
  /** Opens the column-mapping editor for the file at this index. */
  onMap: (index: number) => void;
}

const GRID = '24px minmax(0, 1.25fr) minmax(0, 1fr) minmax(0, 1fr)';

function FileRow({
  row,
  profiles,
  zones,
  userTz,
  onChange,
  onMap,
}: Omit<Props, 'rows' | 'onChange' | 'onMap'> & { row: PlanRow; onChange: (r: PlanRow) => void; onMap: () => void }) {
  const { plan } = row;
  const [showPreview, setShowPreview] = useState(false);
  const mapped = !!row.mapping;
  const canPreview = row.include && detection(plan) !== 'unreadable' && rowProblems(row, profiles).length === 0;
  const state = detection(plan);
  const reason = detectionReason(plan, profiles);
  const needsZone = zoneRequired(row, profiles);
  const chosen = findProfile(profiles, row.profile);
  const attention = row.include && (!row.profile || (needsZone && !row.tz));
  // the sentence stays, but once the user has decided (or left the file out) it is no longer a warning
  const tone: 'calm' | 'warn' | 'error' =
    state === 'unreadable' ? 'error' : state === 'detected' || !row.include || row.profile || mapped ? 'calm' : 'warn';
  const id = `file-${plan.path}`;
  const meta = [
    formatBytes(plan.size),
    plan.encoding ? plan.encoding.toUpperCase() : '',
    plan.delimiter ? describeDelimiter(plan.delimiter) : '',
    plan.header.length ? plural(plan.header.length, 'column') : '',
  ].filter(Boolean);

  return (
    <div
      className="tb-file-row"
      data-excluded={!row.include}
      data-attention={attention}
      data-error={state === 'unreadable'}
      style={{ display: 'grid', gridTemplateColumns: GRID, columnGap: 14, rowGap: 6, padding: '12px 14px' }}
    >
      <Checkbox
        mt={2}
        checked={row.include}
        disabled={state === 'unreadable'}
        onChange={(e) => onChange(setIncluded(row, e.currentTarget.checked))}
        aria-label={`Import ${plan.file}`}
      />
      <div style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          {state === 'unreadable' ? (
            <IconFileX size={16} color="var(--mantine-color-red-filled)" style={{ flex: 'none' }} />
          ) : (
            <IconFileSpreadsheet size={16} style={{ flex: 'none', opacity: 0.7 }} />
          )}
          <Text fw={600} fz="sm" truncate id={id}>
            {plan.file}
          </Text>
        </Group>
        {plan.path.startsWith('upload:') ? (
          // An uploaded file: its server-side reference means nothing to the user.
          <Text fz="xs" c="dimmed" mt={2}>
            uploaded from this browser
          </Text>
        ) : (
          <Tooltip label={plan.path} position="bottom-start" openDelay={500}>
            <Text fz="xs" c="dimmed" truncate className="tb-mono" mt={2}>
              {plan.path}
            </Text>
          </Tooltip>
        )}
        <Text fz="xs" c="dimmed" mt={2} className="tb-num">
          {meta.join(' · ')}
        </Text>
      </div>

      <div style={{ minWidth: 0 }}>
        <div className="tb-label" style={{ marginBottom: 4 }}>
          Profile
        </div>
        {mapped ? (
          <Group gap={6} wrap="nowrap" mih={30}>
            <IconColumns size={16} color="var(--mantine-color-teal-filled)" style={{ flex: 'none' }} />
            <Text fz="sm" fw={500} truncate>
              Your column mapping
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={onMap}>
              Edit
            </Button>
          </Group>
        ) : state === 'detected' ? (
          <Group gap={6} wrap="nowrap" mih={30}>
            <IconCircleCheck size={16} color="var(--mantine-color-teal-filled)" style={{ flex: 'none' }} />
            <Text fz="sm" fw={500} truncate>
              {chosen?.name ?? row.profile}
            </Text>
          </Group>
        ) : state === 'unreadable' ? (
          <Text fz="sm" c="dimmed" mih={30} lh="30px">
            —
          </Text>
        ) : (
          <Select
            aria-label={`Profile for ${plan.file}`}
            placeholder={state === 'ambiguous' ? 'Choose one of the matches…' : 'Choose a profile…'}
            data={profileOptions(plan, profiles).map((p) => ({ value: p.id, label: p.name }))}
            value={row.profile || null}
            onChange={(v) => onChange(chooseProfile(row, v ?? '', profiles, userTz))}
            disabled={!row.include}
            searchable
            nothingFoundMessage="No profile by that name"
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {state === 'unknown' && !mapped && !row.profile ? (
          <Button
            mt={6}
            size="compact-sm"
            variant="light"
            leftSection={<IconColumns size={14} />}
            onClick={onMap}
            disabled={!row.include}
            aria-label={`Map the columns of ${plan.file}`}
          >
            Map columns…
          </Button>
        ) : null}
      </div>

      <div style={{ minWidth: 0 }}>
        <div className="tb-label" style={{ marginBottom: 4 }}>
          Source time zone
        </div>
        {mapped ? (
          <Text fz="sm" mih={30} style={{ display: 'flex', alignItems: 'center' }}>
            {row.mapping?.zoned ? 'Times carry their own offset' : row.mapping?.tz || '—'}
          </Text>
        ) : needsZone ? (
          <Select
            aria-label={`Time zone of ${plan.file}`}
            data={zones}
            value={row.tz || null}
            onChange={(v) => onChange(chooseZone(row, v ?? ''))}
            disabled={!row.include}
            searchable
            limit={80}
            placeholder="Search zones…"
            nothingFoundMessage="No such zone"
            leftSection={<IconWorld size={15} />}
            error={row.include && !row.tz ? true : undefined}
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <Text fz="xs" c="dimmed" mih={30} style={{ display: 'flex', alignItems: 'center' }}>
            {!row.profile
              ? '—'
              : chosen?.default_zone && !chosen.builtin
                ? `${chosen.default_zone}, as the profile says`
                : 'Not needed: the times carry their own offset'}
          </Text>
        )}
      </div>

      <div />
      <Group gap={6} wrap="nowrap" align="flex-start" style={{ gridColumn: '2 / span 2', minWidth: 0 }}>
        {tone === 'calm' ? null : (
          <ThemeIcon size={16} variant="transparent" color={tone === 'error' ? 'red' : 'yellow'}>
            {tone === 'error' ? <IconFileX size={14} /> : <IconAlertTriangle size={14} />}
          </ThemeIcon>
        )}
        <Text
          fz="xs"
          c={tone === 'calm' ? 'dimmed' : undefined}
          style={
            tone === 'error'
              ? { color: 'var(--mantine-color-red-light-color)' }
              : tone === 'warn'
                ? { color: 'var(--tb-warn-text)' }
                : undefined
          }
        >
          {state === 'unreadable'
            ? `This file cannot be imported: ${reason}`
            : mapped
              ? `Read through the columns you mapped (${Object.keys(row.mapping?.fields ?? {}).length} fields); the mapping is used for this import only.`
              : state === 'unknown' && chosen
                ? `Read with ${chosen.name}${chosen.builtin ? '' : ', a profile saved in this workspace'}.`
                : reason}
        </Text>
      </Group>
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Text fz="xs" c="dimmed">
          {needsZone && !mapped ? "This export's times are in the account's time zone." : ''}
        </Text>
        {canPreview ? (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={showPreview ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            onClick={() => setShowPreview((v) => !v)}
            aria-expanded={showPreview}
            aria-label={`Preview rows of ${plan.file}`}
          >
            Preview rows
          </Button>
        ) : null}
      </Group>
      {showPreview && canPreview ? (
        <div style={{ gridColumn: '2 / -1', minWidth: 0 }}>
          <PreviewTable label={`Preview of ${plan.file}`} file={rowFile(row, profiles)} />
        </div>
      ) : null}
    </div>
  );
}


export function ReviewStep({ rows, profiles, zones, userTz, onChange, onMap }: Props) {
  return (
    <Stack gap={10}>
      {rows.map((row, i) => (
        <FileRow
          key={row.plan.path}
          row={row}
          profiles={profiles}
          zones={zones}
          userTz={userTz}
          onChange={(r) => onChange(rows.map((x, j) => (j === i ? r : x)))}
          onMap={() => onMap(i)}
        />
      ))}
    </Stack>
  );
}
