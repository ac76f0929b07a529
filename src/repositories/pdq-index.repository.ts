/**
 * The PDQ index (migration 0034): perceptual hashes of stored images and hash-list entries, and the
 * exact search for those within a Hamming distance of a query (multi-index hashing; see the
 * migration). SQL only: what to index and how to read a match is the callers'.
 */
import type { Db } from '../db/db.ts';

export type PdqOwnerKind = 'image' | 'hash_list';

/** The index cuts a hash into this many words of 16 bits (4 hex digits). */
const WORDS = 16;
const WORD_BITS = 16;
/**
 * Neighbours probed per word: up to 2 flipped bits (1 + 16 + 120 values). By the pigeonhole rule a
 * distance up to 16 · (radius + 1) − 1 is found exactly: 31 with radius 1, 47 with radius 2.
 * Beyond that the search verifies every stored hash of the kind (exact, but a scan).
 */
const MAX_PROBE_RADIUS = 2;

const PDQ_HEX = /^[0-9a-f]{64}$/;

function checkHex(hex: string): string {
  const lower = hex.toLowerCase();
  if (!PDQ_HEX.test(lower)) throw new RangeError('a PDQ hash is 64 hex digits');
  return lower;
}

/** The 16 words of a hash, w0 = hex digits 1–4 … w15 = digits 61–64. */
export function pdqWords(hex: string): number[] {
  const h = checkHex(hex);
  return Array.from({ length: WORDS }, (_, k) => parseInt(h.slice(4 * k, 4 * k + 4), 16));
}

/** `word` and every 16-bit value within `radius` flipped bits of it. */
export function wordNeighbours(word: number, radius: number): number[] {
  const out = [word];
  if (radius >= 1) for (let i = 0; i < WORD_BITS; i++) out.push(word ^ (1 << i));
  if (radius >= 2) for (let i = 0; i < WORD_BITS; i++) for (let j = i + 1; j < WORD_BITS; j++) out.push(word ^ (1 << i) ^ (1 << j));
  return out;
}

const WORD_COLUMNS = Array.from({ length: WORDS }, (_, k) => `w${k}`);

/**
 * Indexes hashes: `hashes[0]` is the owner's main hash (an image's whole picture, a hash-list
 * entry's hash), the rest its variants (crops), stored with ordinals 1, 2… Indexing an owner
 * again adds nothing (the first rows stay).
 */
export async function indexPdqHashes(db: Db, rows: readonly { owner_kind: PdqOwnerKind; owner_id: string; hashes: readonly string[] }[]): Promise<void> {
  const flat = rows.flatMap((r) => r.hashes.map((h, ordinal) => ({ kind: r.owner_kind, owner: r.owner_id, ordinal, hex: checkHex(h), words: pdqWords(h) })));
  // A statement per thousand hashes keeps the parameter arrays small (an image brings ten).
  for (let at = 0; at < flat.length; at += 1000) {
    const batch = flat.slice(at, at + 1000);
    const words = WORD_COLUMNS.map((_, k) => batch.map((b) => b.words[k]!));
    await db.query(
      `INSERT INTO pdq_hashes (owner_kind, owner_id, ordinal, hash, ${WORD_COLUMNS.join(', ')})
       SELECT kind, owner, ordinal, ('x' || hex)::bit(256), ${WORD_COLUMNS.join(', ')}
       FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], ${WORD_COLUMNS.map((_, k) => `$${k + 5}::int[]`).join(', ')})
         AS t(kind, owner, ordinal, hex, ${WORD_COLUMNS.join(', ')})
       ON CONFLICT (owner_kind, owner_id, ordinal) DO NOTHING`,
      [batch.map((b) => b.kind), batch.map((b) => b.owner), batch.map((b) => b.ordinal), batch.map((b) => b.hex), ...words],
    );
  }
}

/** Removes every hash of these owners (a hash-list entry withdrawn, an image erased). */
export async function removePdqHashes(db: Db, ownerKind: PdqOwnerKind, ownerIds: readonly string[]): Promise<void> {
  if (ownerIds.length === 0) return;
  await db.query(`DELETE FROM pdq_hashes WHERE owner_kind = $1 AND owner_id = ANY($2::text[])`, [ownerKind, ownerIds]);
}

/**
 * The indexed hashes of these owners, main hash first then variants (ordinal order): e.g. a new
 * picture's crop variants, to look up the stored pictures it is a crop of (the image linker).
 */
export async function findPdqHashes(db: Db, ownerKind: PdqOwnerKind, ownerIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ownerIds.length === 0) return out;
  const rows = await db.query<{ owner_id: string; hex: string }>(
    `SELECT owner_id, ${WORD_COLUMNS.map((c) => `lpad(to_hex(${c}), 4, '0')`).join(' || ')} AS hex
     FROM pdq_hashes WHERE owner_kind = $1 AND owner_id = ANY($2::text[])
     ORDER BY owner_id, ordinal`,
    [ownerKind, ownerIds],
  );
  for (const r of rows) out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), r.hex]);
  return out;
}

export interface PdqMatch {
  /** Index of the query in `queries`. */
  query: number;
  owner_id: string;
  distance: number;
}

export interface PdqSearchOptions {
  maxDistance: number;
  ownerKind: PdqOwnerKind;
  /** Matches returned at most, closest first (all queries together). */
  limit?: number;
  /**
   * Whether stored variants (ordinal ≥ 1) are compared too (default) or only main hashes. A
   * query's own variants are compared with main hashes only (pdq-variants.ts says why).
   */
  storedVariants?: boolean;
}

/**
 * Best distance per (query index, owner) within maxDistance, closest first. Exact: every stored
 * hash within maxDistance is found (pigeonhole over the 16 words), each candidate verified by its
 * full distance.
 */
export async function findPdqMatches(db: Db, queries: readonly string[], options: PdqSearchOptions): Promise<PdqMatch[]> {
  const { maxDistance, ownerKind } = options;
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 256) throw new RangeError('maxDistance is an integer from 0 to 256');
  const limit = options.limit ?? 1000;
  if (queries.length === 0) return [];
  const hexes = queries.map(checkHex);
  const radius = Math.floor(maxDistance / WORDS);
  const params: unknown[] = [hexes, ownerKind, options.storedVariants ?? true, maxDistance, limit];
  let probe = '';
  if (radius <= MAX_PROBE_RADIUS) {
    // One flat array per word column, the neighbours of query 1, then of query 2…: the query's
    // slice is taken in the join, so PostgreSQL probes that column's index with it (a bitmap OR of
    // 16 index scans). Flat, because postgres-js sends nested arrays as text.
    const words = hexes.map(pdqWords);
    const per = wordNeighbours(0, radius).length;
    const slice = `(q.i - 1) * ${per} + 1 : q.i * ${per}`;
    probe = `AND (${WORD_COLUMNS.map((c, k) => `p.${c} = ANY(($${k + 6}::int[])[${slice}])`).join(' OR ')})`;
    for (let k = 0; k < WORDS; k++) params.push(words.flatMap((w) => wordNeighbours(w[k]!, radius)));
  }
  const rows = await db.query<{ i: number; owner_id: string; distance: number }>(
    `SELECT q.i::int AS i, p.owner_id, min(bit_count(p.hash # q.h))::int AS distance
     FROM (SELECT i, ('x' || hex)::bit(256) AS h FROM unnest($1::text[]) WITH ORDINALITY AS t(hex, i)) q
     JOIN pdq_hashes p ON p.owner_kind = $2 AND ($3::boolean OR p.ordinal = 0) ${probe}
       AND bit_count(p.hash # q.h) <= $4
     GROUP BY q.i, p.owner_id
     ORDER BY distance, q.i, p.owner_id COLLATE "C"
     LIMIT $5`,
    params,
  );
  return rows.map((r) => ({ query: Number(r.i) - 1, owner_id: r.owner_id, distance: Number(r.distance) }));
}
