import type { OrgKind, PersonRole } from '../core/organization.ts';
import type { Db } from '../db/db.ts';

export interface NewInvitation {
  id: string;
  organization_id: string;
  email: string;
  role: PersonRole;
  token_hash: Buffer;
  invited_by_person_id: string | null;
  invited_by_key_id: string | null;
  created_at: Date;
  expires_at: Date;
}

export async function insertInvitation(db: Db, i: NewInvitation): Promise<void> {
  await db.query(
    `INSERT INTO invitations (id, organization_id, email, role, token_hash, invited_by_person_id, invited_by_key_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [i.id, i.organization_id, i.email, i.role, i.token_hash, i.invited_by_person_id, i.invited_by_key_id, i.created_at, i.expires_at],
  );
}

export interface InvitationRow {
  id: string;
  organization_id: string;
  email: string;
  role: PersonRole;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  person_id: string | null;
  org_name: string;
  org_kind: OrgKind;
  org_disabled_at: Date | null;
}

const COLUMNS = `i.id, i.organization_id, i.email, i.role, i.created_at, i.expires_at, i.accepted_at, i.person_id,
  o.name AS org_name, o.kind AS org_kind, o.disabled_at AS org_disabled_at`;

/** The invitation a link's token stands for; `forUpdate` holds it until the transaction ends (single use). */
export async function findInvitationByToken(db: Db, tokenHash: Buffer, options: { forUpdate?: boolean } = {}): Promise<InvitationRow | null> {
  const rows = await db.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM invitations i JOIN organizations o ON o.id = i.organization_id WHERE i.token_hash = $1${options.forUpdate ? ' FOR UPDATE OF i' : ''}`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** The organization's invitations not yet accepted nor expired, newest first. */
export async function listPendingInvitations(db: Db, orgId: string, now: Date): Promise<InvitationRow[]> {
  return db.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM invitations i JOIN organizations o ON o.id = i.organization_id
     WHERE i.organization_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 ORDER BY i.id DESC LIMIT 1000`,
    [orgId, now],
  );
}

export async function markInvitationAccepted(db: Db, id: string, personId: string, at: Date): Promise<void> {
  await db.query(`UPDATE invitations SET accepted_at = $3, person_id = $2 WHERE id = $1`, [id, personId, at]);
}
