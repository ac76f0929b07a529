import type { DumpFile } from '../core/open-data-dump.ts';
import type { StoredPublicRecord } from '../core/public-record-document.ts';
import type { Db } from '../db/db.ts';

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** A finished dump, as listed. */
export interface DumpRow {
  id: string;
  day: string;
  checkpoint_size: number;
  root_hash: Uint8Array;
  checkpoint_note: string;
  files: DumpFile[];
  public_record_id: string;
  /** The dump record's place in the log; null until the integrator has sequenced it. */
  log_index: number | null;
  created_at: Date;
}

/**
 * Claims `day` for this worker: a new row, or the row of a dump whose writer has not renewed its
 * claim since `staleBefore` (it died mid-dump), under a new id, so ids keep the order dumps are
 * made in (the list's keyset). Null when the day is done or being written.
 */
export async function claimDumpDay(db: Db, args: { id: string; day: string; token: string; now: Date; staleBefore: Date }): Promise<{ id: string } | null> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO open_data_dumps (id, day, claim_token, claimed_at) VALUES ($1, $2::date, $3, $4)
     ON CONFLICT (day) DO UPDATE SET id = EXCLUDED.id, claim_token = EXCLUDED.claim_token, claimed_at = EXCLUDED.claimed_at
       WHERE open_data_dumps.public_record_id IS NULL AND open_data_dumps.claimed_at < $5
     RETURNING id`,
    [args.id, args.day, args.token, args.now, args.staleBefore],
  );
  return rows[0] ?? null;
}

/** Renews a claim; false when another worker has taken it over (this one must stop). */
export async function renewDumpClaim(db: Db, id: string, token: string, now: Date): Promise<boolean> {
  const rows = await db.query(`UPDATE open_data_dumps SET claimed_at = $3 WHERE id = $1 AND claim_token = $2 AND public_record_id IS NULL RETURNING id`, [id, token, now]);
  return rows.length === 1;
}

/** Gives a claim up (nothing to dump, or the writing failed), so a later run may try the day again. */
export async function releaseDumpClaim(db: Db, id: string, token: string): Promise<void> {
  await db.query(`DELETE FROM open_data_dumps WHERE id = $1 AND claim_token = $2 AND public_record_id IS NULL`, [id, token]);
}

/** Records the finished dump (its record is inserted in the same transaction); false if the claim was lost. */
export async function completeDump(
  db: Db,
  args: { id: string; token: string; size: number; root: Uint8Array; note: string; files: readonly DumpFile[]; publicRecordId: string; at: Date },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE open_data_dumps SET checkpoint_size = $3, root_hash = $4, checkpoint_note = $5, files = $6::text::jsonb, public_record_id = $7, created_at = $8
     WHERE id = $1 AND claim_token = $2 AND public_record_id IS NULL RETURNING id`,
    [args.id, args.token, args.size, args.root, args.note, JSON.stringify(args.files), args.publicRecordId, args.at],
  );
  return rows.length === 1;
}

export async function findDumpOfDay(db: Db, day: string): Promise<{ id: string; done: boolean } | null> {
  const rows = await db.query<{ id: string; done: boolean }>(`SELECT id, public_record_id IS NOT NULL AS done FROM open_data_dumps WHERE day = $1::date`, [day]);
  return rows[0] ?? null;
}

const DUMP_COLUMNS = `d.id, to_char(d.day, 'YYYY-MM-DD') AS day, d.checkpoint_size::float8 AS checkpoint_size, d.root_hash, d.checkpoint_note, d.files,
  d.public_record_id, d.created_at, (SELECT e.idx FROM log_entries e WHERE e.record_id = d.public_record_id)::float8 AS log_index`;

function dumpRow(r: DumpRow): DumpRow {
  return { ...r, root_hash: bytes(r.root_hash), files: typeof r.files === 'string' ? (JSON.parse(r.files) as DumpFile[]) : r.files };
}

/** Finished dumps, newest first, after the cursor's id. */
export async function listDumps(db: Db, afterId: string | null, limit: number): Promise<DumpRow[]> {
  const rows = await db.query<DumpRow>(
    `SELECT ${DUMP_COLUMNS} FROM open_data_dumps d
     WHERE d.public_record_id IS NOT NULL AND ($1::uuid IS NULL OR d.id < $1::uuid) ORDER BY d.id DESC LIMIT $2`,
    [afterId, limit],
  );
  return rows.map(dumpRow);
}

export async function findDump(db: Db, id: string): Promise<DumpRow | null> {
  const rows = await db.query<DumpRow>(`SELECT ${DUMP_COLUMNS} FROM open_data_dumps d WHERE d.id = $1 AND d.public_record_id IS NOT NULL`, [id]);
  return rows[0] ? dumpRow(rows[0]) : null;
}

/** A logged record as a dump shows it: its public document's parts, and for a withdrawn one the digest its entry commits to. */
export interface DumpRecordRow extends StoredPublicRecord {
  log_index: number;
  entry_sha256: string | null;
}

/**
 * The records at log indexes [from, to), at most `limit`, in log order: one page of a dump, read
 * by keyset on the leaves' primary key so a million records never sit in memory at once. The
 * indexes are dense, so the page is bounded in the WHERE clause itself: with `idx < to … LIMIT`
 * the planner scanned and sorted everything up to `to` for every page (quadratic over a dump).
 */
export async function readLoggedRecords(db: Db, from: number, to: number, limit: number): Promise<DumpRecordRow[]> {
  return db.query<DumpRecordRow>(
    `SELECT e.idx::float8 AS log_index, r.id, r.type, r.published_at, r.category, r.platform, r.requester_kind, r.body, r.withdrawn_by,
            CASE WHEN r.withdrawn_by IS NOT NULL THEN convert_from(e.entry, 'UTF8')::jsonb->>'sha256' END AS entry_sha256
     FROM log_entries e JOIN public_records r ON r.id = e.record_id
     WHERE e.idx >= $1 AND e.idx < $2 ORDER BY e.idx`,
    [from, Math.min(to, from + limit)],
  );
}
