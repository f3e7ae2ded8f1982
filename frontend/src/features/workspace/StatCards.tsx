import { Group, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { WorkspaceInfo } from '../../api';
import { formatCount, formatDateTime, formatInstant, periodDays, plural, userZone, zoneLabel } from '../../lib/format';

function Stat({ label, value, note, hint }: { label: string; value: ReactNode; note?: ReactNode; hint?: string }) {
  const body = (
    <div className="tb-card" style={{ padding: '12px 14px', minWidth: 0, height: '100%' }}>
      <div className="tb-label">{label}</div>
      <Text fz={26} fw={600} lh={1.25} mt={4} className="tb-num" lts={-0.5} data-stat={label}>
        {value}
      </Text>
      {note ? (
        <Text fz="xs" c="dimmed" mt={2} truncate>
          {note}
        </Text>
      ) : null}
    </div>
  );
  return hint ? (
    <Tooltip label={hint} multiline maw={280} position="bottom">
      {body}
    </Tooltip>
  ) : (
    body
  );
}

export function StatCards({ info }: { info: WorkspaceInfo }) {
  const zone = userZone();
  const days = periodDays(info.first_utc, info.last_utc);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr)) minmax(0, 1.7fr)', gap: 12 }}>
      <Stat
        label="Events"
        value={formatCount(info.events)}
        note={`+ ${plural(info.own_events, 'Trailbook event')}`}
        hint="Imported activity rows. Trailbook's own actions (imports, verifications …) are counted apart, under system “trailbook”."
      />
      <Stat label="Import batches" value={formatCount(info.batches)} note="files imported" />
      <Stat
        label="People"
        value={formatCount(info.people)}
        note="from people lists"
        hint="People records imported from user or attendee lists (profiles of kind “people”)."
      />
      <Stat
        label="Users"
        value={formatCount(info.users)}
        note="distinct actors"
        hint="Distinct users that appear as the actor of at least one event."
      />
      <div className="tb-card" style={{ padding: '12px 14px', minWidth: 0 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div className="tb-label">Covered period</div>
          {days > 0 ? (
            <Text fz="xs" c="dimmed" className="tb-num">
              {plural(days, 'day')}
            </Text>
          ) : null}
        </Group>
        {info.first_utc || info.last_utc ? (
          <Tooltip
            label={`${formatInstant(info.first_utc, { zone })} → ${formatInstant(info.last_utc, { zone })}`}
            position="bottom"
          >
            <div style={{ minWidth: 0 }}>
              <Text fz={15} fw={600} mt={6} lh={1.35} className="tb-num" truncate>
                {formatDateTime(info.first_utc, { zone })}
              </Text>
              <Text fz={15} fw={600} lh={1.35} className="tb-num" truncate>
                <Text span c="dimmed" fw={400} fz={15}>
                  →{' '}
                </Text>
                {formatDateTime(info.last_utc, { zone })}
              </Text>
              <Text fz="xs" c="dimmed" mt={4} truncate>
                in {zoneLabel(zone)}
              </Text>
            </div>
          </Tooltip>
        ) : (
          <Text fz={15} c="dimmed" mt={6}>
            No events yet
          </Text>
        )}
      </div>
    </div>
  );
}
