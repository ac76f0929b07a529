import type { Db } from '../db/db.ts';

export async function lockPublicRecord(db: Db, id: string): Promise<{ id: string; type: string; category: string; platform: string; withdrawn_by: string | null } | null> {
  const rows = await db.query<{ id: string; type: string; category: string; platform: string; withdrawn_by: string | null }>(
    `SELECT id, type, category, platform, withdrawn_by FROM public_records WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** Drops the body (and what search derived from it); the row, its id and its log entry stay. */
export async function markWithdrawn(db: Db, id: string, withdrawalId: string): Promise<void> {
  await db.query(`UPDATE public_records SET body = '{}'::jsonb, search = ''::tsvector, withdrawn_by = $2 WHERE id = $1`, [id, withdrawalId]);
}
