import { AppShell, Group, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconChartBar, IconDatabase, IconFileImport, IconListSearch, IconUpload, type Icon } from '@tabler/icons-react';
import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { api, reportApi } from './api';
import { EventsPage } from './features/events/EventsPage';
import { useReportFilters } from './features/events/useReportFilters';
import { Logo } from './components/Logo';
import { ThemeToggle } from './components/ThemeToggle';
import { ImportPage } from './features/import/ImportPage';
import { useImportFlow } from './features/import/ImportFlow';
import { WorkspacePage } from './features/workspace/WorkspacePage';
import { useWorkspace } from './features/workspace/useWorkspace';
import { baseName } from './lib/format';
import { SECTIONS, type SectionId, sectionFromHash } from './lib/sections';

const ICONS: Record<SectionId, Icon> = {
  workspace: IconDatabase,
  import: IconFileImport,
  events: IconListSearch,
  summary: IconChartBar,
};

/** True when a drag carries files (not text or a link being dragged around the page). */
// The charts (ECharts) load when Summary is first opened, so the first screen stays light.
const SummaryPage = lazy(() => import('./features/summary/SummaryPage').then((m) => ({ default: m.SummaryPage })));

const onExportProgress = (cb: Parameters<typeof api.on<'export:progress'>>[1]) => api.on('export:progress', cb);

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function App() {
  const [section, setSectionState] = useState<SectionId>(() => sectionFromHash(window.location.hash));
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const data = useWorkspace();
  const importFlow = useImportFlow({ profiles: data.profiles, onImported: () => void data.refresh() });
  const { startWithFiles, startWithPaths } = importFlow;

  const report = useReportFilters(section, section === 'events' || section === 'summary');

  const setSection = (id: SectionId) => {
    setSectionState(id);
    // Report views write their filters into the hash themselves (useReportFilters).
    if (id !== 'events' && id !== 'summary') window.history.replaceState(null, '', `#${id}`);
  };

  useHotkeys(
    [
      ['mod+O', () => importFlow.start()],
      ...SECTIONS.map((s, i): [string, () => void] => [`mod+${i + 1}`, () => setSection(s.id)]),
    ],
    [],
    true,
  );

  // Files dropped on the window: paths from the desktop runtime, File objects in a browser.
  useEffect(() => api.onFileDrop((paths) => startWithPaths(paths)), [startWithPaths]);
  useEffect(() => {
    if (api.mode() !== 'http') return;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current += 1;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = () => {
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      startWithFiles(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [startWithFiles]);

  return (
    <AppShell navbar={{ width: 212, breakpoint: 0 }} padding={0}>
      <AppShell.Navbar className="tb-nav" p="sm">
        <Stack justify="space-between" h="100%" gap={0}>
          <div>
            <div style={{ padding: '4px 6px 16px' }}>
              <Logo />
            </div>
            <nav aria-label="Sections">
              {SECTIONS.map((s, i) => {
                const I = ICONS[s.id];
                return (
                  <NavLink
                    key={s.id}
                    className="tb-nav-link"
                    label={s.label}
                    description={s.soon ? 'coming next' : undefined}
                    leftSection={<I size={17} stroke={1.7} />}
                    rightSection={
                      <Text span fz={10} c="dimmed" className="tb-num" aria-hidden="true">
                        {i + 1}
                      </Text>
                    }
                    active={section === s.id}
                    onClick={() => setSection(s.id)}
                    variant="light"
                    aria-current={section === s.id ? 'page' : undefined}
                    aria-keyshortcuts={`Control+${i + 1}`}
                  />
                );
              })}
            </nav>
          </div>
          <Stack gap={6} px={6} pb={2}>
            {data.info?.path ? (
              <Tooltip label={data.info.path} position="right" multiline maw={420} style={{ wordBreak: 'break-all' }}>
                <div style={{ minWidth: 0 }}>
                  <div className="tb-label">Open workspace</div>
                  <Text fz="xs" truncate fw={500} data-testid="nav-workspace">
                    {baseName(data.info.path)}
                  </Text>
                </div>
              </Tooltip>
            ) : null}
            <Group justify="space-between" wrap="nowrap">
              <Text fz="xs" c="dimmed">
                {api.mode() === 'wails' ? 'Desktop' : 'Browser · this machine only'}
              </Text>
              <ThemeToggle />
            </Group>
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <main style={{ padding: '22px 28px 40px', maxWidth: 1440 }}>
          {section === 'workspace' ? <WorkspacePage data={data} onImport={importFlow.start} /> : null}
          {section === 'import' ? <ImportPage data={data} onImport={importFlow.start} /> : null}
          {section === 'events' ? <EventsPage api={reportApi} report={report} onExportProgress={onExportProgress} /> : null}
          {section === 'summary' ? (
            <Suspense fallback={null}>
              <SummaryPage
                api={reportApi}
                report={report}
                onShowEvents={(f) => {
                  report.setFilters(f, { push: true, view: 'events' });
                  setSection('events');
                }}
              />
            </Suspense>
          ) : null}
        </main>
      </AppShell.Main>
      {dragging ? (
        <div className="tb-drop-overlay" aria-hidden="true">
          <div>
            <IconUpload size={34} stroke={1.5} />
            <Text fw={600} fz="lg">
              Drop to import
            </Text>
            <Text fz="sm" c="dimmed">
              You review each file before anything is stored.
            </Text>
          </div>
        </div>
      ) : null}
      {importFlow.node}
    </AppShell>
  );
}
