import { DEFAULT_SCHEME, exactHash, jaccard, lshBandKeys, minhashSignature, shingles, type MinHashScheme } from './minhash.ts';
import { normalizeVietnamese, NORMALIZATION_VERSION } from './vietnamese-normalize.ts';
import { sharedRuns } from './winnow-runs.ts';
import { WINNOW_SCHEME, winnowFingerprints, type WinnowScheme } from './winnow.ts';

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
  /**
   * Winnowing fingerprints of the stripped syllables (winnow.ts), signed 32-bit, for PostgreSQL
   * integer[]: they find a text from a part of it (a cut or quoted repost), which LSH cannot.
   */
  winnow_keys: number[];
  /** Syllables the shingles were made from (not stored): says whether they are word pairs. */
  syllables?: number;
}

export interface MatchScheme extends MinHashScheme {
  normalizationVersion: number;
  winnow: WinnowScheme;
}

export const MATCH_SCHEME: MatchScheme = { ...DEFAULT_SCHEME, normalizationVersion: NORMALIZATION_VERSION, winnow: WINNOW_SCHEME };

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
    winnow_keys: winnowFingerprints(n.strippedSyllables, scheme.winnow ?? WINNOW_SCHEME),
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

/**
 * A cut or quoted repost: 35–60 % of a stored text, alone or inside someone's commentary. Neither
 * Jaccard nor containment of the smaller text sees it (the commentary dilutes the query). It is
 * recognized by the passage the two texts share: shingles that follow each other in both, in runs
 * of at least PASSAGE_RUN (same-topic texts share scattered word pairs, not runs), at least
 * MIN_PASSAGE_SHINGLES of them, making up at least PASSAGE_AT of either text. bench/match-quality
 * measured PASSAGE_RUN 4–8 × PASSAGE_AT 0.3–0.4: 4 and 0.35 keep precision ≥ 0.99 on same-site
 * texts with the most recall on quotes.
 * Such a match is 'similar' with `partial` set: a suggested relation for reviewers, never a merge.
 * Measured in bench/match-quality (fragments section), on same-site and same-article negatives.
 */
export const PASSAGE_RUN = 4;
// As for containment: from 20 shingles (about 20 syllables) up, so a stock sentence does not count.
export const MIN_PASSAGE_SHINGLES = MIN_CONTAINED_SHINGLES;
export const PASSAGE_AT = 0.35;

export interface Comparison {
  /** 1 for an exact key, else the exact Jaccard of the shingle sets. */
  score: number;
  /** Share of the smaller text's shingles found in the other. */
  containment: number;
  level: MatchLevel | null;
  /** Share of the query's shingles inside passages it shares with the candidate (runs ≥ PASSAGE_RUN). */
  query_in_passages: number;
  /** Share of the candidate's shingles inside passages it shares with the query. */
  candidate_in_passages: number;
  /** The level comes from a shared passage only (a cut or quoted repost): always 'similar'. */
  partial: boolean;
}

/** Scores a stored candidate against the query, and says whether and how it matches. */
export function compareFingerprints(query: TextFingerprint, candidate: Pick<TextFingerprint, 'normalized_hash' | 'stripped_hash' | 'shingles'>): Comparison {
  if (candidate.normalized_hash === query.normalized_hash || candidate.stripped_hash === query.stripped_hash) {
    return { score: 1, containment: 1, level: 'duplicate', query_in_passages: 1, candidate_in_passages: 1, partial: false };
  }
  const a = new Set(query.shingles);
  const b = new Set(candidate.shingles);
  if (a.size === 0 || b.size === 0) return { score: 0, containment: 0, level: null, query_in_passages: 0, candidate_in_passages: 0, partial: false };
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  const score = inter / (a.size + b.size - inter);
  const containment = inter / small.size;
  const whole = matchLevel(score) ?? (containment >= CONTAINED_AT && small.size >= MIN_CONTAINED_SHINGLES ? 'similar' : null);
  // Passages only where there can be enough of them: most candidates share a few pairs at most.
  const inRuns = inter >= MIN_PASSAGE_SHINGLES ? sharedRuns(query.shingles, candidate.shingles, PASSAGE_RUN).inRuns : 0;
  const query_in_passages = inRuns / a.size;
  const candidate_in_passages = inRuns / b.size;
  const partial = whole === null && inRuns >= MIN_PASSAGE_SHINGLES && Math.max(query_in_passages, candidate_in_passages) >= PASSAGE_AT;
  return { score, containment, level: whole ?? (partial ? 'similar' : null), query_in_passages, candidate_in_passages, partial };
}
