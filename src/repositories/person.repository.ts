import type { OrgKind, PersonRole } from '../core/organization.ts';
import type { Db } from '../db/db.ts';

export interface NewPerson {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  role: PersonRole;
  password_hash: string;
  created_at: Date;
}

/** Inserts a person; false when the e-mail already has an account. */
export async function insertPerson(db: Db, p: NewPerson): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO people (id, organization_id, email, display_name, role, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [p.id, p.organization_id, p.email, p.display_name, p.role, p.password_hash, p.created_at],
  );
  return rows.length === 1;
}

/** A person with their organization: what signing in, sessions and administration need. */
export interface PersonRow {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  role: PersonRole;
  password_hash: string;
  failed_sign_ins: number;
  locked_until: Date | null;
  totp_secret: Uint8Array | null;
  totp_pending_secret: Uint8Array | null;
  totp_last_step: number | null;
  totp_enabled_at: Date | null;
  created_at: Date;
  disabled_at: Date | null;
  org_kind: OrgKind;
  org_name: string;
  org_services: string[];
  org_disabled_at: Date | null;
}

const PERSON_COLUMNS = `p.id, p.organization_id, p.email, p.display_name, p.role, p.password_hash, p.failed_sign_ins, p.locked_until,
  p.totp_secret, p.totp_pending_secret, p.totp_last_step, p.totp_enabled_at, p.created_at, p.disabled_at,
  o.kind AS org_kind, o.name AS org_name, ARRAY(SELECT sv.slug FROM services sv WHERE sv.organization_id = o.id ORDER BY sv.slug) AS org_services, o.disabled_at AS org_disabled_at`;

export async function findPersonByEmail(db: Db, email: string): Promise<PersonRow | null> {
  const rows = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people p JOIN organizations o ON o.id = p.organization_id WHERE p.email = $1`, [email]);
  return rows[0] ?? null;
}

export async function findPerson(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<PersonRow | null> {
  const rows = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people p JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1${options.forUpdate ? ' FOR UPDATE OF p' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listPeople(db: Db, orgId: string): Promise<PersonRow[]> {
  return db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people p JOIN organizations o ON o.id = p.organization_id WHERE p.organization_id = $1 ORDER BY p.id LIMIT 10000`, [
    orgId,
  ]);
}

/**
 * Counts a failed sign-in; the one that reaches `max` locks the account until `lockedUntil` and
 * starts the count again. One statement, so concurrent attempts cannot count past the limit.
 */
export async function recordFailedSignIn(db: Db, id: string, max: number, lockedUntil: Date): Promise<void> {
  await db.query(
    `UPDATE people SET
       failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END,
       locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
     WHERE id = $1`,
    [id, max, lockedUntil],
  );
}

export async function resetFailedSignIns(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE people SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1 AND (failed_sign_ins <> 0 OR locked_until IS NOT NULL)`, [id]);
}

/**
 * Records that a TOTP step was used; false when that step (or a later one) already was, so of
 * two requests racing with the same code only one gets through.
 */
export async function useTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const rows = await db.query(`UPDATE people SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`, [id, step]);
  return rows.length === 1;
}

export async function setPendingTotpSecret(db: Db, id: string, secret: Buffer): Promise<void> {
  await db.query(`UPDATE people SET totp_pending_secret = $2 WHERE id = $1`, [id, secret]);
}

/** Makes the pending secret the person's second factor, if no other request did so first. */
export async function confirmTotpSecret(db: Db, id: string, step: number, at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE people SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2, totp_enabled_at = $3
     WHERE id = $1 AND totp_pending_secret IS NOT NULL AND totp_secret IS NULL RETURNING id`,
    [id, step, at],
  );
  return rows.length === 1;
}

/** Locks the organization's active admins (in id order, so two transactions never deadlock) and returns their ids. */
export async function lockActiveAdmins(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM people WHERE organization_id = $1 AND role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`, [orgId]);
  return rows.map((r) => r.id);
}

export async function updatePersonAccess(db: Db, id: string, change: { role: PersonRole; disabled_at: Date | null }): Promise<void> {
  await db.query(`UPDATE people SET role = $2, disabled_at = $3 WHERE id = $1`, [id, change.role, change.disabled_at]);
}
