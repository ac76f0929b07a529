import type { Static, TSchema } from '@sinclair/typebox';
import type { PublicRecordList, PublicRecordQuery, PublicStats } from '../../src/http/routes/public-record.schemas.ts';
import type { PublicServiceList } from '../../src/http/routes/service.schemas.ts';
import type { RevokedSessions, SessionView, SignInInput, TotpEnrolment } from '../../src/http/routes/session.schemas.ts';
import type { AcceptanceInput, InvitationPreview, PersonView } from '../../src/http/routes/person.schemas.ts';

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
export type Session = Of<typeof SessionView>;
export type SignIn = Of<typeof SignInInput>;
export type Invitation = Of<typeof InvitationPreview>;
export type Person = Of<typeof PersonView>;
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

/** The CSRF token of the signed-in session: sent back on every change a cookie authorizes (src/http/csrf.ts). */
let csrfToken: string | null = null;

async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json: unknown = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json as ApiError['problem']);
  return json as T;
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
  /** Who is signed in on this browser; null when nobody is. */
  session: async (): Promise<Session | null> => {
    try {
      const s = await get<Session>('/api/v1/session');
      csrfToken = s.csrf_token;
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  signIn: async (input: SignIn): Promise<Session> => {
    const s = await send<Session>('POST', '/api/v1/sessions', input);
    csrfToken = s.csrf_token;
    return s;
  },
  invitation: (token: string) => get<Invitation>(`/api/v1/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, input: Of<typeof AcceptanceInput>) => send<Person>('POST', `/api/v1/invitations/${encodeURIComponent(token)}/acceptance`, input),
  startTotp: () => send<Of<typeof TotpEnrolment>>('POST', '/api/v1/session/totp'),
  confirmTotp: (code: string) => send<Person>('POST', '/api/v1/session/totp/confirmation', { code }),
  signOut: async (): Promise<void> => {
    await send('DELETE', '/api/v1/session');
    csrfToken = null;
  },
  signOutEverywhere: async (): Promise<Of<typeof RevokedSessions>> => {
    const r = await send<Of<typeof RevokedSessions>>('POST', '/api/v1/session/revoke-all');
    csrfToken = null;
    return r;
  },
};
