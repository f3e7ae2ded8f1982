import { ActionIcon, Tooltip, useMantineColorScheme } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';

const NEXT = { auto: 'light', light: 'dark', dark: 'auto' } as const;
const LABEL = { auto: 'Theme: follows the system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** Cycles system → light → dark. The default follows the OS. */
export function ThemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const Icon = colorScheme === 'auto' ? IconDeviceDesktop : colorScheme === 'light' ? IconSun : IconMoon;
  return (
    <Tooltip label={`${LABEL[colorScheme]} (click to change)`}>
      <ActionIcon variant="subtle" color="gray" onClick={() => setColorScheme(NEXT[colorScheme])} aria-label={LABEL[colorScheme]}>
        <Icon size={16} />
      </ActionIcon>
    </Tooltip>
  );
}
