import type { Db } from '../db/db.ts';
import type { PersonRow } from './person.repository.ts';

export interface NewSession {
  id: string;
  person_id: string;
  token_hash: Buffer;
  created_at: Date;
  expires_at: Date;
  /** Summaries for "my sessions" (src/core/session-device.ts), never the header or the address. */
  device?: string | null;
  network?: string | null;
}

export async function insertSession(db: Db, s: NewSession): Promise<void> {
  await db.query(`INSERT INTO sessions (id, person_id, token_hash, created_at, last_seen_at, expires_at, device, network) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`, [
    s.id,
    s.person_id,
    s.token_hash,
    s.created_at,
    s.expires_at,
    s.device ?? null,
    s.network ?? null,
  ]);
}

export interface SessionRow {
  session_id: string;
  session_created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  person: PersonRow;
}

/** A session with its person and organization, by the hash of its token: one indexed lookup per request. */
export async function findSessionByToken(db: Db, tokenHash: Buffer): Promise<SessionRow | null> {
  const rows = await db.query<Omit<SessionRow, 'person'> & PersonRow>(
    `SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, s.revoked_at,
       p.id, p.organization_id, p.email, p.display_name, p.role, p.password_hash, p.failed_sign_ins, p.locked_until,
       p.totp_secret, p.totp_pending_secret, p.totp_last_step, p.totp_enabled_at, p.created_at, p.disabled_at,
       o.kind AS org_kind, o.name AS org_name, ARRAY(SELECT sv.slug FROM services sv WHERE sv.organization_id = o.id ORDER BY sv.slug) AS org_services, o.disabled_at AS org_disabled_at
     FROM sessions s JOIN people p ON p.id = s.person_id JOIN organizations o ON o.id = p.organization_id
     WHERE s.token_hash = $1`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  const { session_id, session_created_at, last_seen_at, expires_at, revoked_at, ...person } = r;
  return { session_id, session_created_at, last_seen_at, expires_at, revoked_at, person };
}

/**
 * Renews a session on use. The condition keeps it to one write a minute per session, however
 * many requests it makes; true when this call wrote (so the cookie is sent again).
 */
export async function touchSession(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND revoked_at IS NULL AND last_seen_at <= $2::timestamptz - interval '60 seconds' RETURNING id`,
    [id, at],
  );
  return rows.length === 1;
}

export async function revokeSession(db: Db, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, at]);
}

/** Ends every session of a person; returns how many were still open. */
export async function revokePersonSessions(db: Db, personId: string, at: Date): Promise<number> {
  const rows = await db.query(`UPDATE sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL RETURNING id`, [personId, at]);
  return rows.length;
}

/** A live session as its person sees it in "my sessions": never its token's hash. */
export interface OwnSessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  device: string | null;
  network: string | null;
}

/**
 * A person's sessions still alive at `now`: not ended, not past their end, used since
 * `idleSince` (the sessions_person index holds the unrevoked ones). Last used first.
 */
export async function listLiveSessionsOf(db: Db, personId: string, now: Date, idleSince: Date): Promise<OwnSessionRow[]> {
  return db.query<OwnSessionRow>(
    `SELECT id, created_at, last_seen_at, expires_at, device, network FROM sessions
     WHERE person_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
     ORDER BY last_seen_at DESC, id DESC`,
    [personId, now, idleSince],
  );
}

/** Ends one live session of a person; false when the person has no such live session. */
export async function revokeLiveSessionOf(db: Db, personId: string, id: string, now: Date, idleSince: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE sessions SET revoked_at = $3
     WHERE id = $2 AND person_id = $1 AND revoked_at IS NULL AND expires_at > $3 AND last_seen_at > $4 RETURNING id`,
    [personId, id, now, idleSince],
  );
  return rows.length === 1;
}
