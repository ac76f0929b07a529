import type { Db } from '../db/db.ts';

export interface StoredResponse {
  request_hash: string;
  status_code: number;
  response: unknown;
}

export async function findIdempotentResponse(db: Db, orgId: string, key: string): Promise<StoredResponse | null> {
  const rows = await db.query<StoredResponse>(`SELECT request_hash, status_code, response FROM idempotency_keys WHERE organization_id = $1 AND key = $2`, [orgId, key]);
  return rows[0] ?? null;
}

/**
 * Stores the answer in the same transaction as the work. Returns false when a concurrent request
 * with the same key committed first; the caller then rolls back and returns that answer instead.
 */
export async function saveIdempotentResponse(db: Db, orgId: string, key: string, stored: StoredResponse): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO idempotency_keys (organization_id, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5::text::jsonb)
     ON CONFLICT DO NOTHING RETURNING key`,
    [orgId, key, stored.request_hash, stored.status_code, JSON.stringify(stored.response)],
  );
  return rows.length === 1;
}
