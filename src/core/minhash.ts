/**
 * MinHash signatures and LSH band keys for near-duplicate detection of re-posted content.
 *
 * Input is the *stripped* normalized text (all marks removed, đ→d) as an array of syllables; the
 * Vietnamese normalizer produces it. Pipeline: `shingles` → `minhashSignature` → `lshBandKeys`
 * (stored as PostgreSQL `bigint[]`, queried with `&&`), then every candidate is verified with the
 * exact `jaccard` of its shingle set (or `estimateJaccard` of the stored signatures).
 *
 * A pair at Jaccard J shares at least one band key with probability 1 − (1 − J^rows)^bands; with
 * 32 bands × 5 rows that is 0.93 at J = 0.6, ≈1.00 at J ≥ 0.7 and ≈1e-5 at J = 0.05.
 *
 * Everything here is a pure function of (input, scheme). Persist `scheme.version` and `scheme.seed`
 * with the stored keys: changing either, the shingling, or the normalizer means a reindex.
 *
 * Empty input (defined behaviour): `shingles([])` is the empty set; its signature is all
 * `EMPTY_SLOT` (0xFFFFFFFF); `lshBandKeys` of it is `[]` (an empty text is never a candidate);
 * `jaccard` and `estimateJaccard` return 0 when either side is empty (nothing matches nothing).
 */
import { createHash } from 'node:crypto';

export interface MinHashScheme {
  /** Bumped whenever hashing, shingling or parameters change; mixed into every band key. */
  version: number;
  /** Unsigned 32-bit integer from which every per-permutation constant is derived. */
  seed: number;
  /** Signature length; must equal bands × rows. */
  permutations: number;
  bands: number;
  rows: number;
  /** Texts with fewer syllables than this are shingled by character n-grams. */
  shortTextSyllables: number;
  /** n of the character n-grams used for short texts. */
  charGram: number;
}

export const DEFAULT_SCHEME: Readonly<MinHashScheme> = Object.freeze({
  version: 1,
  seed: 0x6d696e68, // "minh"
  permutations: 160,
  bands: 32,
  rows: 5,
  shortTextSyllables: 15,
  charGram: 5,
});

/** Value of a signature slot when the shingle set is empty (no shingle ever lowered it). */
export const EMPTY_SLOT = 0xffffffff;

// ---------------------------------------------------------------------------------------------
// 32-bit primitives. All arithmetic stays in int32/uint32 via Math.imul and `>>> 0`, so nothing
// ever exceeds 2^53 and results are identical on every JS engine.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** MurmurHash3 fmix32 finalizer: a bijection on uint32 with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnvByte(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME);
}

/** Continue an FNV-1a 32 hash with the UTF-8 encoding of code point `cp` (no allocation). */
function fnvCodePoint(h: number, cp: number): number {
  if (cp < 0x80) return fnvByte(h, cp);
  if (cp < 0x800) return fnvByte(fnvByte(h, 0xc0 | (cp >> 6)), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    h = fnvByte(h, 0xe0 | (cp >> 12));
    return fnvByte(fnvByte(h, 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
  }
  h = fnvByte(fnvByte(h, 0xf0 | (cp >> 18)), 0x80 | ((cp >> 12) & 0x3f));
  return fnvByte(fnvByte(h, 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
}

/** Continue an FNV-1a 32 hash with the UTF-8 encoding of `s` (lone surrogates as U+FFFD). */
function fnvString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else cp = 0xfffd;
    }
    h = fnvCodePoint(h, cp);
  }
  return h;
}

// Shingle kinds are domain-separated by a leading tag byte, so a syllable bigram "ab cd" and a
// character gram with the same text never hash alike.
const TAG_BIGRAM = 0x77; // 'w'
const TAG_CHARGRAM = 0x63; // 'c'
const TAG_WHOLE = 0x73; // 's'

// ---------------------------------------------------------------------------------------------

function checkScheme(s: MinHashScheme): void {
  const posInt = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
  if (!posInt(s.bands) || !posInt(s.rows) || s.permutations !== s.bands * s.rows) {
    throw new RangeError('MinHash scheme: permutations must equal bands × rows (positive integers)');
  }
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff) {
    throw new RangeError('MinHash scheme: seed must be an unsigned 32-bit integer');
  }
  if (!Number.isInteger(s.version) || s.version < 0 || s.version > 0xffffffff) {
    throw new RangeError('MinHash scheme: version must be an unsigned 32-bit integer');
  }
  if (!posInt(s.charGram) || !Number.isSafeInteger(s.shortTextSyllables) || s.shortTextSyllables < 0) {
    throw new RangeError('MinHash scheme: charGram must be positive, shortTextSyllables non-negative');
  }
}

/**
 * Shingle set of a stripped text, each shingle an unsigned 32-bit hash:
 * - no syllables → empty set;
 * - fewer than `shortTextSyllables` syllables → character `charGram`-grams (by code point) of the
 *   syllables joined WITHOUT separator, so "canh bao", "canhbao" (hashtag) and "c a n h b a o"
 *   (letter-spacing evasion) shingle alike; if that joined text has at most `charGram` code points,
 *   one shingle for the whole of it (an exact match key);
 * - otherwise (and never for a single syllable) syllable 2-grams ("a b").
 * Hash: FNV-1a 32 over the UTF-8 of tag + gram text, then the fmix32 finalizer for avalanche.
 */
export function shingles(syllables: readonly string[], scheme: MinHashScheme = DEFAULT_SCHEME): Set<number> {
  checkScheme(scheme);
  const out = new Set<number>();
  const n = syllables.length;
  if (n === 0) return out;
  if (n >= scheme.shortTextSyllables && n >= 2) {
    for (let i = 0; i + 1 < n; i++) {
      let h = fnvByte(FNV_OFFSET, TAG_BIGRAM);
      h = fnvString(h, syllables[i]!);
      h = fnvByte(h, 0x20);
      h = fnvString(h, syllables[i + 1]!);
      out.add(fmix32(h));
    }
    return out;
  }
  const cps: number[] = [];
  for (const syl of syllables) for (const ch of syl) cps.push(ch.codePointAt(0)!);
  const k = scheme.charGram;
  if (cps.length === 0) return out; // only empty syllables: treated as empty input
  if (cps.length <= k) {
    let h = fnvByte(FNV_OFFSET, TAG_WHOLE);
    for (const cp of cps) h = fnvCodePoint(h, cp);
    out.add(fmix32(h));
    return out;
  }
  for (let i = 0; i + k <= cps.length; i++) {
    let h = fnvByte(FNV_OFFSET, TAG_CHARGRAM);
    for (let j = i; j < i + k; j++) h = fnvCodePoint(h, cps[j]!);
    out.add(fmix32(h));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Permutations.
//
// Classic MinHash uses h_i(x) = (a_i·x + b_i) mod p with p = 2^61 − 1, which does not fit JS
// numbers. Here h_i(x) = fmix32((a_i·x + b_i) mod 2^32) with a_i odd. Soundness:
// - x ↦ a·x + b mod 2^32 with odd a is a bijection of uint32 (odd a is invertible mod 2^32), and
//   fmix32 is a bijection, so every h_i is a genuine permutation of the 32-bit shingle universe:
//   distinct shingles never collide inside one permutation, which MinHash requires.
// - The affine map alone is a weak min-wise family (its low bits depend only on low bits of x);
//   the fmix32 finalizer gives full avalanche, so the minimum over a set behaves like the minimum
//   of independent uniform values. The tests check the consequence the matcher relies on:
//   estimateJaccard tracks exact Jaccard within the binomial error sqrt(J(1−J)/permutations).
// - (a_i, b_i) come from a splitmix32 stream seeded by `scheme.seed`: deterministic, persisted by
//   persisting the seed, and different seeds give unrelated families.
// It is not a proven ε-min-wise family; it is the same construction (keyed bijective mixer) as
// widely used 32-bit MinHash implementations, and adequate since candidates are verified exactly.

interface Coefficients {
  a: Uint32Array;
  b: Uint32Array;
}

const coefficientCache = new Map<string, Coefficients>();

function coefficients(seed: number, permutations: number): Coefficients {
  const key = `${seed}:${permutations}`;
  const hit = coefficientCache.get(key);
  if (hit) return hit;
  const a = new Uint32Array(permutations);
  const b = new Uint32Array(permutations);
  let state = seed | 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) | 0;
    return fmix32(state);
  };
  for (let i = 0; i < permutations; i++) {
    a[i] = (next() | 1) >>> 0;
    b[i] = next();
  }
  if (coefficientCache.size >= 64) coefficientCache.clear();
  const c = { a, b };
  coefficientCache.set(key, c);
  return c;
}

/** MinHash signature: for each permutation, the minimum of h_i over the shingles (uint32). */
export function minhashSignature(sh: ReadonlySet<number>, scheme: MinHashScheme = DEFAULT_SCHEME): Uint32Array {
  checkScheme(scheme);
  const m = scheme.permutations;
  const { a, b } = coefficients(scheme.seed, m);
  const sig = new Uint32Array(m).fill(EMPTY_SLOT);
  for (const x of sh) {
    for (let i = 0; i < m; i++) {
      let h = (Math.imul(a[i]!, x) + b[i]!) | 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

function isEmptySignature(sig: Uint32Array): boolean {
  for (let i = 0; i < sig.length; i++) if (sig[i] !== EMPTY_SLOT) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Band keys.

function murmurRound(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * One key per band: a 64-bit hash of (version, seed, band index, the band's `rows` values),
 * returned as a *signed* 64-bit bigint (`BigInt.asIntN(64, …)`) because PostgreSQL has no unsigned
 * integers; bind the array as `bigint[]` (postgres.js accepts bigint, or `String(k)` each).
 * Mixing in the band index keeps equal row values in different bands from colliding; mixing in
 * version and seed keeps keys of different schemes apart during a reindex.
 * The 64 bits are two MurmurHash3-style 32-bit lanes with different seeds (the second also absorbs
 * the first lane's result). A collision only yields a spurious candidate, which exact
 * verification discards, so a non-cryptographic hash is enough.
 * The empty signature (empty input) has no keys: `[]`.
 */
export function lshBandKeys(signature: Uint32Array, scheme: MinHashScheme = DEFAULT_SCHEME): bigint[] {
  checkScheme(scheme);
  if (signature.length !== scheme.permutations) {
    throw new RangeError(`signature has ${signature.length} values, scheme expects ${scheme.permutations}`);
  }
  if (isEmptySignature(signature)) return [];
  const { bands, rows } = scheme;
  const keys: bigint[] = new Array<bigint>(bands);
  for (let band = 0; band < bands; band++) {
    let h1 = murmurRound(0x3c6ef372 ^ scheme.seed, scheme.version);
    let h2 = murmurRound(0xa54ff53a ^ scheme.seed, scheme.version);
    h1 = murmurRound(h1, band);
    h2 = murmurRound(h2, band ^ 0x5bd1e995);
    for (let r = 0, off = band * rows; r < rows; r++) {
      const v = signature[off + r]!;
      h1 = murmurRound(h1, v);
      h2 = murmurRound(h2, v ^ 0x27d4eb2f);
    }
    h1 = fmix32(h1 ^ (rows + 2));
    h2 = fmix32(murmurRound(h2 ^ (rows + 2), h1));
    keys[band] = BigInt.asIntN(64, (BigInt(h1) << 32n) | BigInt(h2));
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------

/** Exact Jaccard |A∩B| / |A∪B|; 0 when either set is empty. */
export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Fraction of equal signature slots (unbiased estimate of Jaccard); 0 if either side is empty. */
export function estimateJaccard(sa: Uint32Array, sb: Uint32Array): number {
  if (sa.length !== sb.length) throw new RangeError('signatures of different lengths (different schemes?)');
  if (sa.length === 0 || isEmptySignature(sa) || isEmptySignature(sb)) return 0;
  let equal = 0;
  for (let i = 0; i < sa.length; i++) if (sa[i] === sb[i]) equal++;
  return equal / sa.length;
}

/** SHA-256 (lower-case hex, 64 chars) of the UTF-8 of a normalized text: the exact-duplicate key. */
export function exactHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
