import type { StoredPublicRecord } from '../core/public-record-document.ts';
import type { Db } from '../db/db.ts';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
/** Entries travel as text (half the bytes of hex): they are ASCII JSON by construction (encodeLogEntry). */
function ascii(b: Uint8Array): string {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) throw new Error('a log entry must be ASCII');
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

export interface LogMeta {
  origin: string;
  verifier_key: string;
}

export async function readLogMeta(db: Db): Promise<LogMeta | null> {
  const rows = await db.query<LogMeta>(`SELECT origin, verifier_key FROM log_meta WHERE id = 1`);
  return rows[0] ?? null;
}

/** Records the log's identity unless one is recorded already; returns the recorded one. */
export async function claimLogMeta(db: Db, meta: LogMeta): Promise<LogMeta> {
  await db.query(`INSERT INTO log_meta (id, origin, verifier_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, [meta.origin, meta.verifier_key]);
  return (await readLogMeta(db))!;
}

/**
 * True when this transaction is now the log's only writer: it holds the lock of the log's one
 * meta row until commit or rollback. Other processes skip rather than wait.
 */
export async function tryLockIntegrator(db: Db): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM log_meta WHERE id = 1 FOR UPDATE SKIP LOCKED`);
  return rows.length === 1;
}

export interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: Date;
}

export async function latestCheckpoint(db: Db): Promise<CheckpointRow | null> {
  const rows = await db.query<CheckpointRow & { size: string }>(
    `SELECT size::text AS size, root, note, created_at FROM log_checkpoints ORDER BY log_checkpoints.size DESC LIMIT 1`,
  );
  const r = rows[0];
  return r ? { ...r, size: Number(r.size), root: bytes(r.root) } : null;
}

/** A queued record: its entry's fields, the digest as its publisher computed it. */
export type PendingRecord =
  | { record_id: string; type: string; published_at: Date; sha256: Uint8Array }
  /** Queued before migration 0005: the entry is made from the stored record. */
  | { record_id: string; type: null; published_at: null; sha256: null };

/** Takes up to `limit` waiting records off the queue, oldest first (the caller holds the integrator lock). */
export async function takePending(db: Db, limit: number): Promise<PendingRecord[]> {
  const rows = await db.query<PendingRecord & { seq: string }>(
    `DELETE FROM log_pending WHERE seq IN (SELECT seq FROM log_pending ORDER BY seq LIMIT $1)
     RETURNING seq::text AS seq, record_id, type, published_at, sha256`,
    [limit],
  );
  // RETURNING follows no order; the log's must be the queue's.
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
}

/** Stored records by id, for the few queued without a digest. */
export async function readRecordsForLog(db: Db, ids: readonly string[]): Promise<StoredPublicRecord[]> {
  if (ids.length === 0) return [];
  return db.query<StoredPublicRecord>(
    `SELECT r.id, r.type, r.published_at, r.category, r.platform, r.requester_kind, r.body, r.withdrawn_by FROM public_records r WHERE r.id = ANY($1::uuid[])`,
    [ids],
  );
}

/** What waits to be sequenced: how many records, and when the oldest of them was published. */
export async function readBacklog(db: Db): Promise<{ pending: number; oldest: Date | null }> {
  const rows = await db.query<{ pending: number; oldest: Date | null }>(
    // The head of the queue by its primary key; queued before migration 0005 it has no time.
    `SELECT (SELECT count(*) FROM log_pending)::int AS pending,
            (SELECT coalesce(p.published_at, r.published_at) FROM log_pending p LEFT JOIN public_records r ON r.id = p.record_id ORDER BY p.seq LIMIT 1) AS oldest`,
  );
  return rows[0]!;
}

export interface TileRow {
  level: number;
  index: number;
  hashes: Uint8Array;
}

export async function readTiles(db: Db, ids: readonly { level: number; index: number }[]): Promise<TileRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ level: number; idx: string; hashes: Uint8Array }>(
    `SELECT t.level, t.idx::text AS idx, t.hashes FROM log_tiles t
     JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON t.level = w.level AND t.idx = w.idx`,
    [ids.map((i) => i.level), ids.map((i) => String(i.index))],
  );
  return rows.map((r) => ({ level: r.level, index: Number(r.idx), hashes: bytes(r.hashes) }));
}

export interface IntegrationWrite {
  firstIndex: number;
  entries: readonly { record_id: string; entry: Uint8Array }[];
  tiles: readonly { level: number; index: number; data: Uint8Array }[];
  checkpoint: { size: number; root: Uint8Array; note: string };
  at: Date;
}

/** Leaves, grown tiles and the new signed checkpoint, written together or not at all (caller's transaction). */
export async function writeIntegration(db: Db, w: IntegrationWrite): Promise<void> {
  if (w.entries.length > 0) {
    await db.query(
      `INSERT INTO log_entries (idx, record_id, entry, integrated_at)
       SELECT $1::bigint + t.ord - 1, t.record_id, convert_to(t.entry, 'UTF8'), $4
       FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS t(record_id, entry, ord)`,
      [String(w.firstIndex), w.entries.map((e) => e.record_id), w.entries.map((e) => ascii(e.entry)), w.at],
    );
  }
  if (w.tiles.length > 0) {
    await db.query(
      `INSERT INTO log_tiles (level, idx, hashes)
       SELECT t.level, t.idx, decode(t.hashes, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS t(level, idx, hashes)
       ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes`,
      [w.tiles.map((t) => t.level), w.tiles.map((t) => String(t.index)), w.tiles.map((t) => hex(t.data))],
    );
  }
  await db.query(`INSERT INTO log_checkpoints (size, root, note, created_at) VALUES ($1::bigint, decode($2, 'hex'), $3, $4)`, [
    String(w.checkpoint.size),
    hex(w.checkpoint.root),
    w.checkpoint.note,
    w.at,
  ]);
}

export async function readTile(db: Db, level: number, index: number): Promise<Uint8Array | null> {
  const rows = await db.query<{ hashes: Uint8Array }>(`SELECT hashes FROM log_tiles WHERE level = $1 AND idx = $2::bigint`, [level, String(index)]);
  return rows[0] ? bytes(rows[0].hashes) : null;
}

/** Entries [from, to) in index order (fewer if the log is shorter). */
export async function readEntries(db: Db, from: number, to: number): Promise<Uint8Array[]> {
  const rows = await db.query<{ entry: Uint8Array }>(`SELECT entry FROM log_entries WHERE idx >= $1::bigint AND idx < $2::bigint ORDER BY idx`, [String(from), String(to)]);
  return rows.map((r) => bytes(r.entry));
}

export async function findLogEntryOfRecord(db: Db, recordId: string): Promise<{ index: number; entry: Uint8Array } | null> {
  const rows = await db.query<{ idx: string; entry: Uint8Array }>(`SELECT idx::text AS idx, entry FROM log_entries WHERE record_id = $1`, [recordId]);
  return rows[0] ? { index: Number(rows[0].idx), entry: bytes(rows[0].entry) } : null;
}
