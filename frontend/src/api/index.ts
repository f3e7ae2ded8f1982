// src/api is the only place that talks to Go. Everything else imports from here.
import { createApi, downloadBlob } from './client';
import { browserTransport } from './transport';

export type * from './types';
export type { Api } from './client';

export const api = createApi(browserTransport(), downloadBlob);
