// The report API of this page, over the same transport as the rest of the app.
import { createReportApi, type RawCall } from './report';
import { browserTransport } from './transport';

const transport = browserTransport();

// The transport's call is typed against the workspace methods; report methods go through the
// same path (a Wails binding or POST /api/<Method>) with their own types from report.ts.
const call: RawCall = (method, args) =>
  (transport.call as unknown as (m: string, ...a: unknown[]) => Promise<unknown>)(method, ...args);

export const reportApi = createReportApi(call);

/** Subscribes to export progress where Go can push it; returns the unsubscribe function. */
export function onExportProgress(cb: (p: { job_id: string; rows: number; total: number }) => void): () => void {
  const rt = window.runtime;
  if (!window.go?.main?.App || !rt) return () => {};
  const off = rt.EventsOn('export:progress', (...data: unknown[]) => cb(data[0] as { job_id: string; rows: number; total: number }));
  return typeof off === 'function' ? off : () => {};
}
