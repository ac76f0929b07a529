import type { Db } from '../db/db.ts';
import type { Actor, OrgKind, Platform } from '../core/organization.ts';

export interface OrganizationRow {
  id: string;
  kind: OrgKind;
  name: string;
  platform: Platform | null;
  created_at: Date;
}

export async function insertOrganization(db: Db, org: OrganizationRow): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO organizations (id, kind, name, platform, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING id`,
    [org.id, org.kind, org.name, org.platform, org.created_at],
  );
  return rows.length === 1;
}

export async function findOrganization(db: Db, id: string): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(`SELECT id, kind, name, platform, created_at FROM organizations WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findPlatformOrganization(db: Db, platform: Platform): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(
    `SELECT id, kind, name, platform, created_at FROM organizations WHERE kind = 'platform' AND platform = $1`,
    [platform],
  );
  return rows[0] ?? null;
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  return db.query<OrganizationRow>(`SELECT id, kind, name, platform, created_at FROM organizations ORDER BY created_at, id`);
}

/** Platforms that have an organization answering for them. */
export async function onboardedPlatforms(db: Db): Promise<Set<Platform>> {
  const rows = await db.query<{ platform: Platform }>(`SELECT platform FROM organizations WHERE kind = 'platform'`);
  return new Set(rows.map((r) => r.platform));
}

export async function insertApiKey(db: Db, key: { id: string; organization_id: string; key_hash: Buffer; prefix: string; created_at: Date }): Promise<void> {
  await db.query(`INSERT INTO api_keys (id, organization_id, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    key.id,
    key.organization_id,
    key.key_hash,
    key.prefix,
    key.created_at,
  ]);
}

export async function findActorByKeyHash(db: Db, keyHash: Buffer): Promise<Actor | null> {
  const rows = await db.query<{ id: string; kind: OrgKind; name: string; platform: Platform | null }>(
    `SELECT o.id, o.kind, o.name, o.platform FROM api_keys k JOIN organizations o ON o.id = k.organization_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [keyHash],
  );
  const r = rows[0];
  return r ? { orgId: r.id, kind: r.kind, name: r.name, platform: r.platform } : null;
}
