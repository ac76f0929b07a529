import { ApiError, get, send, setCsrfToken, text, type Of } from './http.ts';
import type { PublicRecordList, PublicRecordQuery, PublicStats } from '../../src/http/routes/public-record.schemas.ts';
import type { PublicServiceList } from '../../src/http/routes/service.schemas.ts';
import type { RevokedSessions, SessionView, SignInInput, TotpEnrolment } from '../../src/http/routes/session.schemas.ts';
import type { AcceptanceInput, InvitationPreview, PersonView } from '../../src/http/routes/person.schemas.ts';

/**
 * The public portal's and the session's API as the browser calls it, typed by the very schemas
 * the server validates with (src/http/routes/*.schemas.ts, imported as types only: nothing of the
 * server is bundled). A route's answer type is the schema's; a change there fails `npm run typecheck`.
 */
export { ApiError };

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
      setCsrfToken(s.csrf_token);
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  signIn: async (input: SignIn): Promise<Session> => {
    const s = await send<Session>('POST', '/api/v1/sessions', input);
    setCsrfToken(s.csrf_token);
    return s;
  },
  invitation: (token: string) => get<Invitation>(`/api/v1/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, input: Of<typeof AcceptanceInput>) => send<Person>('POST', `/api/v1/invitations/${encodeURIComponent(token)}/acceptance`, input),
  startTotp: () => send<Of<typeof TotpEnrolment>>('POST', '/api/v1/session/totp'),
  confirmTotp: (code: string) => send<Person>('POST', '/api/v1/session/totp/confirmation', { code }),
  signOut: async (): Promise<void> => {
    await send('DELETE', '/api/v1/session');
    setCsrfToken(null);
  },
  signOutEverywhere: async (): Promise<Of<typeof RevokedSessions>> => {
    const r = await send<Of<typeof RevokedSessions>>('POST', '/api/v1/session/revoke-all');
    setCsrfToken(null);
    return r;
  },
};
