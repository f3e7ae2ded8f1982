import { describe, expect, it } from 'vitest';
import { SECTIONS, sectionFromHash } from './sections';

describe('sections', () => {
  it('reads the section from the hash, defaulting to the workspace', () => {
    expect(sectionFromHash('#import')).toBe('import');
    expect(sectionFromHash('#/summary')).toBe('summary');
    expect(sectionFromHash('')).toBe('workspace');
    expect(sectionFromHash('#nope')).toBe('workspace');
    expect(sectionFromHash('#/events?users=ana&kinds=delete')).toBe('events');
  });
  it('lists the four sections in order, all of them built', () => {
    expect(SECTIONS.map((s) => s.id)).toEqual(['workspace', 'import', 'events', 'summary']);
    expect(SECTIONS.filter((s) => s.soon).map((s) => s.id)).toEqual([]);
  });
});
