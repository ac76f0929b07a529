import type { Db } from '../db/db.ts';
import type { OrgKind } from '../core/organization.ts';

export interface NewApiKey {
  id: string;
  organization_id: string;
  key_hash: Buffer;
  prefix: string;
  name?: string | null;
  created_at: Date;
}

export async function insertApiKey(db: Db, key: NewApiKey): Promise<void> {
  await db.query(`INSERT INTO api_keys (id, organization_id, key_hash, prefix, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    key.id,
    key.organization_id,
    key.key_hash,
    key.prefix,
    key.name ?? null,
    key.created_at,
  ]);
}

/** What authentication needs to know about a key, whether it still works or not. */
export interface KeyHolderRow {
  key_id: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
  org_id: string;
  kind: OrgKind;
  name: string;
  /** The services the organization answers for (a platform's). */
  services: string[];
  disabled_at: Date | null;
}

export async function findKeyHolder(db: Db, keyHash: Buffer): Promise<KeyHolderRow | null> {
  const rows = await db.query<KeyHolderRow>(
    `SELECT k.id AS key_id, k.revoked_at, k.last_used_at, o.id AS org_id, o.kind, o.name, ARRAY(SELECT sv.slug FROM services sv WHERE sv.organization_id = o.id ORDER BY sv.slug) AS services, o.disabled_at
     FROM api_keys k JOIN organizations o ON o.id = k.organization_id
     WHERE k.key_hash = $1`,
    [keyHash],
  );
  return rows[0] ?? null;
}

/**
 * Records that a key was used. The condition keeps it to one write a minute per key even when
 * several processes refresh the same key at once.
 */
export async function touchApiKey(db: Db, keyId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = $2
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - interval '60 seconds')`,
    [keyId, at],
  );
}

/** A key as the operator sees it: never its hash. */
export interface ApiKeyRow {
  id: string;
  organization_id: string;
  prefix: string;
  name: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const KEY_COLUMNS = 'id, organization_id, prefix, name, created_at, last_used_at, revoked_at';

export async function listApiKeys(db: Db, organizationId: string): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE organization_id = $1 ORDER BY created_at, id`, [organizationId]);
}

/** Revokes a key once: a second revocation keeps the first time. Null when there is no such key. */
export async function revokeApiKey(db: Db, keyId: string, at: Date): Promise<ApiKeyRow | null> {
  const rows = await db.query<ApiKeyRow>(`UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${KEY_COLUMNS}`, [keyId, at]);
  return rows[0] ?? null;
}

/** Revokes a key of this organization only (an admin's own keys); null when it has no such key. */
export async function revokeApiKeyOf(db: Db, organizationId: string, keyId: string, at: Date): Promise<ApiKeyRow | null> {
  const rows = await db.query<ApiKeyRow>(`UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND organization_id = $2 RETURNING ${KEY_COLUMNS}`, [
    keyId,
    organizationId,
    at,
  ]);
  return rows[0] ?? null;
}
