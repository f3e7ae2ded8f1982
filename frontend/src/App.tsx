import { AppShell, Group, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconDatabase, type Icon } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from './api';
import { Logo } from './components/Logo';
import { ThemeToggle } from './components/ThemeToggle';
import { useImportFlow } from './features/import/ImportFlow';
import { WorkspacePage } from './features/workspace/WorkspacePage';
import { useWorkspace } from './features/workspace/useWorkspace';
import { baseName } from './lib/format';

/** The sections of the app. Reports and Explore join this list when they exist. */
type SectionId = 'workspace';
interface Section {
  id: SectionId;
  label: string;
  icon: Icon;
}
const SECTIONS: Section[] = [{ id: 'workspace', label: 'Workspace', icon: IconDatabase }];

export function App() {
  const [section, setSection] = useState<SectionId>('workspace');
  const data = useWorkspace();
  const importFlow = useImportFlow({ profiles: data.profiles, onImported: () => void data.refresh() });

  useHotkeys([['mod+O', () => importFlow.start()]], [], true);

  return (
    <AppShell navbar={{ width: 212, breakpoint: 0 }} padding={0}>
      <AppShell.Navbar className="tb-nav" p="sm">
        <Stack justify="space-between" h="100%" gap={0}>
          <div>
            <div style={{ padding: '4px 6px 16px' }}>
              <Logo />
            </div>
            <nav aria-label="Sections">
              {SECTIONS.map((s) => (
                <NavLink
                  key={s.id}
                  className="tb-nav-link"
                  label={s.label}
                  leftSection={<s.icon size={17} stroke={1.7} />}
                  active={section === s.id}
                  onClick={() => setSection(s.id)}
                  variant="light"
                  aria-current={section === s.id ? 'page' : undefined}
                />
              ))}
            </nav>
          </div>
          <Stack gap={6} px={6} pb={2}>
            {data.info?.path ? (
              <Tooltip label={data.info.path} position="right" multiline maw={420} style={{ wordBreak: 'break-all' }}>
                <div style={{ minWidth: 0 }}>
                  <div className="tb-label">Open workspace</div>
                  <Text fz="xs" truncate fw={500}>
                    {baseName(data.info.path)}
                  </Text>
                </div>
              </Tooltip>
            ) : null}
            <Group justify="space-between" wrap="nowrap">
              <Text fz="xs" c="dimmed">
                {api.mode() === 'wails' ? 'Desktop' : 'Browser · local only'}
              </Text>
              <ThemeToggle />
            </Group>
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <main style={{ padding: '22px 28px 40px', maxWidth: 1440 }}>
          {section === 'workspace' ? <WorkspacePage data={data} onImport={importFlow.start} /> : null}
        </main>
      </AppShell.Main>
      {importFlow.node}
    </AppShell>
  );
}
