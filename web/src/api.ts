import type { Static, TSchema } from '@sinclair/typebox';
import type { PublicRecordList, PublicRecordQuery, PublicStats } from '../../src/http/routes/public-record.schemas.ts';
import type { PublicServiceList } from '../../src/http/routes/service.schemas.ts';

/**
 * The API as the browser calls it, typed by the very schemas the server validates with
 * (src/http/routes/*.schemas.ts, imported as types only: nothing of the server is bundled). A
 * route's answer type is the schema's; a change there fails `npm run typecheck:web`.
 */
type Of<S extends TSchema> = Static<S>;

export type RecordList = Of<typeof PublicRecordList>;
export type RecordQuery = Of<typeof PublicRecordQuery>;
export type Stats = Of<typeof PublicStats>;
export type ServiceList = Of<typeof PublicServiceList>;
/** A published record as served (public-record-document.ts): DSA field names, plus where it sits in the log. */
export type PublicRecord = Record<string, unknown> & { id: string; type: string; log_index?: number | null };

/** An RFC 9457 problem from the API, with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; code?: string; errors?: { field: string; message: string }[] },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

async function get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const url = params.size > 0 ? `${path}?${params}` : path;
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body as ApiError['problem']);
  return body as T;
}

async function text(path: string): Promise<string> {
  const res = await fetch(path, { headers: { accept: 'text/plain' }, credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => ({}))) as ApiError['problem']);
  return res.text();
}

export const api = {
  records: (q: RecordQuery) => get<RecordList>('/api/v1/public/records', q),
  record: (id: string) => get<PublicRecord>(`/api/v1/public/records/${encodeURIComponent(id)}`),
  stats: () => get<Stats>('/api/v1/public/stats'),
  services: () => get<ServiceList>('/api/v1/public/services'),
  /** c2sp.org/tlog-proof text. */
  proof: (id: string) => text(`/api/v1/public/records/${encodeURIComponent(id)}/proof`),
  /** The log's verifier key (signed-note). */
  logKey: () => text('/log/key'),
};
