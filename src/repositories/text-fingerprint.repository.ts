import type { Db } from '../db/db.ts';
import type { TextFingerprint } from '../core/text-fingerprint.ts';

export interface TextCandidate {
  case_id: string;
  normalized_hash: string;
  stripped_hash: string;
  shingles: number[];
}

/**
 * Stored texts that may match: an exact key, or at least one shared LSH band (GIN index). Capped,
 * because boilerplate can fill a bucket; the caller verifies each candidate exactly.
 */
export async function findTextCandidates(db: Db, fp: TextFingerprint, limit = 500, excludeCaseId: string | null = null): Promise<TextCandidate[]> {
  // PostgreSQL cannot estimate `bigint[] && bigint[]` well (it guessed 15 % of 816k rows where one
  // matched) and then prefers a sequential scan that takes seconds. Every branch here has an
  // index that answers in well under a millisecond, so the scan is ruled out for this statement.
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    return tx.query<TextCandidate>(
      `SELECT case_id, normalized_hash, stripped_hash, shingles FROM text_fingerprints
       WHERE (normalized_hash = $1 OR stripped_hash = $2 OR band_keys && $3::bigint[])
         AND ($5::uuid IS NULL OR case_id <> $5::uuid)
       LIMIT $4`,
      [fp.normalized_hash, fp.stripped_hash, fp.band_keys, limit, excludeCaseId],
    );
  });
}

export interface PendingFingerprint extends TextFingerprint {
  id: string;
  case_id: string;
}

/** Texts not yet compared with the rest; SKIP LOCKED lets several processes share the work. */
export async function claimPendingFingerprints(db: Db, limit: number): Promise<PendingFingerprint[]> {
  const rows = await db.query<PendingFingerprint & { band_keys: unknown[] }>(
    `SELECT id, case_id, normalized_hash, stripped_hash, shingles, band_keys::text[] AS band_keys FROM text_fingerprints
     WHERE linked_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({ ...r, band_keys: r.band_keys.map(String) }));
}

export async function markFingerprintsLinked(db: Db, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE text_fingerprints SET linked_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
}

export interface CaseLinkRow {
  case_id: string;
  related_case_id: string;
  level: 'duplicate' | 'similar';
  score: number;
}

/** Links in both directions; a stronger later match upgrades a weaker one. */
export async function upsertCaseLinks(db: Db, links: readonly CaseLinkRow[], at: Date): Promise<void> {
  if (links.length === 0) return;
  const both = links.flatMap((l) => [l, { ...l, case_id: l.related_case_id, related_case_id: l.case_id }]);
  await db.query(
    `INSERT INTO case_links (case_id, related_case_id, level, score, created_at)
     SELECT t.case_id, t.related_case_id, t.level, t.score, $2 FROM jsonb_to_recordset($1::text::jsonb)
       AS t(case_id uuid, related_case_id uuid, level text, score real)
     ORDER BY 1, 2
     ON CONFLICT (case_id, related_case_id) DO UPDATE SET
       score = greatest(case_links.score, excluded.score),
       level = CASE WHEN greatest(case_links.score, excluded.score) >= 0.8 THEN 'duplicate' ELSE 'similar' END`,
    [JSON.stringify(both), at],
  );
}

export async function listCaseLinks(db: Db, caseId: string): Promise<(CaseLinkRow & { platform: string; status: string })[]> {
  return db.query(
    `SELECT l.case_id, l.related_case_id, l.level, l.score, c.platform, c.status FROM case_links l JOIN cases c ON c.id = l.related_case_id
     WHERE l.case_id = $1 ORDER BY l.score DESC, l.related_case_id`,
    [caseId],
  );
}

export interface StoredScheme {
  normalization_version: number;
  minhash_version: number;
  seed: string;
  permutations: number;
  bands: number;
  rows_per_band: number;
}

export async function readMatchScheme(db: Db): Promise<StoredScheme | null> {
  const rows = await db.query<StoredScheme>(
    `SELECT normalization_version, minhash_version, seed::text AS seed, permutations, bands, rows_per_band FROM match_scheme WHERE id = 1`,
  );
  return rows[0] ?? null;
}

/** Records the scheme; `replace` overwrites it (after a reindex), otherwise the first one stays. */
export async function saveMatchScheme(db: Db, s: StoredScheme, replace: boolean): Promise<void> {
  await db.query(
    `INSERT INTO match_scheme (id, normalization_version, minhash_version, seed, permutations, bands, rows_per_band, updated_at)
     VALUES (1, $1, $2, $3::bigint, $4, $5, $6, now())
     ON CONFLICT (id) DO ${replace ? `UPDATE SET normalization_version = excluded.normalization_version, minhash_version = excluded.minhash_version,
       seed = excluded.seed, permutations = excluded.permutations, bands = excluded.bands, rows_per_band = excluded.rows_per_band, updated_at = now()` : 'NOTHING'}`,
    [s.normalization_version, s.minhash_version, s.seed, s.permutations, s.bands, s.rows_per_band],
  );
}

export async function countItemsWithText(db: Db): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notice_items WHERE text IS NOT NULL`);
  return rows[0]!.n;
}

/** Items that carry a copy of the content, in key order, for a reindex to page through. */
export async function listItemsWithText(
  db: Db,
  after: { notice_id: string; position: number } | null,
  limit: number,
): Promise<{ notice_id: string; position: number; case_id: string; text: string; created_at: Date }[]> {
  return db.query(
    `SELECT i.notice_id, i.position, i.case_id, i.text, n.created_at FROM notice_items i JOIN notices n ON n.id = i.notice_id
     WHERE i.text IS NOT NULL AND ($1::uuid IS NULL OR (i.notice_id, i.position) > ($1::uuid, $2::int))
     ORDER BY i.notice_id, i.position LIMIT $3`,
    [after?.notice_id ?? null, after?.position ?? 0, limit],
  );
}

export async function clearTextIndex(db: Db): Promise<void> {
  await db.exec('DELETE FROM case_links; DELETE FROM text_fingerprints;');
}

export async function insertFingerprints(db: Db, rows: readonly ({ id: string; case_id: string; notice_id: string; created_at: Date } & TextFingerprint)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO text_fingerprints (id, case_id, notice_id, normalized_hash, stripped_hash, shingles, band_keys, created_at)
     SELECT t.id, t.case_id, t.notice_id, t.normalized_hash, t.stripped_hash,
            ARRAY(SELECT jsonb_array_elements_text(t.shingles)::int), ARRAY(SELECT jsonb_array_elements_text(t.band_keys)::bigint), t.created_at
     FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, case_id uuid, notice_id uuid, normalized_hash text, stripped_hash text,
                                                  shingles jsonb, band_keys jsonb, created_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}
