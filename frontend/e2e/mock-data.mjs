// Fixture data for the mock API: shapes follow src/api/types.ts (the contract with app.go).
import { createHash } from 'node:crypto';

export const sha = (s) => createHash('sha256').update(s).digest('hex');
const daysAgo = (d, h = 0) => new Date(Date.now() - d * 86_400_000 - h * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');

const profile = (o) => ({
  description: '',
  required: [],
  optional: [],
  needs_zone: false,
  default_zone: '',
  builtin: true,
  kind: 'events',
  ...o,
});

export const PROFILES = [
  profile({
    id: '2checkout',
    name: '2Checkout users activity',
    system: '2checkout',
    description: 'Control Panel “Users activity” report: logins, refunds, subscription changes, email editor.',
    required: ['Date', 'User name', 'Activity'],
    optional: ['Subscription reference', 'Order reference', 'Price/Amount', 'Currency', 'Billing cycles', 'Comment'],
    needs_zone: true,
  }),
  profile({
    id: 'octopuspro',
    name: 'OctopusPro user activity log',
    system: 'octopuspro',
    description: 'Account-wide audit trail: bookings, invoices, quotes, customer profiles, with IP address.',
    required: ['Date', 'User', 'Module', 'Action'],
    optional: ['History', 'Event On', 'IP Address'],
    needs_zone: true,
  }),
  profile({
    id: 'event-exporter',
    name: 'Event platform activity',
    system: 'event-platform',
    description: 'User Activity Exporter: sessions watched, messages, meetings, content views (UTC).',
    required: ['User ID', 'Category', 'Action', 'Date/Time'],
    optional: ['First', 'Last', 'Company', 'Email', 'Label', 'Content ID', 'Content Name', 'Content Slug'],
  }),
  profile({
    id: 'event-exporter-users',
    name: 'Event platform unique users',
    system: 'event-platform',
    kind: 'people',
    description: 'The exporter’s list of unique users: name, email, company, title.',
    required: ['User ID', 'First', 'Last', 'Email'],
  }),
  profile({
    id: 'backup-panel',
    name: 'Backup panel users activity',
    system: 'backup-panel',
    description: 'Users Activity diff log: INSERT/UPDATE/DELETE on servers, storages, schedules, with old and new values.',
    required: ['Date', 'Username', 'Action', 'Page'],
    optional: ['IP Addr', 'ID', 'Old values', 'New values'],
    needs_zone: true,
    default_zone: 'UTC',
  }),
  profile({
    id: 'aws-cloudtrail',
    name: 'AWS CloudTrail event history',
    system: 'aws',
    description: 'CloudTrail console “Download events” CSV.',
    required: ['Event time', 'Event name', 'Event source'],
  }),
  profile({
    id: 'm365-purview',
    name: 'Microsoft 365 audit log (Purview)',
    system: 'microsoft365',
    description: 'Purview audit search export with AuditData JSON.',
    required: ['CreationDate', 'UserIds', 'Operations', 'AuditData'],
  }),
];

const batch = (id, o) => ({
  id,
  size: 0,
  sha256: sha(o.file_name + id),
  source_zone: '',
  first_utc: null,
  last_utc: null,
  rows: 0,
  inserted: 0,
  duplicates: 0,
  rejected: 0,
  skipped: 0,
  imported_by: 'marta',
  status: 'ok',
  ...o,
});

export const BATCH_REJECTS = {
  6: [
    { line: 41, column: 'Date', reason: 'not a date: "2024-02-30 11:04:00"' },
    { line: 118, column: 'Action', reason: 'required value is empty' },
    { line: 187, column: '', reason: 'row has 6 fields, the header has 8' },
  ],
};

export function populatedBatches() {
  return [
    batch(7, {
      file_name: 'event_history.csv', size: 48_211, profile: 'aws-cloudtrail', system: 'aws',
      first_utc: '2024-08-18T09:02:11Z', last_utc: '2024-08-18T11:48:43Z', rows: 59, inserted: 59,
      imported_at: daysAgo(0, 3),
    }),
    batch(6, {
      file_name: 'users-activity.csv', size: 27_904, profile: 'backup-panel', system: 'backup-panel', source_zone: 'UTC',
      first_utc: '2024-02-10T03:38:00Z', last_utc: '2024-03-01T14:18:00Z', rows: 267, inserted: 264, rejected: 3,
      imported_at: daysAgo(1, 2),
    }),
    batch(5, {
      file_name: 'user-activity-export (1).csv', size: 131_870, profile: 'event-exporter', system: 'event-platform',
      first_utc: '2024-05-14T08:31:06Z', last_utc: '2024-06-14T16:12:09Z', rows: 912, inserted: 640, duplicates: 272,
      imported_at: daysAgo(2, 5), imported_by: 'j.kowalski',
    }),
    batch(4, {
      file_name: 'user-activity-export.csv', size: 48_990, profile: 'event-exporter', system: 'event-platform',
      first_utc: '2024-05-14T08:31:06Z', last_utc: '2024-05-29T10:00:00Z', rows: 272, inserted: 272,
      imported_at: daysAgo(6, 1), imported_by: 'j.kowalski',
    }),
    batch(3, {
      file_name: 'unique-users.csv', size: 6_120, profile: 'event-exporter-users', system: 'event-platform',
      rows: 48, inserted: 48, imported_at: daysAgo(6, 1), imported_by: 'j.kowalski',
    }),
    batch(2, {
      file_name: 'user-activity-log-2024-06.csv', size: 61_402, profile: 'octopuspro', system: 'octopuspro',
      source_zone: 'Australia/Sydney', first_utc: '2024-06-01T22:04:00Z', last_utc: '2024-06-12T07:40:00Z',
      rows: 486, inserted: 486, imported_at: daysAgo(9, 4),
    }),
    batch(1, {
      file_name: 'user-activity-2024-03.csv', size: 12_733, profile: '2checkout', system: '2checkout',
      source_zone: 'Europe/Bucharest', first_utc: '2024-03-01T06:00:01Z', last_utc: '2024-03-17T03:28:26Z',
      rows: 121, inserted: 121, imported_at: daysAgo(12, 6),
    }),
  ];
}

export function populatedWorkspace(path = '/home/marta/Audits/acme-activity-2024.trailbook') {
  return {
    path,
    events: 1842,
    own_events: 31,
    batches: 7,
    people: 48,
    users: 37,
    first_utc: '2024-02-10T03:38:00Z',
    last_utc: '2024-08-18T11:48:43Z',
    by_system: {
      'event-platform': 912,
      octopuspro: 486,
      'backup-panel': 264,
      '2checkout': 121,
      aws: 59,
      trailbook: 31,
    },
    last_verify: { at: daysAgo(1, 1), ok: true, events: 1811, problem: '' },
  };
}

export function emptyWorkspace(path = '/home/marta/Audits/new-workspace.trailbook') {
  return {
    path,
    events: 0,
    own_events: 0,
    batches: 0,
    people: 0,
    users: 0,
    first_utc: null,
    last_utc: null,
    by_system: null, // Go encodes an empty nil map as null: the UI must cope
    last_verify: null,
  };
}

// ---- the import scenario: what the "native dialog" returns and what Inspect/Import answer ----

const DL = '/home/marta/Downloads';
export const CHOSEN_FILES = [
  `${DL}/user-activity-2024-03.csv`,
  `${DL}/user-activity-export.csv`,
  `${DL}/activity-log.csv`,
  `${DL}/export (3).csv`,
  `${DL}/Book1.xlsx`,
];

const plan = (path, o) => ({
  path,
  file: path.split('/').pop(),
  size: 0,
  encoding: 'utf-8',
  delimiter: ',',
  header: [],
  candidates: [],
  profile: '',
  needs_zone: false,
  default_zone: '',
  error: '',
  ...o,
});

export const PLANS = {
  'user-activity-2024-03.csv': (p) =>
    plan(p, {
      size: 12_733,
      header: ['Date', 'User name', 'Activity', 'Subscription reference', 'Order reference', 'Price/Amount', 'Currency', 'Billing cycles', 'Comment'],
      candidates: ['2checkout'],
      profile: '2checkout',
      needs_zone: true,
    }),
  'user-activity-export.csv': (p) =>
    plan(p, {
      size: 131_870,
      encoding: 'utf-8-bom',
      header: ['User ID', 'First', 'Last', 'Company', 'Email', 'Category', 'Action', 'Label', 'Date/Time', 'Content ID', 'Content Name', 'Content Slug'],
      candidates: ['event-exporter'],
      profile: 'event-exporter',
    }),
  'activity-log.csv': (p) =>
    plan(p, {
      size: 20_480,
      encoding: 'windows-1252',
      delimiter: ';',
      header: ['Date', 'User', 'Module', 'Action', 'Username', 'Page'],
      candidates: ['octopuspro', 'backup-panel'],
    }),
  'export (3).csv': (p) =>
    plan(p, {
      size: 8_804,
      encoding: 'utf-16le',
      delimiter: '\t',
      header: ['Timestamp', 'Operator', 'Operation', 'Object', 'Result'],
    }),
  'Book1.xlsx': (p) =>
    plan(p, {
      size: 18_112,
      encoding: '',
      delimiter: '',
      error: 'not a text file: this looks like an Excel workbook (.xlsx); save it as “CSV UTF-8” and import that',
    }),
};

const result = (o) => ({
  size: 0,
  sha256: sha(o.file),
  source_zone: '',
  rows: 0,
  inserted: 0,
  duplicates: 0,
  rejected: 0,
  skipped: 0,
  rejects: [],
  first_utc: null,
  last_utc: null,
  warnings: [],
  error: '',
  duration_ms: 0,
  ...o,
});

/** The Import answer for one requested file. */
export function importResult({ path, profile, tz }) {
  const file = path.split('/').pop();
  switch (file) {
    case 'user-activity-2024-03.csv':
      return result({
        file, path, size: 12_733, profile, source_zone: tz, rows: 121, inserted: 117, rejected: 4, duration_ms: 184,
        first_utc: '2024-03-01T06:00:01Z', last_utc: '2024-03-17T03:28:26Z',
        rejects: [
          { line: 38, column: 'Date', reason: 'not a date: "31/02/2024 10:00:00"' },
          { line: 57, column: 'Price/Amount', reason: 'not a number: "12,5O"' },
          { line: 88, column: '', reason: 'row has 7 fields, the header has 9' },
          { line: 119, column: 'User name', reason: 'required value is empty' },
        ],
        warnings: [
          `line 96: 2024-03-31 03:15:00 does not exist in ${tz || 'the source zone'} (clocks went forward); read as the instant after the gap`,
          'line 2–122: dates read as year-month-day (every row agrees)',
        ],
      });
    case 'user-activity-export.csv':
      return result({
        file, path, size: 131_870, profile, rows: 912, inserted: 0, duplicates: 912, duration_ms: 611,
        first_utc: '2024-05-14T08:31:06Z', last_utc: '2024-06-14T16:12:09Z',
      });
    case 'activity-log.csv':
      return result({
        file, path, size: 20_480, profile, source_zone: tz, duration_ms: 12,
        error: `read header: required column "${profile === 'octopuspro' ? 'Event On' : 'IP Addr'}" is missing for profile ${profile}`,
      });
    default:
      return result({
        file, path, profile, source_zone: tz, rows: 10, inserted: 10, duration_ms: 20,
        first_utc: '2024-01-01T00:00:00Z', last_utc: '2024-01-02T00:00:00Z',
      });
  }
}

export const TAMPERED = {
  ok: false,
  events: 1204,
  id: 1205,
  file: 'user-activity-log-2024-06.csv',
  line: 57,
  problem: 'stored row does not match its hash (actor changed)',
};
