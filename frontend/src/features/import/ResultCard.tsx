import { Alert, Badge, Group, List, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconInfoCircle, IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportResult, ProfileInfo } from '../../api';
import { CopyText } from '../../components/CopyText';
import { ExportRejectsButton } from '../../components/ExportRejectsButton';
import { RejectsTable } from '../../components/RejectsTable';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPeriod,
  shortHash,
  userZone,
  zoneLabel,
} from '../../lib/format';
import { outcome, type Outcome } from '../../lib/workspace';

const BADGE: Record<Outcome, { color: string; label: string }> = {
  imported: { color: 'teal', label: 'Imported' },
  'nothing-new': { color: 'gray', label: 'Nothing new' },
  failed: { color: 'red', label: 'Failed' },
  cancelled: { color: 'gray', label: 'Cancelled' },
};

function Count({ label, n, tone }: { label: string; n: number; tone?: 'accent' | 'red' | 'yellow' }) {
  const color = n === 0 ? 'dimmed' : tone === 'red' ? 'red' : tone === 'yellow' ? 'yellow.7' : tone === 'accent' ? 'ink' : undefined;
  return (
    <div style={{ minWidth: 0 }}>
      <div className="tb-label">{label}</div>
      <Text fz={20} fw={600} lh={1.3} c={color} className="tb-num" data-count={label}>
        {formatCount(n)}
      </Text>
    </div>
  );
}

const WARNINGS_SHOWN = 4;

export function ResultCard({ result: r, profiles }: { result: ImportResult; profiles: ProfileInfo[] }) {
  const [allWarnings, setAllWarnings] = useState(false);
  const o = outcome(r);
  const profileName = profiles.find((p) => p.id === r.profile)?.name ?? r.profile;
  const warnings = allWarnings ? r.warnings : r.warnings.slice(0, WARNINGS_SHOWN);
  const Icon = o === 'failed' ? IconCircleX : o === 'imported' ? IconCircleCheck : o === 'cancelled' ? IconPlayerStop : IconInfoCircle;

  return (
    <div className="tb-card" style={{ padding: 14 }} data-outcome={o} data-file={r.file}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          <Icon
            size={18}
            style={{ flex: 'none' }}
            color={`var(--mantine-color-${o === 'failed' ? 'red' : o === 'imported' ? 'teal' : 'gray'}-filled)`}
          />
          <div style={{ minWidth: 0 }}>
            <Text fw={600} fz="sm" truncate>
              {r.file}
            </Text>
            <Text fz="xs" c="dimmed" truncate>
              {[profileName, r.source_zone ? `read in ${r.source_zone}` : '', formatBytes(r.size), formatDuration(r.duration_ms)]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </div>
        </Group>
        <Badge variant="light" color={BADGE[o].color} style={{ flex: 'none' }}>
          {BADGE[o].label}
        </Badge>
      </Group>

      {o === 'cancelled' ? (
        <Text fz="sm" c="dimmed" mt="sm">
          Cancelled before it finished: nothing from this file was stored.
        </Text>
      ) : r.error ? (
        <Alert color="red" variant="light" mt="sm" p="xs" icon={<IconCircleX size={18} />} title="This file was not imported">
          <Text fz="sm" className="tb-mono" style={{ wordBreak: 'break-word' }}>
            {r.error}
          </Text>
          <Text fz="xs" mt={4}>
            Nothing from it was stored: the workspace is as it was before.
          </Text>
        </Alert>
      ) : (
        <>
          <div
            style={{ display: 'grid', gridTemplateColumns: 'repeat(5, minmax(0, 0.8fr)) minmax(0, 2.6fr)', gap: 12, marginTop: 12 }}
          >
            <Count label="Rows read" n={r.rows} />
            <Count label="Inserted" n={r.inserted} tone="accent" />
            <Count label="Duplicates" n={r.duplicates} />
            <Count label="Rejected" n={r.rejected} tone="red" />
            <Count label="Skipped" n={r.skipped} />
            <div style={{ minWidth: 0 }}>
              <div className="tb-label">Period</div>
              <Tooltip label={`Shown in ${zoneLabel(userZone())}`}>
                <Text fz="sm" mt={4} className="tb-num" truncate>
                  {formatPeriod(r.first_utc, r.last_utc)}
                </Text>
              </Tooltip>
            </div>
          </div>
          {r.duplicates > 0 && r.inserted === 0 ? (
            <Text fz="xs" c="dimmed" mt={8}>
              Every row was already in the workspace (an earlier import of this file or an overlapping export).
            </Text>
          ) : null}
        </>
      )}

      <Group gap={6} mt={10} wrap="nowrap">
        <Text fz="xs" c="dimmed">
          SHA-256
        </Text>
        <CopyText value={r.sha256} title={r.sha256} label="Copy SHA-256">
          <Text span fz="xs" className="tb-mono">
            {shortHash(r.sha256, 16)}
          </Text>
        </CopyText>
      </Group>

      {r.warnings.length ? (
        <Alert
          color="yellow"
          variant="light"
          mt="sm"
          p="xs"
          icon={<IconAlertTriangle size={18} />}
          title={r.warnings.length === 1 ? '1 warning' : `${formatCount(r.warnings.length)} warnings`}
          styles={{ title: { color: 'var(--tb-warn-text)' } }}
        >
          <List size="xs" spacing={2}>
            {warnings.map((w, i) => (
              <List.Item key={i}>{w}</List.Item>
            ))}
          </List>
          {r.warnings.length > WARNINGS_SHOWN ? (
            <Text
              component="button"
              type="button"
              fz="xs"
              mt={4}
              c="dimmed"
              td="underline"
              style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
              onClick={() => setAllWarnings((v) => !v)}
            >
              {allWarnings ? 'Show fewer' : `Show all ${formatCount(r.warnings.length)}`}
            </Text>
          ) : null}
        </Alert>
      ) : null}

      {r.rejects.length ? (
        <div style={{ marginTop: 12 }}>
          <Group justify="space-between" mb={4}>
            <Text fz="xs" fw={600}>
              Rejected rows
            </Text>
            <Group gap="sm" wrap="nowrap">
              <Text fz="xs" c="dimmed" className="tb-num">
                {r.rejects.length < r.rejected
                  ? `first ${formatCount(r.rejects.length)} of ${formatCount(r.rejected)}`
                  : 'not imported: fix them in the file and import it again'}
              </Text>
              {r.batch_id ? <ExportRejectsButton batchId={r.batch_id} /> : null}
            </Group>
          </Group>
          <RejectsTable rejects={r.rejects} maxHeight={180} />
        </div>
      ) : null}
    </div>
  );
}
