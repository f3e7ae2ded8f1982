// src/api is the only place that talks to Go. Everything else imports from here.
import { createApi, downloadBlob } from './client';
import { createReportApi } from './report';
import { browserTransport } from './transport';

export type * from './types';
export type { Api } from './client';

const transport = browserTransport();
export const api = createApi(transport, downloadBlob);
export const reportApi = createReportApi(transport, downloadBlob);
