import type { Db } from '../db/db.ts';
import type { TextFingerprint } from '../core/text-fingerprint.ts';
import { WINNOW_KEY_MAX_POSTINGS, WINNOW_MAX_CANDIDATES, WINNOW_POSTINGS_BUDGET } from '../core/winnow.ts';

export interface TextCandidate {
  case_id: string;
  normalized_hash: string;
  stripped_hash: string;
  shingles: number[];
}

/**
 * The winnowing branch of a candidate query (a part of a stored text, winnow.ts), as SQL over a
 * query's keys `keys` (int[]): the ids of at most WINNOW_MAX_CANDIDATES stored texts, those
 * sharing the most keys first. Bounded whatever is stored: a key held by WINNOW_KEY_MAX_POSTINGS
 * texts or more is boilerplate and skipped, known from winnow_key_counts by one primary-key probe
 * (a GIN index cannot stop reading a posting list early, and a common key's list grows with the
 * stored texts); of the others, the rarest are taken first, up to WINNOW_POSTINGS_BUDGET postings
 * in all (a passage's own keys are the rare ones). The keys are a computed-once array, so the
 * GIN index is probed with a constant on every planner (a join let PGlite scan the table).
 * Exported for the benchmark's query plan.
 */
export function winnowCandidateIdsSql(keys: string, exclude: string): string {
  const rare = `ARRAY(SELECT k FROM (SELECT k, n, sum(n) OVER (ORDER BY n, k) AS upto
                  FROM (SELECT k, coalesce((SELECT c.texts FROM winnow_key_counts c WHERE c.key = k), 0) AS n FROM unnest(${keys}) AS k) a) b
                WHERE n < ${WINNOW_KEY_MAX_POSTINGS} AND upto <= ${WINNOW_POSTINGS_BUDGET})`;
  // The rare keys are picked once, in a one-row subquery kept apart (OFFSET 0): written inline, the
  // ranking below re-ran the pick (a window over the key counts) for every candidate row.
  return `SELECT f.id FROM (SELECT ${rare} AS keys OFFSET 0) r
          CROSS JOIN LATERAL (SELECT f.id, f.winnow_keys FROM text_fingerprints f
                              WHERE f.winnow_keys && r.keys AND (${exclude} IS NULL OR f.case_id <> ${exclude})) f
          ORDER BY (SELECT count(*) FROM unnest(f.winnow_keys) AS x WHERE x = ANY (r.keys)) DESC, f.id
          LIMIT ${WINNOW_MAX_CANDIDATES}`;
}

// `= ANY (ARRAY(…))`, not `IN (…)`: the ids are looked up one by one in the primary key, where
// `IN` let the planner hash-join them against a scan of the whole table.
const WHOLE_IDS = `SELECT id FROM text_fingerprints
          WHERE (normalized_hash = $1 OR stripped_hash = $2 OR band_keys && $3::bigint[])
            AND ($5::uuid IS NULL OR case_id <> $5::uuid)
          LIMIT $4`;
const candidatesSql = (ids: string) => `SELECT case_id, normalized_hash, stripped_hash, shingles FROM text_fingerprints
       WHERE id = ANY (ARRAY(${ids}))`;
/** Which stored texts to look for: copies of the whole text (exact keys, LSH bands), texts sharing a passage (winnowing), or both. */
export type CandidateBranches = 'all' | 'whole' | 'passages';
const CANDIDATES: Record<CandidateBranches, { sql: string; params: (fp: TextFingerprint, limit: number, exclude: string | null) => unknown[] }> = {
  all: {
    sql: candidatesSql(`(${WHOLE_IDS}) UNION (${winnowCandidateIdsSql('$6::int[]', '$5::uuid')})`),
    params: (fp, limit, exclude) => [fp.normalized_hash, fp.stripped_hash, fp.band_keys, limit, exclude, fp.winnow_keys ?? []],
  },
  whole: { sql: candidatesSql(WHOLE_IDS), params: (fp, limit, exclude) => [fp.normalized_hash, fp.stripped_hash, fp.band_keys, limit, exclude] },
  passages: { sql: candidatesSql(winnowCandidateIdsSql('$2::int[]', '$1::uuid')), params: (fp, _limit, exclude) => [exclude, fp.winnow_keys ?? []] },
};

/**
 * Stored texts that may match: an exact key, at least one shared LSH band (GIN index), or shared
 * winnowing keys (a part of the text: `winnowCandidateIdsSql`) — `branches` says which. Capped,
 * because boilerplate can fill a bucket; the caller verifies each candidate exactly.
 */
export async function findTextCandidates(
  db: Db,
  fp: TextFingerprint,
  limit = 500,
  excludeCaseId: string | null = null,
  branches: CandidateBranches = 'all',
): Promise<TextCandidate[]> {
  // PostgreSQL cannot estimate `bigint[] && bigint[]` well (it guessed 15 % of 816k rows where one
  // matched) and then prefers a sequential scan that takes seconds. Every branch here has an
  // index that answers in well under a millisecond, so the scan is ruled out for this statement.
  // JIT is off too: the ranking subquery inflates the cost estimate past jit_above_cost, and
  // compiling took ~35 ms of a lookup that runs in 1–2.
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    await tx.query('SET LOCAL jit = off');
    return tx.query<TextCandidate>(CANDIDATES[branches].sql, CANDIDATES[branches].params(fp, limit, excludeCaseId));
  });
}

/** The plan of `findTextCandidates` for one query, run (EXPLAIN ANALYZE): for benchmarks. */
export async function explainTextCandidates(db: Db, fp: TextFingerprint, limit = 500): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    await tx.query('SET LOCAL jit = off');
    const rows = await tx.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${CANDIDATES.all.sql}`, CANDIDATES.all.params(fp, limit, null));
    return rows.map((r) => Object.values(r)[0]).join('\n');
  });
}

/** A candidate with the organization that submitted its text: a merge needs two (case-merge.ts). */
export interface SubmittedTextCandidate extends TextCandidate {
  submitter_org_id: string;
}

/**
 * The candidates of many texts in one round trip (the linker's batch): for each query, in order,
 * what `findTextCandidates` would return (exact keys, LSH bands, winnowing), with each text's submitter. The planner setting is put
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
    await tx.query('SET LOCAL jit = off');
    const found = await tx.query<SubmittedTextCandidate & { i: number }>(
      `SELECT q.i, f.case_id, f.normalized_hash, f.stripped_hash, f.shingles, n.submitter_org_id
       FROM jsonb_to_recordset($1::text::jsonb) AS q(i int, nh text, sh text, bands jsonb, wk jsonb, ex uuid)
       CROSS JOIN LATERAL (
         SELECT case_id, notice_id, normalized_hash, stripped_hash, shingles FROM text_fingerprints
         WHERE id = ANY (ARRAY(
           (SELECT id FROM text_fingerprints
            WHERE (normalized_hash = q.nh OR stripped_hash = q.sh
                   OR band_keys && ARRAY(SELECT jsonb_array_elements_text(q.bands)::bigint))
              AND (q.ex IS NULL OR case_id <> q.ex)
            LIMIT $2)
           UNION
           (${winnowCandidateIdsSql('ARRAY(SELECT jsonb_array_elements_text(q.wk)::int)', 'q.ex')})))
       ) f
       JOIN notices n ON n.id = f.notice_id`,
      [JSON.stringify(queries.map((q, i) => ({ i, nh: q.normalized_hash, sh: q.stripped_hash, bands: q.band_keys, wk: q.winnow_keys ?? [], ex: q.exclude_case_id }))), limit],
    );
    await tx.query('RESET enable_seqscan');
    await tx.query('RESET jit');
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

export interface StoredScheme {
  normalization_version: number;
  minhash_version: number;
  seed: string;
  permutations: number;
  bands: number;
  rows_per_band: number;
  /** Winnowing scheme, "version:k:w" (0035). */
  winnow: string;
}

export async function readMatchScheme(db: Db): Promise<StoredScheme | null> {
  const rows = await db.query<StoredScheme>(
    `SELECT normalization_version, minhash_version, seed::text AS seed, permutations, bands, rows_per_band, winnow FROM match_scheme WHERE id = 1`,
  );
  return rows[0] ?? null;
}

/** Records the scheme; `replace` overwrites it (after a reindex), otherwise the first one stays. */
export async function saveMatchScheme(db: Db, s: StoredScheme, replace: boolean): Promise<void> {
  await db.query(
    `INSERT INTO match_scheme (id, normalization_version, minhash_version, seed, permutations, bands, rows_per_band, winnow, updated_at)
     VALUES (1, $1, $2, $3::bigint, $4, $5, $6, $7, now())
     ON CONFLICT (id) DO ${
       replace
         ? `UPDATE SET normalization_version = excluded.normalization_version, minhash_version = excluded.minhash_version,
       seed = excluded.seed, permutations = excluded.permutations, bands = excluded.bands, rows_per_band = excluded.rows_per_band,
       winnow = excluded.winnow, updated_at = now()`
         : 'NOTHING'
     }`,
    [s.normalization_version, s.minhash_version, s.seed, s.permutations, s.bands, s.rows_per_band, s.winnow],
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
  // Only text links: links found from pictures or share links are not remade by re-fingerprinting texts.
  await db.exec("DELETE FROM case_links WHERE dismissed_at IS NULL AND basis = 'text'; DELETE FROM text_fingerprints; DELETE FROM winnow_key_counts;");
  const rows = await db.query<{ n: number }>(`WITH u AS (UPDATE notice_items SET fingerprinted_at = NULL WHERE text IS NOT NULL RETURNING 1) SELECT count(*)::int AS n FROM u`);
  return rows[0]!.n;
}

export async function insertFingerprints(db: Db, rows: readonly ({ id: string; case_id: string; notice_id: string; created_at: Date } & TextFingerprint)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO text_fingerprints (id, case_id, notice_id, normalized_hash, stripped_hash, shingles, band_keys, winnow_keys, created_at)
     SELECT t.id, t.case_id, t.notice_id, t.normalized_hash, t.stripped_hash,
            ARRAY(SELECT jsonb_array_elements_text(t.shingles)::int), ARRAY(SELECT jsonb_array_elements_text(t.band_keys)::bigint),
            ARRAY(SELECT jsonb_array_elements_text(t.winnow_keys)::int), t.created_at
     FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, case_id uuid, notice_id uuid, normalized_hash text, stripped_hash text,
                                                  shingles jsonb, band_keys jsonb, winnow_keys jsonb, created_at timestamptz)`,
    [JSON.stringify(rows.map((r) => ({ ...r, winnow_keys: r.winnow_keys ?? [] })))],
  );
  // Counted in key order, so two linker batches counting the same keys wait, never deadlock.
  await db.query(
    `INSERT INTO winnow_key_counts (key, texts)
     SELECT k::int, count(*) FROM jsonb_array_elements($1::text::jsonb) AS t(keys), jsonb_array_elements_text(t.keys) AS k
     GROUP BY 1 ORDER BY 1
     ON CONFLICT (key) DO UPDATE SET texts = winnow_key_counts.texts + excluded.texts`,
    [JSON.stringify(rows.map((r) => r.winnow_keys ?? []))],
  );
}
