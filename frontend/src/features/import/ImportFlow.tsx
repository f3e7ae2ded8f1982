import { Alert, Button, Group, Loader, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconFileImport, IconPlayerStop } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, type ImportResult, type ProfileInfo } from '../../api';
import { formatCount, plural, userZone } from '../../lib/format';
import {
  applyProgress,
  buildImportParams,
  initialProgress,
  initialRows,
  newJobId,
  summarize,
  type FileProgress,
  type PlanRow,
  type ProgressFile,
  chooseProfile,
  withMapping,
} from '../../lib/importPlan';
import { MappingEditor } from './MappingEditor';
import { zoneOptions } from '../../lib/timezones';
import { ProgressStep } from './ProgressStep';
import { ResultCard } from './ResultCard';
import { outcome } from '../../lib/workspace';
import { ReviewStep } from './ReviewStep';

type Step =
  | { kind: 'closed' }
  | { kind: 'choosing' }
  | { kind: 'paths'; reason: string; text: string }
  | { kind: 'uploading'; count: number }
  | { kind: 'inspecting'; count: number }
  | { kind: 'review'; rows: PlanRow[] }
  | { kind: 'mapping'; rows: PlanRow[]; index: number }
  | { kind: 'running'; jobId: string; files: ProgressFile[]; progress: FileProgress[]; cancelling: boolean; started: number }
  | { kind: 'results'; results: ImportResult[]; cancelled: boolean }
  | { kind: 'failed'; title: string; message: string };

const STEPS = ['Choose', 'Review', 'Import', 'Results'] as const;
const STEP_INDEX: Record<Step['kind'], number> = {
  closed: 0,
  choosing: 0,
  paths: 0,
  uploading: 0,
  inspecting: 0,
  review: 1,
  mapping: 1,
  running: 2,
  results: 3,
  failed: 3,
};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function StepTrail({ active }: { active: number }) {
  return (
    <Group gap={6} aria-label="Import steps" wrap="nowrap">
      {STEPS.map((s, i) => (
        <Group key={s} gap={6} wrap="nowrap">
          {i > 0 ? (
            <Text fz="xs" c="dimmed" aria-hidden="true">
              ›
            </Text>
          ) : null}
          <Text
            fz="xs"
            fw={i === active ? 600 : 400}
            c={i === active ? undefined : 'dimmed'}
            aria-current={i === active ? 'step' : undefined}
          >
            {s}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

export interface ImportFlow {
  /** Opens the native dialog (desktop) or the browser's file picker (serve mode). */
  start: () => void;
  /** Files dropped on the window in a browser: uploaded, then reviewed. */
  startWithFiles: (files: File[]) => void;
  /** Paths dropped on the desktop window: reviewed directly. */
  startWithPaths: (paths: string[]) => void;
  busy: boolean;
  node: ReactNode;
}

/**
 * Import files: ChooseFiles → Inspect → review (profile and zone per file) → Import with progress
 * and cancel → a result card per file. `onImported` runs after every import attempt.
 */
export function useImportFlow({ profiles: known, onImported }: { profiles: ProfileInfo[]; onImported: () => void }): ImportFlow {
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  // Profiles saved in the mapping editor count at once, before the workspace data refreshes.
  const [saved, setSaved] = useState<ProfileInfo[]>([]);
  const profiles = useMemo(
    () => [...known.filter((p) => !saved.some((s) => s.id === p.id)), ...saved],
    [known, saved],
  );
  const [elapsed, setElapsed] = useState(0);
  const userTz = useMemo(() => userZone(), []);
  const stepRef = useRef(step);
  stepRef.current = step;

  // Zones that must be offered even if this runtime lists them under another name.
  const wantedZones =
    step.kind === 'review' || step.kind === 'mapping'
      ? [...new Set([userTz, ...profiles.map((p) => p.default_zone), ...step.rows.map((r) => r.plan.default_zone)])]
          .filter(Boolean)
          .sort()
          .join('|')
      : '';
  const zoneList = useMemo(() => (wantedZones ? zoneOptions(wantedZones.split('|')) : []), [wantedZones]);

  const inspect = useCallback(
    async (paths: string[]) => {
      setStep({ kind: 'inspecting', count: paths.length });
      try {
        const plans = await api.inspect(paths);
        setStep({ kind: 'review', rows: initialRows(plans, profiles, userTz) });
      } catch (e) {
        setStep({ kind: 'failed', title: 'The files could not be inspected', message: message(e) });
      }
    },
    [profiles, userTz],
  );

  const fileInput = useRef<HTMLInputElement>(null);

  const uploadThenInspect = useCallback(
    async (files: File[]) => {
      if (!files.length) return;
      setStep({ kind: 'uploading', count: files.length });
      let paths: string[];
      try {
        paths = (await api.upload(files)).map((u) => u.path);
      } catch (e) {
        setStep({ kind: 'failed', title: 'The files could not be uploaded', message: message(e) });
        return;
      }
      await inspect(paths);
    },
    [inspect],
  );

  const startWithFiles = useCallback(
    (files: File[]) => {
      if (stepRef.current.kind !== 'closed' || !files.length) return;
      void uploadThenInspect(files);
    },
    [uploadThenInspect],
  );

  const startWithPaths = useCallback(
    (paths: string[]) => {
      if (stepRef.current.kind !== 'closed' || !paths.length) return;
      void inspect(paths);
    },
    [inspect],
  );

  const start = useCallback(async () => {
    if (stepRef.current.kind !== 'closed') return;
    if (api.mode() === 'http') {
      // In a browser the server cannot open a dialog: the page picks files and uploads them.
      fileInput.current?.click();
      return;
    }
    setStep({ kind: 'choosing' });
    let paths: string[];
    try {
      paths = await api.chooseFiles();
    } catch (e) {
      // No native dialog (e.g. in a browser): let the user paste paths instead.
      setStep({ kind: 'paths', reason: message(e), text: '' });
      return;
    }
    if (!paths.length) {
      setStep({ kind: 'closed' });
      return;
    }
    await inspect(paths);
  }, [inspect]);

  const run = useCallback(
    async (rows: PlanRow[]) => {
      const jobId = newJobId();
      let params;
      try {
        params = buildImportParams(jobId, rows, profiles);
      } catch (e) {
        setStep({ kind: 'failed', title: 'Nothing to import', message: message(e) });
        return;
      }
      const plans = new Map(rows.map((r) => [r.plan.path, r.plan]));
      const files = params.files.map((f) => ({
        path: f.path,
        size: plans.get(f.path)?.size ?? 0,
        name: plans.get(f.path)?.file ?? '',
      }));
      setElapsed(0);
      setStep({ kind: 'running', jobId, files, progress: initialProgress(files), cancelling: false, started: Date.now() });
      const off = api.on('import:progress', (ev) => {
        setStep((s) => (s.kind === 'running' ? { ...s, progress: applyProgress(s.progress, s.files, ev, s.jobId) } : s));
      });
      try {
        const results = await api.importFiles(params);
        const cancelled = stepRef.current.kind === 'running' && stepRef.current.cancelling;
        setStep({ kind: 'results', results, cancelled });
      } catch (e) {
        const cancelled = stepRef.current.kind === 'running' && stepRef.current.cancelling;
        setStep({
          kind: 'failed',
          title: cancelled ? 'Import cancelled' : 'The import failed',
          message: cancelled ? `${message(e)}. Files that had not finished were not imported.` : message(e),
        });
      } finally {
        off();
        onImported();
      }
    },
    [profiles, onImported],
  );

  const cancel = useCallback(async () => {
    const s = stepRef.current;
    if (s.kind !== 'running' || s.cancelling) return;
    setStep({ ...s, cancelling: true });
    try {
      await api.cancelJob(s.jobId);
    } catch {
      // the import may have just finished; its results will show
    }
  }, []);

  useEffect(() => {
    if (step.kind !== 'running') return;
    const t = window.setInterval(() => setElapsed(Math.round((Date.now() - step.started) / 1000)), 1000);
    return () => window.clearInterval(t);
  }, [step.kind, step.kind === 'running' ? step.started : 0]);

  const close = () => {
    if (step.kind === 'running' || step.kind === 'choosing' || step.kind === 'inspecting' || step.kind === 'uploading') return;
    setStep({ kind: 'closed' });
  };

  const opened = step.kind !== 'closed' && step.kind !== 'choosing';
  const locked = step.kind === 'running' || step.kind === 'inspecting' || step.kind === 'uploading';

  let body: ReactNode = null;
  let footer: ReactNode = null;

  switch (step.kind) {
    case 'paths': {
      const paths = step.text
        .split('\n')
        .map((l) => l.trim().replace(/^"(.*)"$/, '$1'))
        .filter(Boolean);
      body = (
        <Stack gap="sm">
          <Text fz="sm">
            The file dialog is not available here. Paste the full paths of the CSV files to import, one per line.
          </Text>
          <Text fz="xs" c="dimmed">
            ({step.reason})
          </Text>
          <Textarea
            autosize
            minRows={4}
            maxRows={10}
            autoFocus
            placeholder={'/home/me/exports/user-activity-2024-03.csv\n/home/me/exports/users-activity.csv'}
            value={step.text}
            onChange={(e) => setStep({ ...step, text: e.currentTarget.value })}
            classNames={{ input: 'tb-mono' }}
            aria-label="File paths, one per line"
          />
        </Stack>
      );
      footer = (
        <>
          <span />
          <Group gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button disabled={!paths.length} onClick={() => void inspect(paths)}>
              Inspect {paths.length ? plural(paths.length, 'file') : 'files'}
            </Button>
          </Group>
        </>
      );
      break;
    }
    case 'uploading':
      body = (
        <Group gap="sm" p="xl" justify="center">
          <Loader size="sm" />
          <Text fz="sm" c="dimmed">
            Uploading {plural(step.count, 'file')} to Trailbook on this machine…
          </Text>
        </Group>
      );
      break;
    case 'inspecting':
      body = (
        <Group gap="sm" p="xl" justify="center">
          <Loader size="sm" />
          <Text fz="sm" c="dimmed">
            Reading {plural(step.count, 'file')}: encoding, delimiter, header, matching profiles…
          </Text>
        </Group>
      );
      break;
    case 'review': {
      const summary = summarize(step.rows, profiles);
      body = (
        <ReviewStep
          rows={step.rows}
          profiles={profiles}
          zones={zoneList}
          userTz={userTz}
          onChange={(rows) => setStep({ kind: 'review', rows })}
          onMap={(index) => setStep({ kind: 'mapping', rows: step.rows, index })}
        />
      );
      footer = (
        <>
          <div style={{ minWidth: 0 }}>
            {summary.problems.length ? (
              <Text fz="xs" style={{ color: 'var(--tb-warn-text)' }} lineClamp={2}>
                Before importing: {summary.problems.join('; ')}.
              </Text>
            ) : (
              <Text fz="xs" c="dimmed">
                {plural(summary.ready, 'file')} ready
                {summary.skipped ? `, ${formatCount(summary.skipped)} left out` : ''}. Rows already in the workspace are
                skipped as duplicates.
              </Text>
            )}
          </div>
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              leftSection={<IconFileImport size={16} />}
              disabled={!summary.canImport}
              onClick={() => void run(step.rows)}
            >
              Import {summary.ready ? plural(summary.ready, 'file') : ''}
            </Button>
          </Group>
        </>
      );
      break;
    }
    case 'mapping': {
      const row = step.rows[step.index];
      if (!row) break;
      const back = (r: PlanRow) => setStep({ kind: 'review', rows: step.rows.map((x, j) => (j === step.index ? r : x)) });
      body = (
        <MappingEditor
          key={row.plan.path}
          path={row.plan.path}
          file={row.plan.file}
          initial={row.mapping}
          profiles={profiles}
          zones={zoneList}
          userTz={userTz}
          onCancel={() => setStep({ kind: 'review', rows: step.rows })}
          onUse={(d) => back(withMapping(row, d))}
          onSaved={(p, d) => {
            setSaved((s) => [...s.filter((x) => x.id !== p.id), p]);
            onImported();
            // Read with the saved profile from now on, in the zone the mapping named.
            const next = chooseProfile({ ...row, include: true }, p.id, [...profiles, p], userTz);
            back(p.needs_zone && d.tz ? { ...next, tz: d.tz, tzTouched: true } : next);
          }}
        />
      );
      break;
    }
    case 'running': {
      const done = step.progress.filter((p) => p.state === 'done').length;
      body = <ProgressStep files={step.files} progress={step.progress} live={api.hasProgress()} elapsed={elapsed} />;
      footer = (
        <>
          <Text fz="xs" c="dimmed" className="tb-num">
            {step.cancelling
              ? 'Cancelling: the file being read is rolled back, finished files stay imported…'
              : api.hasProgress()
                ? `${formatCount(done)} of ${plural(step.files.length, 'file')} done · ${elapsed} s`
                : `Importing ${plural(step.files.length, 'file')} · ${elapsed} s`}
          </Text>
          <Button
            color="red"
            variant="light"
            leftSection={<IconPlayerStop size={16} />}
            loading={step.cancelling}
            onClick={() => void cancel()}
          >
            Cancel import
          </Button>
        </>
      );
      break;
    }
    case 'results': {
      const inserted = step.results.reduce((s, r) => s + (r.error ? 0 : r.inserted), 0);
      const failed = step.results.filter((r) => outcome(r) === 'failed').length;
      const rejected = step.results.reduce((s, r) => s + (r.error ? 0 : r.rejected), 0);
      body = (
        <Stack gap="sm">
          {step.cancelled ? (
            <Alert color="yellow" variant="light" p="xs" icon={<IconAlertTriangle size={18} />}>
              <Text fz="sm">Import cancelled. Files that had finished are imported; the others left no data behind.</Text>
            </Alert>
          ) : null}
          {step.results.map((r, i) => (
            <ResultCard key={`${r.path}-${i}`} result={r} profiles={profiles} />
          ))}
        </Stack>
      );
      footer = (
        <>
          <Text fz="xs" c="dimmed" className="tb-num">
            {plural(inserted, 'new event')}
            {rejected ? ` · ${plural(rejected, 'rejected row')}` : ''}
            {failed ? ` · ${plural(failed, 'file')} failed` : ''}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              onClick={() => {
                setStep({ kind: 'closed' });
                window.setTimeout(() => void start(), 0);
              }}
            >
              Import more…
            </Button>
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </>
      );
      break;
    }
    case 'failed':
      body = (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={step.title}>
          <Text fz="sm" className="tb-mono" style={{ wordBreak: 'break-word' }}>
            {step.message}
          </Text>
        </Alert>
      );
      footer = (
        <>
          <span />
          <Button onClick={close} data-autofocus>
            Close
          </Button>
        </>
      );
      break;
    default:
      break;
  }

  const title =
    step.kind === 'mapping'
      ? `Map the columns of ${step.rows[step.index]?.plan.file ?? 'the file'}`
      : step.kind === 'review'
      ? `Review ${plural(step.rows.length, 'file')}`
      : step.kind === 'running'
        ? `Importing ${plural(step.files.length, 'file')}`
        : step.kind === 'results'
          ? 'Import results'
          : 'Import files';

  const node = (
    <>
      <input
        ref={fileInput}
        type="file"
        multiple
        accept=".csv,.tsv,.txt,text/csv,text/plain"
        hidden
        aria-label="Files to import"
        data-testid="import-file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          startWithFiles(files);
        }}
      />
      <Modal
        opened={opened}
        onClose={close}
        size={980}
        closeOnEscape={!locked}
        closeOnClickOutside={false}
        withCloseButton={!locked}
        padding={0}
        title={
          <Stack gap={2}>
            <Text fw={600} fz="md">
              {title}
            </Text>
            <StepTrail active={STEP_INDEX[step.kind]} />
          </Stack>
        }
        styles={{
          header: { padding: '14px 18px', borderBottom: '1px solid var(--tb-border)', minHeight: 0 },
          body: { padding: 0 },
        }}
        aria-busy={locked}
      >
        <div style={{ padding: '14px 18px', maxHeight: 'calc(100vh - 220px)', overflowY: 'auto' }}>{body}</div>
        {footer ? (
          <Group
            justify="space-between"
            wrap="nowrap"
            gap="md"
            px={18}
            py={12}
            style={{ borderTop: '1px solid var(--tb-border)', background: 'var(--tb-subtle)' }}
          >
            {footer}
          </Group>
        ) : null}
      </Modal>
    </>
  );

  return { start: () => void start(), startWithFiles, startWithPaths, busy: step.kind !== 'closed', node };
}
