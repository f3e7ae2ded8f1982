// The app's sections, in navigation order. The number is the Ctrl/Cmd+N shortcut.
export type SectionId = 'workspace' | 'import' | 'events' | 'summary';

export interface Section {
  id: SectionId;
  label: string;
  /** Not built yet: the screen says so honestly. */
  soon?: boolean;
}

export const SECTIONS: readonly Section[] = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'import', label: 'Import' },
  { id: 'events', label: 'Events' },
  { id: 'summary', label: 'Summary' },
];

/** The section a URL hash names ("#import", "#/events?users=ana"); the workspace for anything else. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return SECTIONS.find((s) => s.id === id)?.id ?? 'workspace';
}
