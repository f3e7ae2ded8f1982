import { Group, Text } from '@mantine/core';

/** The mark: an open book with a dotted trail running across its pages. */
export function LogoMark({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="23" height="23" rx="6" fill="var(--mantine-color-ink-6)" />
      <path
        d="M4.5 7.2c2.4-.9 4.9-.6 7.5 1 2.6-1.6 5.1-1.9 7.5-1v10.2c-2.4-.9-4.9-.6-7.5 1-2.6-1.6-5.1-1.9-7.5-1z"
        fill="none"
        stroke="#fff"
        strokeOpacity="0.9"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
      <path d="M12 8.2v10" stroke="#fff" strokeOpacity="0.55" strokeWidth="1.1" />
      <path
        d="M6.6 14.6c1.5-.2 2.6-1.3 3.4-2.6.9-1.5 2.4-2.4 4-2.2 1.5.2 2.4-.3 3.4-1.1"
        fill="none"
        stroke="#ffd27a"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeDasharray="0.1 2.4"
      />
      <circle cx="17.5" cy="8.6" r="1.25" fill="#ffd27a" />
    </svg>
  );
}

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap" aria-label="Trailbook">
      <LogoMark />
      <Text fw={650} fz={15} lts={-0.2}>
        Trailbook
      </Text>
    </Group>
  );
}
