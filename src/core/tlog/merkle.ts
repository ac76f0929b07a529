/**
 * RFC 6962 Merkle tree hashing with SHA-256, and the proofs of RFC 9162 §2.1.3–2.1.4.
 *
 * Nodes are named by (level, index): level 0 are the leaf hashes, and node (l, i) is the root of
 * the perfect subtree over leaves [i·2^l, (i+1)·2^l). Only such perfect nodes are ever stored
 * (tiles hold them), so proofs are produced in two steps: a *plan* says which perfect nodes are
 * needed and how to combine them (a proof hash on the right edge of a tree whose size is not a
 * power of two is the root of an imperfect subtree, i.e. the fold of several perfect ones), then
 * `buildProof` reads those nodes through a `HashReader` and assembles the proof. The caller in
 * between may fetch the tiles it needs asynchronously (see tile.ts); nothing here does I/O.
 *
 * Sizes and indices are JavaScript numbers, checked to be safe integers; arithmetic avoids the
 * 32-bit bitwise operators so that trees beyond 2^32 leaves still work.
 */
import { createHash } from 'node:crypto';
import { assertCount, bytesEqual } from './encoding.ts';
import { malformed, verificationFailed } from './tlog-error.ts';

export const HASH_SIZE = 32;

/** Root of the empty tree, SHA-256(""). Never mutate it; every function here returns fresh arrays. */
export const EMPTY_ROOT: Uint8Array = sha256();

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  // Copied out of the Buffer so callers get plain, unshared Uint8Arrays.
  return new Uint8Array(h.digest());
}

/** Throws unless `hash` is a 32-byte hash; `field` names it in the error. */
export function assertHash(hash: Uint8Array, field: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw malformed(`hash must be ${HASH_SIZE} bytes, got ${hash instanceof Uint8Array ? hash.length : typeof hash}`, field);
  }
}

export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, entry);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertHash(left, 'left');
  assertHash(right, 'right');
  return sha256(NODE_PREFIX, left, right);
}

// ---------------------------------------------------------------------------------------------
// Integer helpers that stay exact up to 2^53.

/** Number of bits needed to write n (0 for 0). */
function bitLength(n: number): number {
  const hi = Math.floor(n / 2 ** 32);
  return hi > 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(n >>> 0);
}

/** Bit `bit` of n. */
function bitSet(n: number, bit: number): boolean {
  return Math.floor(n / 2 ** bit) % 2 === 1;
}

/** The split point of RFC 6962: the largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

// ---------------------------------------------------------------------------------------------
// Node ids, subtree decomposition.

export interface NodeId {
  /** Height of the perfect subtree: 0 for a leaf hash. */
  readonly level: number;
  /** Position among the nodes of that level. */
  readonly index: number;
}

/**
 * The perfect subtrees that tile [start, end), left to right, largest first where alignment
 * allows. For the ranges a proof or a tree root needs ([0, n), or the right part of an RFC 6962
 * split, whose start is a multiple of a power of two at least as large as the range), their
 * right fold is exactly the Merkle tree hash of the range.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = bitLength(end - at) - 1; // largest that fits
    while (level > 0 && at % 2 ** level !== 0) level--; // and that is aligned
    out.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return out;
}

/** The perfect subtrees whose roots, folded from the right, give the root of a tree of `size`. */
export function peakNodes(size: number): NodeId[] {
  assertCount(size, 'size');
  return rangeNodes(0, size);
}

/** Right fold: the root of adjacent subtrees given left to right (largest first). */
function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  let h = hashes[hashes.length - 1];
  if (h === undefined) return EMPTY_ROOT.slice();
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

// ---------------------------------------------------------------------------------------------
// Roots and the incremental builder.

/**
 * A compact range from leaf 0: the roots of the perfect subtrees of the tree so far (one per set
 * bit of the size). Appending touches O(log n) of them, and the root at the current size is their
 * right fold, so the integrator can extend the tree batch by batch without rereading the leaves;
 * after a restart it resumes from `fromPeaks(size, hashes of peakNodes(size))`, read from tiles.
 */
export class TreeBuilder {
  #size = 0;
  #peaks: Uint8Array[] = [];

  static fromPeaks(size: number, peaks: readonly Uint8Array[]): TreeBuilder {
    assertCount(size, 'size');
    const expected = peakNodes(size).length;
    if (peaks.length !== expected) throw malformed(`a tree of size ${size} has ${expected} peaks, got ${peaks.length}`, 'peaks');
    peaks.forEach((p, i) => assertHash(p, `peaks[${i}]`));
    const b = new TreeBuilder();
    b.#size = size;
    b.#peaks = peaks.map((p) => p.slice());
    return b;
  }

  get size(): number {
    return this.#size;
  }

  /** Roots of the perfect subtrees, left to right; they are the hashes of `peakNodes(size)`. */
  peaks(): Uint8Array[] {
    return this.#peaks.map((p) => p.slice());
  }

  /**
   * Appends one leaf hash. `onNode` sees every node that became complete, the leaf itself
   * included, bottom up: that is how the integrator learns the hashes to write into tiles.
   * It gets copies, so nothing it does can corrupt the builder.
   */
  append(hash: Uint8Array, onNode?: (level: number, index: number, hash: Uint8Array) => void): void {
    assertHash(hash, 'leafHash');
    let h: Uint8Array = hash.slice();
    let index = this.#size;
    let level = 0;
    onNode?.(0, index, h.slice());
    // Each set low bit of the old size is a peak of equal height waiting for a right sibling.
    while (bitSet(this.#size, level)) {
      h = nodeHash(this.#peaks.pop()!, h);
      index = Math.floor(index / 2);
      level++;
      onNode?.(level, index, h.slice());
    }
    this.#peaks.push(h);
    this.#size++;
  }

  root(): Uint8Array {
    return foldRight(this.#peaks);
  }

  clone(): TreeBuilder {
    return TreeBuilder.fromPeaks(this.#size, this.#peaks);
  }
}

/** Merkle tree hash of a list of leaf hashes. */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  const b = new TreeBuilder();
  for (const h of leafHashes) b.append(h);
  return b.root();
}

// ---------------------------------------------------------------------------------------------
// Proof generation.

/** Returns the stored hash of perfect node (level, index); throws if it cannot. */
export type HashReader = (level: number, index: number) => Uint8Array;

/** One proof hash: the root of these adjacent perfect subtrees (one, unless on the right edge). */
export type ProofStep = readonly NodeId[];

/** The nodes needed for the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1). */
export function inclusionPlan(index: number, size: number): ProofStep[] {
  assertCount(index, 'index');
  assertCount(size, 'size');
  if (index >= size) throw malformed(`leaf index ${index} is not below tree size ${size}`, 'index');
  const steps: ProofStep[] = [];
  // PATH(m, D[begin : begin+n]), iteratively from the top; steps come out root side first.
  let m = index;
  let begin = 0;
  let n = size;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      steps.push(rangeNodes(begin + k, begin + n));
      n = k;
    } else {
      steps.push(rangeNodes(begin, begin + k));
      m -= k;
      begin += k;
      n -= k;
    }
  }
  return steps.reverse(); // the audit path starts at the leaf's sibling
}

/**
 * The nodes needed to prove a tree of `size1` is a prefix of one of `size2` (RFC 9162 §2.1.4.1).
 * Equal sizes need no proof (empty plan). size1 = 0 is refused: every tree extends the empty
 * tree, so there is nothing to prove, and the verifier refuses such a proof too.
 */
export function consistencyPlan(size1: number, size2: number): ProofStep[] {
  assertCount(size1, 'size1');
  assertCount(size2, 'size2');
  if (size1 > size2) throw malformed(`size1 ${size1} is larger than size2 ${size2}`, 'size1');
  if (size1 === 0) throw malformed('a consistency proof from the empty tree is meaningless', 'size1');
  const steps: ProofStep[] = [];
  // SUBPROOF(m, D[begin : begin+n], complete), iteratively; steps come out root side first.
  let m = size1;
  let begin = 0;
  let n = size2;
  let complete = true;
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      steps.push(rangeNodes(begin + k, begin + n));
      n = k;
    } else {
      steps.push(rangeNodes(begin, begin + k));
      m -= k;
      begin += k;
      n -= k;
      complete = false;
    }
  }
  // The old tree is itself a subtree here; its root is part of the proof unless the verifier
  // already has it (when the old tree was a left-aligned subtree all along).
  if (!complete) steps.push(rangeNodes(begin, begin + n));
  return steps.reverse();
}

/** Reads the nodes of a plan and folds each step into one proof hash. */
export function buildProof(plan: readonly ProofStep[], read: HashReader): Uint8Array[] {
  return plan.map((step) =>
    foldRight(
      step.map((id) => {
        const h = read(id.level, id.index);
        assertHash(h, `node ${id.level}/${id.index}`);
        return h;
      }),
    ),
  );
}

export function inclusionProof(index: number, size: number, read: HashReader): Uint8Array[] {
  return buildProof(inclusionPlan(index, size), read);
}

export function consistencyProof(size1: number, size2: number, read: HashReader): Uint8Array[] {
  return buildProof(consistencyPlan(size1, size2), read);
}

/**
 * A HashReader over leaf hashes held in memory, with every perfect node computed once (O(n)).
 * For tests, tools and small trees; the log itself reads nodes from tiles.
 */
export function hashReaderFromLeaves(leafHashes: readonly Uint8Array[]): HashReader {
  const levels: Uint8Array[][] = [leafHashes.map((h, i) => (assertHash(h, `leafHashes[${i}]`), h))];
  for (let row = levels[0]!; row.length > 1;) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
    levels.push(next);
    row = next;
  }
  return (level, index) => {
    const h = levels[level]?.[index];
    if (h === undefined) throw malformed(`node ${level}/${index} is not a perfect subtree of this tree`, 'node');
    return h.slice();
  };
}

// ---------------------------------------------------------------------------------------------
// Verification.

function checkProofHashes(proof: readonly Uint8Array[]): void {
  if (!Array.isArray(proof)) throw malformed('proof must be an array of hashes', 'proof');
  proof.forEach((p, i) => assertHash(p, `proof[${i}]`));
}

/**
 * The root that an inclusion proof implies for `leaf` at `index` in a tree of `size`
 * (RFC 9162 §2.1.3.2 without the final comparison). Throws if the proof has the wrong length.
 */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  assertCount(index, 'index');
  assertCount(size, 'size');
  assertHash(leaf, 'leafHash');
  checkProofHashes(proof);
  if (index >= size) throw malformed(`leaf index ${index} is not below tree size ${size}`, 'index');
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw verificationFailed('inclusion proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        // Right edge: climb past levels where this subtree has no right sibling.
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw verificationFailed('inclusion proof is too short');
  return r;
}

/** Throws unless `proof` shows `leaf` at `index` in the tree of `size` with root `root`. */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  assertHash(root, 'root');
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  if (!bytesEqual(computed, root)) throw verificationFailed('inclusion proof does not lead to the root');
}

/**
 * Throws unless `proof` shows the tree (size1, root1) is a prefix of (size2, root2),
 * RFC 9162 §2.1.4.2. Policy for the cases the RFC leaves open:
 * - size1 = size2: the proof must be empty and the roots equal;
 * - size1 = 0 (even with size2 = 0): rejected, as in the transparency-dev test vectors — a proof
 *   from the empty tree proves nothing, so a caller asking for one has a bug worth surfacing;
 * - every hash, roots included, must be 32 bytes, whatever the sizes.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  assertCount(size1, 'size1');
  assertCount(size2, 'size2');
  assertHash(root1, 'root1');
  assertHash(root2, 'root2');
  checkProofHashes(proof);
  if (size1 > size2) throw malformed(`size1 ${size1} is larger than size2 ${size2}`, 'size1');
  if (size1 === 0) throw malformed('a consistency proof from the empty tree is meaningless', 'size1');
  if (size1 === size2) {
    if (proof.length > 0) throw verificationFailed('trees of equal size need an empty consistency proof');
    if (!bytesEqual(root1, root2)) throw verificationFailed('trees of equal size have different roots');
    return;
  }
  if (proof.length === 0) throw verificationFailed('consistency proof is empty');
  // If the old tree is a perfect left subtree, its root is the proof's implicit first element.
  const path = 2 ** (bitLength(size1) - 1) === size1 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) throw verificationFailed('consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw verificationFailed('consistency proof is too short');
  if (!bytesEqual(fr, root1)) throw verificationFailed('consistency proof does not lead to the old root');
  if (!bytesEqual(sr, root2)) throw verificationFailed('consistency proof does not lead to the new root');
}
