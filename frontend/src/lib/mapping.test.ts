import { describe, expect, it } from 'vitest';
import type { PreviewEvent, ProfileInfo, SuggestResult } from '../api';
import { buildImportParams, chooseProfile, initialRows, rowProblems, summarize, withMapping } from './importPlan';
import {
  canonicalField,
  cellText,
  draftFromSuggestion,
  mappedFile,
  mappingProblems,
  nameCheck,
  nameFromFile,
  previewColumns,
  previewKey,
  setField,
  sharedColumns,
  slug,
} from './mapping';

const suggestion = (over: Partial<SuggestResult> = {}): SuggestResult => ({
  file: 'helpdesk-tickets_2024-01.csv',
  encoding: 'utf-8',
  delimiter: ',',
  header_line: 1,
  candidates: [],
  header: ['Ticket #', 'Changed at', 'Agent', 'Change', 'Agent IP'],
  map: { time: 'Changed at', actor: 'Agent', action: 'Change', ip: 'Agent IP', bogus: 'Agent', details: 'Nope' },
  date_order: 'dmy',
  zoned: false,
  rows_sampled: 2,
  columns: [],
  missing: [],
  args: [],
  ...over,
});

const profile = (id: string, builtin: boolean): ProfileInfo => ({
  id,
  name: id === '2checkout' ? '2Checkout' : id,
  system: id,
  kind: 'events',
  description: '',
  required: [],
  optional: [],
  needs_zone: false,
  default_zone: '',
  builtin,
});

describe('draftFromSuggestion', () => {
  it('keeps known fields under canonical names and drops unknown fields and columns', () => {
    const d = draftFromSuggestion(suggestion(), 'Europe/Berlin');
    expect(d.fields).toEqual({ time: 'Changed at', actor_name: 'Agent', action: 'Change', ip: 'Agent IP' });
    expect(d.dateOrder).toBe('dmy');
    expect(d.tz).toBe('Europe/Berlin');
    expect(d.name).toBe('Helpdesk tickets');
  });
  it('asks no zone when the times carry offsets', () => {
    const d = draftFromSuggestion(suggestion({ zoned: true, date_order: 'ymd' }), 'Europe/Berlin');
    expect(d.tz).toBe('');
    expect(d.dateOrder).toBe('');
    expect(mappingProblems(d)).toEqual([]);
  });
});

describe('mapping problems and edits', () => {
  const base = draftFromSuggestion(suggestion(), 'UTC');
  it('needs time, an action or a description, and a zone', () => {
    expect(mappingProblems(base)).toEqual([]);
    let d = setField(base, 'time', '');
    expect(d.fields.time).toBeUndefined();
    expect(base.fields.time).toBe('Changed at'); // not mutated
    d = setField(d, 'action', '');
    expect(mappingProblems({ ...d, tz: '' })).toEqual([
      'map the time column',
      'map an action or a description column',
      'choose the time zone its times are in',
    ]);
    expect(mappingProblems(setField(setField(base, 'action', ''), 'description', 'Change'))).toEqual([]);
  });
  it('points out a column used twice', () => {
    expect(sharedColumns(base)).toEqual([]);
    expect(sharedColumns(setField(base, 'target_ref', 'Agent'))).toEqual(['Agent']);
  });
  it('builds the import file the Go side reads', () => {
    const d = { ...setField(base, 'target_ref', 'Ticket #'), dateLayout: ' DD/MM/YYYY HH:mm ' };
    expect(mappedFile('upload:1', d, 'Tickets')).toEqual({
      path: 'upload:1',
      profile: '',
      tz: 'UTC',
      map: { time: 'Changed at', action: 'Change', actor_name: 'Agent', ip: 'Agent IP', target_ref: 'Ticket #' },
      date_layout: 'DD/MM/YYYY HH:mm',
      date_order: 'dmy',
      save_profile: 'Tickets',
    });
    expect(mappedFile('p', { ...d, zoned: true, dateOrder: '', dateLayout: '' })).toEqual({
      path: 'p',
      profile: '',
      tz: '',
      map: { time: 'Changed at', action: 'Change', actor_name: 'Agent', ip: 'Agent IP', target_ref: 'Ticket #' },
    });
  });
  it('keys previews on content, not on key order', () => {
    const a = mappedFile('p', base);
    const b = { ...a, map: Object.fromEntries(Object.entries(a.map ?? {}).reverse()) };
    expect(previewKey(a)).toBe(previewKey(b));
    expect(previewKey(a)).not.toBe(previewKey({ ...a, tz: 'Europe/Paris' }));
  });
});

describe('names', () => {
  it('slugs like the Go side', () => {
    expect(slug('  Helpdesk — Tickets (EU) ')).toBe('helpdesk-tickets-eu');
    expect(slug('!!!')).toBe('custom');
    expect(slug('x'.repeat(70))).toHaveLength(60);
    expect(canonicalField(' Actor ')).toBe('actor_name');
  });
  it('refuses built-in ids and notes a replaced saved profile', () => {
    const profiles = [profile('2checkout', true), profile('tickets', false)];
    expect(nameCheck('2Checkout', profiles).error).toMatch(/built-in/);
    expect(nameCheck('Tickets', profiles)).toEqual({ error: '', note: 'replaces the saved profile “tickets”' });
    expect(nameCheck('New one', profiles)).toEqual({ error: '', note: '' });
    expect(nameCheck(' ', profiles).error).toBe('name the profile');
    expect(nameFromFile('2024-03-01.csv')).toBe('Custom export');
  });
});

describe('preview columns', () => {
  const ev = (over: Partial<PreviewEvent>): PreviewEvent => ({ occurred_at: '2024-01-01T00:00:00Z', system: 's', action: 'a', kind: 'other', ...over });
  it('shows only columns with a value, amounts with their currency', () => {
    const events = [ev({ actor_name: 'ana' }), ev({ amount: '12.50', currency: 'EUR' })];
    expect(previewColumns(events).map((c) => c.label)).toEqual(['Actor', 'Action', 'Kind', 'Amount']);
    expect(cellText(events[1] as PreviewEvent, 'amount_currency')).toBe('12.50 EUR');
    expect(cellText(events[0] as PreviewEvent, 'amount_currency')).toBe('');
  });
});

describe('a mapped row in the import plan', () => {
  const plan = {
    path: 'upload:9',
    file: 't.csv',
    size: 10,
    encoding: 'utf-8',
    delimiter: ',',
    header: ['a'],
    candidates: [],
    profile: '',
    needs_zone: false,
    default_zone: '',
    error: '',
  };
  it('is blocked until the mapping is complete, then imports through it', () => {
    const [row] = initialRows([plan], [], 'UTC');
    if (!row) throw new Error('no row');
    expect(rowProblems(row, [])).toEqual(['choose a profile']);
    const draft = draftFromSuggestion(suggestion(), '');
    const mapped = withMapping(row, draft);
    expect(summarize([mapped], []).canImport).toBe(false);
    const ready = withMapping(row, { ...draft, tz: 'Europe/Bucharest' });
    expect(summarize([ready], []).canImport).toBe(true);
    const params = buildImportParams('j', [ready], []);
    expect(params.files[0]).toMatchObject({ path: 'upload:9', profile: '', tz: 'Europe/Bucharest', date_order: 'dmy' });
    expect(params.files[0]?.map?.time).toBe('Changed at');
    // Choosing a profile afterwards drops the mapping.
    const chosen = chooseProfile(ready, 'tickets', [profile('tickets', false)], 'UTC');
    expect(chosen.mapping).toBeUndefined();
    expect(buildImportParams('j', [chosen], [profile('tickets', false)]).files[0]).toEqual({ path: 'upload:9', profile: 'tickets', tz: '' });
  });
});
