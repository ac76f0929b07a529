/**
 * Inclusion proofs of public records (GET /api/v1/public/records/{id}/proof), in one database
 * round trip and little garbage: the entry, its level-0 tile and the newest checkpoint's size come
 * in one statement (log-proof.repository.ts); what does not change between proofs is kept per
 * database, as tile pyramids (src/core/tlog/tile-pyramid.ts) so that no node is hashed twice:
 * - the newest checkpoint seen, with the pyramids of its right-edge partial tiles: the statement
 *   sends them again only when the newest checkpoint is another one (the log grew);
 * - full tiles above level 0, which never change (bounded, see UPPER_PYRAMIDS).
 * Each proof then hashes only its level-0 tile (~250 SHA-256), in a buffer reused from proof to proof.
 */
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { bytesEqual, toHex } from '../core/tlog/encoding.ts';
import { buildProof, inclusionPlan, type HashReader, type ProofStep } from '../core/tlog/merkle.ts';
import { MAX_PYRAMID_BYTES, TilePyramid, pyramidHashReader } from '../core/tlog/tile-pyramid.ts';
import { tilesForNodes, tileWidthAt, TILE_WIDTH, type TileId } from '../core/tlog/tile.ts';
import { formatTlogProof } from '../core/tlog/tlog-proof.ts';
import type { Db } from '../db/db.ts';
import { readProofMaterial, type ProofMaterial } from '../repositories/log-proof.repository.ts';
import { readTiles } from '../repositories/log.repository.ts';
import type { ServiceContext } from './context.ts';

/**
 * Pyramids of full tiles above level 0 kept per database, least recently used dropped first:
 * 2048 × 16 KB ≈ 33 MB. That holds every level-1 tile of a log of up to 134M entries (each covers
 * 65,536) and all the tiles above them, so below that size every proof after the first few
 * needs one round trip; beyond it, a random proof misses with the odds of the uncached share
 * and pays a second query for its level-1 tile, while memory stays bounded.
 */
export const UPPER_PYRAMIDS = 2048;

/** A checkpoint as proofs are served against it. */
interface Signed {
  size: number;
  root: Uint8Array;
  /**
   * The root as the statement compares it, encoded once: a Buffer and hex string made per proof
   * before its query made V8's scavenges promote megabytes and pause 2–5 ms instead of ~0.5 ms
   * (bench/log at 10M, --trace-gc-nvp).
   */
  rootHex: string;
  note: string;
  /** Pyramids of its partial tiles, by tile level (undefined where the level has none). */
  edge: (TilePyramid | undefined)[];
  /**
   * Proof hashes that fold several nodes, by the leaf their range starts at. Such a step is the
   * root of [start, size), on the tree's right edge: shared by all proofs against this checkpoint
   * (a few dozen at most), so hashed once rather than with fresh hash objects per proof.
   */
  folds: Map<number, Uint8Array>;
}

interface ProofCache {
  /** The newest checkpoint seen; replaced as a whole (only its memo of folds grows), so a proof in flight keeps a consistent one. */
  signed: Signed | null;
  /**
   * Full tiles never change in a log that only grows; a rewrite seen at the cached size clears
   * them. A database restored to an older state and then grown differently is a fork of the log
   * (which verifiers reject): restart the servers after one, or they may serve its old tiles.
   */
  upper: Map<number, TilePyramid>;
}

/** Per database, so that tests (and tools) with several databases never mix their logs. */
const caches = new WeakMap<Db, ProofCache>();

/**
 * The level-0 pyramid of the proof being built. Filled only after the proof's last await and read
 * out before the function returns, so proofs in flight never see each other's.
 */
const LEVEL0 = Buffer.alloc(MAX_PYRAMID_BYTES);

const upperKey = (level: number, index: number) => index * 64 + level; // tile levels are < 64; exact below 2^53

function cacheOf(db: Db): ProofCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { signed: null, upper: new Map() }));
  return c;
}

function signedFrom(cp: NonNullable<ProofMaterial['checkpoint']>): Signed {
  const edge: (TilePyramid | undefined)[] = [];
  for (const t of cp.edge) {
    // A stored partial tile may have grown since this checkpoint; the narrower one is its prefix.
    const width = tileWidthAt(t.level, t.index, cp.size);
    if (width === 0 || width === TILE_WIDTH || t.hashes.length < width * 32) throw new AppError('internal', `tile ${t.level}/${t.index} does not fit checkpoint ${cp.size}`);
    edge[t.level] = TilePyramid.build(t.level, t.index, t.hashes.subarray(0, width * 32));
  }
  return { size: cp.size, root: cp.root, rootHex: toHex(cp.root), note: cp.note, edge, folds: new Map() };
}

function useUpper(cache: ProofCache, p: TilePyramid): void {
  cache.upper.set(upperKey(p.level, p.index), p);
  if (cache.upper.size > UPPER_PYRAMIDS) cache.upper.delete(cache.upper.keys().next().value!);
}

function cachedUpper(cache: ProofCache, t: TileId): TilePyramid | undefined {
  const key = upperKey(t.level, t.index);
  const p = cache.upper.get(key);
  if (p) {
    cache.upper.delete(key); // most recently used last
    cache.upper.set(key, p);
  }
  return p;
}

/** buildProof, with the right-edge folds of `signed` remembered. */
function proofHashes(signed: Signed, plan: readonly ProofStep[], read: HashReader): Uint8Array[] {
  return plan.map((step) => {
    if (step.length === 1) return read(step[0]!.level, step[0]!.index);
    const start = step[0]!.index * 2 ** step[0]!.level;
    let h = signed.folds.get(start);
    if (!h) signed.folds.set(start, (h = buildProof([step], read)[0]!));
    return h;
  });
}

/**
 * A c2sp.org/tlog-proof for a public record: its index, the audit path to the root of the newest
 * checkpoint in the same snapshot (or of the one cached, when that is still the newest), and that
 * checkpoint verbatim, so one download proves the record is in the signed log.
 */
export async function recordProof(ctx: ServiceContext, recordId: string): Promise<{ index: number; entry: Uint8Array; proof: string }> {
  if (!isUuid(recordId)) throw AppError.notFound('Logged public record');
  const cache = cacheOf(ctx.db);
  const known = cache.signed;
  const m = await readProofMaterial(ctx.db, recordId, known);
  let signed = known;
  if (m.checkpoint) {
    signed = signedFrom(m.checkpoint);
    const cached = cache.signed;
    if (!cached || signed.size > cached.size) cache.signed = signed;
    else if (signed.size === cached.size && bytesEqual(signed.root, cached.root))
      signed = cached; // installed meanwhile
    else if (signed.size === cached.size) {
      // The same size with another root: the log was rewritten, so even "immutable" tiles may differ.
      cache.signed = signed;
      cache.upper.clear();
    }
    // An older checkpoint (a response overtaken by a newer one) serves this proof only.
  }
  if (!m.entry) throw AppError.notFound('Logged public record');
  const { index, entry, tileBase64 } = m.entry;
  // Never serve a proof against a checkpoint that does not cover the entry. The integrator commits
  // an entry with its checkpoint, so the snapshot that shows one shows the other.
  if (!signed || m.latestSize !== signed.size || index >= signed.size) throw new AppError('unavailable', 'The record is not in a signed checkpoint yet');

  const plan = inclusionPlan(index, signed.size);
  const needed = tilesForNodes(plan.flat(), signed.size);
  const have: TilePyramid[] = [];
  let ownLevel0: TileId | undefined;
  let missing: TileId[] | undefined;
  for (const t of needed) {
    const p = t.width < TILE_WIDTH ? signed.edge[t.level] : t.level > 0 ? cachedUpper(cache, t) : undefined;
    if (p) have.push(p);
    else if (t.level === 0 && t.width === TILE_WIDTH && tileBase64 && t.index === Math.floor(index / TILE_WIDTH)) ownLevel0 = t;
    else (missing ??= []).push(t);
  }
  if (missing) {
    // Full tiles above level 0 not cached yet (or anything unexpected): a second round trip.
    for (const r of await readTiles(ctx.db, missing)) {
      if (r.hashes.length !== TILE_WIDTH * 32) throw new AppError('internal', `tile ${r.level}/${r.index} should be full in a tree of size ${signed.size}`);
      const p = TilePyramid.build(r.level, r.index, r.hashes);
      if (p.level > 0) useUpper(cache, p);
      have.push(p);
    }
  }
  // No await from here on: LEVEL0 is this proof's until it returns.
  if (ownLevel0) {
    if (LEVEL0.write(tileBase64!, 0, 'base64') !== TILE_WIDTH * 32) throw new AppError('internal', `tile 0/${ownLevel0.index} should be full in a tree of size ${signed.size}`);
    have.push(TilePyramid.buildInPlace(0, ownLevel0.index, TILE_WIDTH, LEVEL0));
  }
  const read = pyramidHashReader((l, i) => have.find((p) => p.level === l && p.index === i));
  return { index, entry, proof: formatTlogProof({ index, proof: proofHashes(signed, plan, read), checkpoint: signed.note }) };
}
