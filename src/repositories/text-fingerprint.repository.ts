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
export async function findTextCandidates(db: Db, fp: TextFingerprint, limit = 500): Promise<TextCandidate[]> {
  return db.query<TextCandidate>(
    `SELECT case_id, normalized_hash, stripped_hash, shingles FROM text_fingerprints
     WHERE normalized_hash = $1 OR stripped_hash = $2 OR band_keys && $3::bigint[]
     LIMIT $4`,
    [fp.normalized_hash, fp.stripped_hash, fp.band_keys, limit],
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

export async function insertMatchScheme(db: Db, s: StoredScheme): Promise<void> {
  await db.query(
    `INSERT INTO match_scheme (id, normalization_version, minhash_version, seed, permutations, bands, rows_per_band)
     VALUES (1, $1, $2, $3::bigint, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [s.normalization_version, s.minhash_version, s.seed, s.permutations, s.bands, s.rows_per_band],
  );
}
