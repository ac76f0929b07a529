import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { listLiveSessionsOf, revokeLiveSessionOf } from '../repositories/session.repository.ts';
import type { ServiceContext } from './context.ts';
import { SESSION_IDLE_MS, type PersonSession } from './session.service.ts';

/**
 * "My sessions": the signed-in person's own live sessions, to recognise one they did not open and
 * end it. Only the person's own: another person's session, an ended one and no session at all
 * answer alike, "not found". Never a token or its hash.
 */

export interface OwnSessionView {
  id: string;
  created_at: string;
  /** Renewed at most once a minute (session.service.ts), so to the minute. */
  last_seen_at: string;
  expires_at: string;
  device: string | null;
  network: string | null;
  /** The session this request came with ("this device"). */
  current: boolean;
}

const idleSince = (now: Date) => new Date(now.getTime() - SESSION_IDLE_MS);

export async function listMySessions(ctx: ServiceContext, session: PersonSession): Promise<{ items: OwnSessionView[] }> {
  const now = ctx.now();
  const rows = await listLiveSessionsOf(ctx.db, session.person.id, now, idleSince(now));
  return {
    items: rows.map((r) => ({
      id: r.id,
      created_at: new Date(r.created_at).toISOString(),
      last_seen_at: new Date(r.last_seen_at).toISOString(),
      expires_at: new Date(r.expires_at).toISOString(),
      device: r.device,
      network: r.network,
      current: r.id === session.sessionId,
    })),
  };
}

/**
 * Ends one of the person's live sessions: its next request is signed out. Ending the current one
 * is signing out; the answer says so, for the edge to clear the cookie.
 */
export async function endMySession(ctx: ServiceContext, session: PersonSession, id: string): Promise<{ current: boolean }> {
  const now = ctx.now();
  const ended = isUuid(id) && (await revokeLiveSessionOf(ctx.db, session.person.id, id, now, idleSince(now)));
  if (!ended) throw AppError.notFound('Session');
  return { current: id === session.sessionId };
}
