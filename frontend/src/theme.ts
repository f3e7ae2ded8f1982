import { createTheme, type MantineColorsTuple } from '@mantine/core';

// One accent ("ink", a calm indigo) on neutral greys. Green and red stay reserved for
// integrity and import outcomes so the accent never reads as a verdict.
const ink: MantineColorsTuple = [
  '#eef0fd',
  '#dce0f8',
  '#b6bdee',
  '#8e99e4',
  '#6d7bdc',
  '#5868d7',
  '#4c5dd5',
  '#3e4ebd',
  '#3544a9',
  '#293996',
];

// Neutral (not blue-tinted) dark greys for the dark scheme.
const dark: MantineColorsTuple = [
  '#c9cacd',
  '#aeb0b5',
  '#8b8e95',
  '#63666e',
  '#43464d',
  '#33353b',
  '#26282d',
  '#1d1f23',
  '#17181b',
  '#111214',
];

export const theme = createTheme({
  primaryColor: 'ink',
  primaryShade: { light: 6, dark: 5 },
  colors: { ink, dark },
  fontFamily:
    "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Cantarell, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace:
    "ui-monospace, 'SF Mono', 'Cascadia Mono', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  headings: {
    fontFamily:
      "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Cantarell, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
    fontWeight: '600',
  },
  defaultRadius: 'sm',
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.25rem' },
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { size: 'sm', radius: 'sm' } },
    Select: { defaultProps: { size: 'sm', checkIconPosition: 'right' } },
    Tooltip: { defaultProps: { openDelay: 250, withArrow: true, fz: 'xs' } },
    Badge: { defaultProps: { radius: 'sm', fw: 600 } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { radius: 'md' } },
    Table: { defaultProps: { fz: 'sm', verticalSpacing: 6, horizontalSpacing: 'sm' } },
  },
});
