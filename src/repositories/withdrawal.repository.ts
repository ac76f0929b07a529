import type { Db } from '../db/db.ts';

export interface WithdrawableRecord {
  id: string;
  type: string;
  source_id: string;
  category: string;
  platform: string;
  withdrawn_by: string | null;
}

const COLUMNS = 'id, type, source_id, category, platform, withdrawn_by';

export async function lockPublicRecord(db: Db, id: string): Promise<WithdrawableRecord | null> {
  const rows = await db.query<WithdrawableRecord>(`SELECT ${COLUMNS} FROM public_records WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/**
 * The other records published from the same source (a notice reaching several platforms has one
 * record per platform, each with the same text) that still show their body.
 */
export async function lockSiblingRecords(db: Db, record: Pick<WithdrawableRecord, 'id' | 'type' | 'source_id'>): Promise<WithdrawableRecord[]> {
  return db.query<WithdrawableRecord>(
    `SELECT ${COLUMNS} FROM public_records
     WHERE type = $1 AND source_id = $2 AND id <> $3 AND withdrawn_by IS NULL
     ORDER BY id FOR UPDATE`,
    [record.type, record.source_id, record.id],
  );
}

/** Drops the body (and what search derived from it); the row, its id and its log entry stay. */
export async function markWithdrawn(db: Db, id: string, withdrawalId: string): Promise<void> {
  await db.query(`UPDATE public_records SET body = '{}'::jsonb, search = ''::tsvector, withdrawn_by = $2 WHERE id = $1`, [id, withdrawalId]);
}
