const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "⌘O" on a Mac, "Ctrl O" elsewhere. */
export function shortcutLabel(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl ${key}`;
}

export function Shortcut({ keyName }: { keyName: string }) {
  return (
    <span className="tb-kbd" aria-hidden="true">
      {shortcutLabel(keyName)}
    </span>
  );
}
