import { DEFAULT_SCHEME, exactHash, jaccard, lshBandKeys, minhashSignature, shingles, type MinHashScheme } from './minhash.ts';
import { normalizeVietnamese, NORMALIZATION_VERSION } from './vietnamese-normalize.ts';

/**
 * What minhbach stores of a text to find it again: exact keys of the normalized and the
 * mark-stripped text, and MinHash-LSH band keys over the stripped text's shingles (so a copy
 * with its diacritics removed still matches), plus the shingles to verify candidates exactly.
 */
export interface TextFingerprint {
  normalized_hash: string;
  stripped_hash: string;
  /** Signed 32-bit, as PostgreSQL integer[] holds them. */
  shingles: number[];
  /** Signed 64-bit, as decimal strings for PostgreSQL bigint[]. */
  band_keys: string[];
  /** Syllables the shingles were made from (not stored): says whether they are word pairs. */
  syllables?: number;
}

export interface MatchScheme extends MinHashScheme {
  normalizationVersion: number;
}

export const MATCH_SCHEME: MatchScheme = { ...DEFAULT_SCHEME, normalizationVersion: NORMALIZATION_VERSION };

/** Thresholds on the exact Jaccard of the shingle sets. */
export const DUPLICATE_AT = 0.8;
export const SIMILAR_AT = 0.6;
export type MatchLevel = 'duplicate' | 'similar';

/** Null for a text with nothing to match on (only emoji, punctuation, whitespace). */
export function fingerprintText(text: string, scheme: MatchScheme = MATCH_SCHEME): TextFingerprint | null {
  const n = normalizeVietnamese(text);
  if (n.syllables.length === 0) return null;
  const sh = shingles(n.strippedSyllables, scheme);
  return {
    normalized_hash: exactHash(n.normalized),
    stripped_hash: exactHash(n.stripped),
    shingles: [...sh].map((x) => x | 0),
    band_keys: lshBandKeys(minhashSignature(sh, scheme), scheme).map(String),
    syllables: n.strippedSyllables.length,
  };
}

/** Scores a stored candidate against the query: 1 for an exact key, else the exact Jaccard. */
export function scoreCandidate(query: TextFingerprint, candidate: Pick<TextFingerprint, 'normalized_hash' | 'stripped_hash' | 'shingles'>): number {
  if (candidate.normalized_hash === query.normalized_hash || candidate.stripped_hash === query.stripped_hash) return 1;
  return jaccard(new Set(query.shingles), new Set(candidate.shingles));
}

export function matchLevel(score: number): MatchLevel | null {
  return score >= DUPLICATE_AT ? 'duplicate' : score >= SIMILAR_AT ? 'similar' : null;
}

/**
 * A cut repost ("… Xem thêm", the first half pasted) shares little of the whole by Jaccard, yet
 * nearly all of itself: when ≥ 80 % of the smaller text's shingles are in the other, the two are
 * shown as similar. Only from 20 shingles (about 20 syllables) up, so a stock phrase inside a long
 * article does not count.
 */
export const CONTAINED_AT = 0.8;
export const MIN_CONTAINED_SHINGLES = 20;

export interface Comparison {
  /** 1 for an exact key, else the exact Jaccard of the shingle sets. */
  score: number;
  /** Share of the smaller text's shingles found in the other. */
  containment: number;
  level: MatchLevel | null;
}

/** Scores a stored candidate against the query, and says whether and how it matches. */
export function compareFingerprints(query: TextFingerprint, candidate: Pick<TextFingerprint, 'normalized_hash' | 'stripped_hash' | 'shingles'>): Comparison {
  if (candidate.normalized_hash === query.normalized_hash || candidate.stripped_hash === query.stripped_hash) return { score: 1, containment: 1, level: 'duplicate' };
  const a = new Set(query.shingles);
  const b = new Set(candidate.shingles);
  if (a.size === 0 || b.size === 0) return { score: 0, containment: 0, level: null };
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  const score = inter / (a.size + b.size - inter);
  const containment = inter / small.size;
  const level = matchLevel(score) ?? (containment >= CONTAINED_AT && small.size >= MIN_CONTAINED_SHINGLES ? 'similar' : null);
  return { score, containment, level };
}
