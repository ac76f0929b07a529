import type { Db } from '../db/db.ts';

/**
 * Takes the lease `name` for `holder` for `ttlMs`, unless another holder has it and it has not
 * expired. Taking it again as its holder renews it. Returns whether `holder` now has it.
 */
export async function takeLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at < now()
     RETURNING 1`,
    [name, holder, ttlMs],
  );
  return rows.length === 1;
}

/** Gives the lease back, if `holder` still has it. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
}
