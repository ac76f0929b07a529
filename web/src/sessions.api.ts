import { get, send, type Of } from './http.ts';
import type { OwnSessionList } from '../../src/http/routes/session.schemas.ts';

/** "My sessions": the signed-in person's live sessions, and ending one (GET/DELETE /api/v1/session/sessions). */
export type OwnSession = Of<typeof OwnSessionList>['items'][number];

export const sessionsApi = {
  list: () => get<Of<typeof OwnSessionList>>('/api/v1/session/sessions'),
  end: (sessionId: string) => send<unknown>('DELETE', `/api/v1/session/sessions/${encodeURIComponent(sessionId)}`),
};
