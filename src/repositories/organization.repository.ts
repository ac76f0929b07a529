import type { Db } from '../db/db.ts';
import type { OrgKind } from '../core/organization.ts';

export interface OrganizationRow {
  id: string;
  kind: OrgKind;
  name: string;
  created_at: Date;
  /** Set when the operator disabled it: none of its keys work any more. */
  disabled_at?: Date | null;
}

export async function insertOrganization(db: Db, org: OrganizationRow): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO organizations (id, kind, name, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [org.id, org.kind, org.name, org.created_at],
  );
  return rows.length === 1;
}

export async function findOrganization(db: Db, id: string): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(`SELECT id, kind, name, created_at, disabled_at FROM organizations WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The organization answering for a service, if one does. */
export async function findAnsweringOrganization(db: Db, service: string): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(
    `SELECT o.id, o.kind, o.name, o.created_at, o.disabled_at FROM services s JOIN organizations o ON o.id = s.organization_id WHERE s.slug = $1`,
    [service],
  );
  return rows[0] ?? null;
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  return db.query<OrganizationRow>(`SELECT id, kind, name, created_at, disabled_at FROM organizations ORDER BY created_at, id`);
}

// Kept here for callers that made keys before api-key.repository.ts held the key SQL (test/factories.ts).
export { insertApiKey } from './api-key.repository.ts';

/** Disables an organization once: a second call keeps the first time. Null when there is none. */
export async function disableOrganization(db: Db, organizationId: string, at: Date): Promise<{ id: string; disabled_at: Date } | null> {
  const rows = await db.query<{ id: string; disabled_at: Date }>(`UPDATE organizations SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1 RETURNING id, disabled_at`, [
    organizationId,
    at,
  ]);
  return rows[0] ?? null;
}
