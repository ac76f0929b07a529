import { fmix32 } from './minhash.ts';

/**
 * Winnowing fingerprints (Schleimer, Wilkerson, Aiken 2003, "robust winnowing") over syllable
 * k-grams, to find a text again from a PART of it: a repost cut to its head, its middle or its
 * tail, or quoted inside someone's commentary. MinHash-LSH over whole texts (minhash.ts) finds
 * texts that are mostly equal; it cannot find a third of a text, whose Jaccard with the whole is
 * ~0.3. Winnowing is built for containment:
 *
 * - hash every k consecutive syllables (a k-gram);
 * - in every window of `w` consecutive k-gram hashes, select the minimum (the rightmost one on a
 *   tie, and a hash already selected is not selected again: "robust" winnowing, so a run of equal
 *   hashes in boilerplate gives one fingerprint, not many);
 * - GUARANTEE: any run of at least w + k − 1 syllables that two texts share contains a whole
 *   window of the same w k-grams in both, whose minimum both select: they share a fingerprint.
 *   Shorter shared runs are found by chance (the density is ≈ 2 / (w + 1) of the k-grams).
 *
 * Input is the stripped syllables of the normalizer (vietnamese-normalize.ts), as for shingles,
 * so every perturbation it undoes (tone style, stripped marks, teencode, invisible characters,
 * look-alikes, NFD) is undone here too.
 *
 * Hashes are signed 32-bit integers, as PostgreSQL `integer[]` holds them. Pure and deterministic:
 * a function of (syllables, scheme); changing the scheme means a reindex.
 */

export interface WinnowScheme {
  /** Bumped whenever the k-gram hash or the selection changes; mixed into every hash. */
  version: number;
  /** Syllables per k-gram. */
  k: number;
  /** k-grams per window. */
  w: number;
}

/**
 * k = 5 syllables: a 5-syllable run is rare outside a shared source (4-grams catch stock phrases
 * such as "của bộ y tế"); w = 8: every shared run of 12 syllables is caught, about a sentence,
 * at ~22 fingerprints per 100 syllables (bench/match-quality measured k 4–6 × w 4–12).
 */
export const WINNOW_SCHEME: Readonly<WinnowScheme> = Object.freeze({ version: 1, k: 5, w: 8 });

/**
 * Boilerplate guard: a key held by this many stored texts or more ("chia sẻ ngay để mọi người
 * cùng biết") says nothing about which text a query comes from, and its posting list is long; a
 * lookup skips it. Rare keys (the ones of a real shared passage) have a handful of postings.
 */
export const WINNOW_KEY_MAX_POSTINGS = 100;
/** Postings a lookup reads at most: its rarest keys first (a passage's own keys are the rare ones). */
export const WINNOW_POSTINGS_BUDGET = 500;
/** At most this many stored texts are taken from winnowing per query, those sharing the most keys first. */
export const WINNOW_MAX_CANDIDATES = 50;

/** Shared runs of at least this many syllables are guaranteed to share a fingerprint. */
export function guaranteedRun(scheme: WinnowScheme = WINNOW_SCHEME): number {
  return scheme.w + scheme.k - 1;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Domain tag distinct from minhash.ts's shingle tags ('w', 'c', 's'): a k-gram never hashes like a shingle.
const TAG_KGRAM = 0x6b; // 'k'

/** FNV-1a 32 over the UTF-16 code units of `s` (both bytes), continuing from `h`. */
function fnvString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), FNV_PRIME);
    h = Math.imul(h ^ (c >>> 8), FNV_PRIME);
  }
  return h;
}

function checkScheme(s: WinnowScheme): void {
  const posInt = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
  if (!posInt(s.k) || !posInt(s.w) || !Number.isInteger(s.version) || s.version < 0 || s.version > 0xffffffff) {
    throw new RangeError('Winnow scheme: k and w must be positive integers, version an unsigned 32-bit integer');
  }
}

/** Hash of every k-gram of syllables, in order (uint32); empty when there are fewer than k. */
export function kgramHashes(syllables: readonly string[], scheme: WinnowScheme = WINNOW_SCHEME): Uint32Array {
  checkScheme(scheme);
  const { k } = scheme;
  const n = syllables.length - k + 1;
  if (n <= 0) return new Uint32Array(0);
  // Each syllable's hash once, then a k-gram is a mix of its k syllable hashes (order-sensitive).
  const syl = new Uint32Array(syllables.length);
  for (let i = 0; i < syllables.length; i++) syl[i] = fmix32(fnvString(Math.imul(FNV_OFFSET ^ TAG_KGRAM, FNV_PRIME), syllables[i]!));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = Math.imul(FNV_OFFSET ^ scheme.version, FNV_PRIME);
    for (let j = 0; j < k; j++) h = Math.imul(h ^ syl[i + j]!, FNV_PRIME) ^ (h >>> 15);
    out[i] = fmix32(h ^ k);
  }
  return out;
}

/**
 * Robust winnowing of k-gram hashes: for each window of `w`, its minimum (rightmost on a tie),
 * recorded when the selected position changes. A text with fewer than `w` k-grams (but at least
 * one) gives the minimum of all of them, so short texts are still findable. Returns the selected
 * hashes in text order (a hash may recur at another position).
 */
export function winnowHashes(hashes: Uint32Array, w: number): number[] {
  const n = hashes.length;
  if (n === 0) return [];
  const win = Math.min(w, n);
  const out: number[] = [];
  // Monotonic deque of positions whose hashes increase strictly from front to back; popping on
  // `>=` keeps the rightmost of equal minima, as robust winnowing wants. Linear time.
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    while (tail > head && hashes[dq[tail - 1]!]! >= hashes[i]!) tail--;
    dq[tail++] = i;
    if (dq[head]! <= i - win) head++;
    if (i >= win - 1) {
      const m = dq[head]!;
      if (m !== last) {
        // Robust: on a tie with the previously selected hash, keep the earlier selection.
        if (last < 0 || hashes[m] !== hashes[last] || m - last >= win) out.push(hashes[m]! | 0);
        last = m;
      }
    }
  }
  return out;
}

/** Distinct winnowing fingerprints of stripped syllables, sorted, as signed 32-bit integers. */
export function winnowFingerprints(syllables: readonly string[], scheme: WinnowScheme = WINNOW_SCHEME): number[] {
  const selected = winnowHashes(kgramHashes(syllables, scheme), scheme.w);
  return [...new Set(selected)].sort((a, b) => a - b);
}
