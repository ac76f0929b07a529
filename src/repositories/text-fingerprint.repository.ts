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

/** A candidate with the organization that submitted its text: a merge needs two (case-merge.ts). */
export interface SubmittedTextCandidate extends TextCandidate {
  submitter_org_id: string;
}

/**
 * The candidates of many texts in one round trip (the linker's batch): for each query, in order,
 * what `findTextCandidates` would return, with each text's submitter. The planner setting is put
 * back before the caller's transaction goes on, so its other statements are planned normally.
 */
export async function findTextCandidatesOfMany(
  db: Db,
  queries: readonly (TextFingerprint & { exclude_case_id: string | null })[],
  limit = 500,
): Promise<SubmittedTextCandidate[][]> {
  const out: SubmittedTextCandidate[][] = queries.map(() => []);
  if (queries.length === 0) return out;
  const rows = await db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    const found = await tx.query<SubmittedTextCandidate & { i: number }>(
      `SELECT q.i, f.case_id, f.normalized_hash, f.stripped_hash, f.shingles, n.submitter_org_id
       FROM jsonb_to_recordset($1::text::jsonb) AS q(i int, nh text, sh text, bands jsonb, ex uuid)
       CROSS JOIN LATERAL (
         SELECT case_id, notice_id, normalized_hash, stripped_hash, shingles FROM text_fingerprints
         WHERE (normalized_hash = q.nh OR stripped_hash = q.sh
                OR band_keys && ARRAY(SELECT jsonb_array_elements_text(q.bands)::bigint))
           AND (q.ex IS NULL OR case_id <> q.ex)
         LIMIT $2
       ) f
       JOIN notices n ON n.id = f.notice_id`,
      [JSON.stringify(queries.map((q, i) => ({ i, nh: q.normalized_hash, sh: q.stripped_hash, bands: q.band_keys, ex: q.exclude_case_id }))), limit],
    );
    await tx.query('RESET enable_seqscan');
    return found;
  });
  for (const r of rows) {
    out[r.i]!.push({ case_id: r.case_id, normalized_hash: r.normalized_hash, stripped_hash: r.stripped_hash, shingles: r.shingles, submitter_org_id: r.submitter_org_id });
  }
  return out;
}

export interface PendingItem {
  notice_id: string;
  submitter_org_id: string;
  position: number;
  case_id: string;
  text: string;
  created_at: Date;
}

/** Items whose text is not fingerprinted yet; SKIP LOCKED lets several processes share the work. */
export async function claimUnfingerprintedItems(db: Db, limit: number): Promise<PendingItem[]> {
  return db.query<PendingItem>(
    `SELECT i.notice_id, n.submitter_org_id, i.position, i.case_id, i.text, n.created_at FROM notice_items i JOIN notices n ON n.id = i.notice_id
     WHERE i.text IS NOT NULL AND i.fingerprinted_at IS NULL
     ORDER BY i.notice_id, i.position LIMIT $1 FOR UPDATE OF i SKIP LOCKED`,
    [limit],
  );
}

export async function markItemsFingerprinted(db: Db, items: readonly { notice_id: string; position: number }[], at: Date): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `UPDATE notice_items i SET fingerprinted_at = $2 FROM jsonb_to_recordset($1::text::jsonb) AS t(notice_id uuid, position int)
     WHERE i.notice_id = t.notice_id AND i.position = t.position`,
    [JSON.stringify(items.map((x) => ({ notice_id: x.notice_id, position: x.position }))), at],
  );
}

export interface CaseLinkRow {
  case_id: string;
  related_case_id: string;
  level: 'duplicate' | 'similar';
  score: number;
}

/**
 * Links in both directions; a stronger later match upgrades a weaker one. A link a platform
 * dismissed (not a duplicate, 0024) keeps its dismissal: the update leaves those columns alone.
 */
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

/** A case's links, the suggestions still open first (dismissed ones: not a duplicate, case-duplicate.service.ts). */
export async function listCaseLinks(db: Db, caseId: string): Promise<(CaseLinkRow & { platform: string; status: string; dismissed_at: Date | null })[]> {
  return db.query(
    `SELECT l.case_id, l.related_case_id, l.level, l.score, c.platform, c.status, l.dismissed_at FROM case_links l JOIN cases c ON c.id = l.related_case_id
     WHERE l.case_id = $1 ORDER BY (l.dismissed_at IS NOT NULL), l.score DESC, l.related_case_id`,
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
  const rows = await db.query<StoredScheme>(`SELECT normalization_version, minhash_version, seed::text AS seed, permutations, bands, rows_per_band FROM match_scheme WHERE id = 1`);
  return rows[0] ?? null;
}

/** Records the scheme; `replace` overwrites it (after a reindex), otherwise the first one stays. */
export async function saveMatchScheme(db: Db, s: StoredScheme, replace: boolean): Promise<void> {
  await db.query(
    `INSERT INTO match_scheme (id, normalization_version, minhash_version, seed, permutations, bands, rows_per_band, updated_at)
     VALUES (1, $1, $2, $3::bigint, $4, $5, $6, now())
     ON CONFLICT (id) DO ${
       replace
         ? `UPDATE SET normalization_version = excluded.normalization_version, minhash_version = excluded.minhash_version,
       seed = excluded.seed, permutations = excluded.permutations, bands = excluded.bands, rows_per_band = excluded.rows_per_band, updated_at = now()`
         : 'NOTHING'
     }`,
    [s.normalization_version, s.minhash_version, s.seed, s.permutations, s.bands, s.rows_per_band],
  );
}

// Any fixed number, distinct from the migration lock's: the same in every minhbach process.
const TEXT_INDEX_LOCK_ID = 7_202_612;

/**
 * Linker batches hold the text index's lock shared: they may run side by side (they claim items
 * with SKIP LOCKED), but never beside a reset. Call it inside a transaction, first.
 */
export async function shareTextIndex(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock_shared($1)', [TEXT_INDEX_LOCK_ID]);
}

/**
 * Forgets every fingerprint and link, and marks every text to be fingerprinted again. A reset
 * deletes and updates the rows linker batches (and other resets) lock, in another order, which
 * deadlocks on PostgreSQL; so it holds the text index's lock exclusively, waiting for running
 * batches to commit and holding new ones back until it commits. Call it inside a transaction.
 */
export async function resetTextIndex(db: Db): Promise<number> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [TEXT_INDEX_LOCK_ID]);
  // Links a platform dismissed stay (its answer is not the index's to forget); a re-link keeps them dismissed.
  await db.exec('DELETE FROM case_links WHERE dismissed_at IS NULL; DELETE FROM text_fingerprints;');
  const rows = await db.query<{ n: number }>(`WITH u AS (UPDATE notice_items SET fingerprinted_at = NULL WHERE text IS NOT NULL RETURNING 1) SELECT count(*)::int AS n FROM u`);
  return rows[0]!.n;
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
