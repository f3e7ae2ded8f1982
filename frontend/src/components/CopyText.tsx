import { ActionIcon, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A value shown (maybe shortened) with a copy button that copies the full value. */
export function CopyText({
  value,
  children,
  label = 'Copy',
  title,
}: {
  value: string;
  children: ReactNode;
  label?: string;
  /** Tooltip on the text itself, e.g. the full hash. */
  title?: string;
}) {
  const text = title ? (
    <Tooltip label={title} maw={520} multiline style={{ wordBreak: 'break-all' }} className="tb-mono">
      <span style={{ minWidth: 0 }}>{children}</span>
    </Tooltip>
  ) : (
    children
  );
  return (
    <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
      {text}
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : label} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={label}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
