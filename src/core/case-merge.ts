import type { CaseStatus } from './case-state.ts';
import { DEFAULT_MATCH_THRESHOLDS, MIN_PDQ_QUALITY, type MatchThresholds } from './match-thresholds.ts';

export interface MergeableCase {
  id: string;
  platform: string;
  status: CaseStatus;
  created_at: Date;
}

/**
 * Distinct word pairs (syllable bigrams) two texts must share before their match may merge cases.
 * A stock line such as "Nhận quà miễn phí tại đây" (6 syllables, 5 pairs) is pasted under
 * thousands of unrelated posts; one real sentence of Vietnamese runs 15 to 25 syllables. Twenty
 * distinct pairs is a sentence of content that is not a repeated slogan (repeating a phrase adds
 * no new pairs), and still well under the 60-odd syllables of a short real post.
 */
export const MIN_MERGE_WORD_PAIRS = 20;

/** One stored text on each of two cases that matched. */
export interface TextEvidence {
  /** Jaccard of the two shingle sets (1 for the same text). */
  score: number;
  /** Distinct word pairs both texts hold; 0 for texts too short to be shingled by words. */
  shared_word_pairs: number;
  /** The organization that submitted each of the two texts. */
  submitters: readonly [string, string];
}

/** One stored image on each of two cases whose PDQ hashes matched (image-linker.service.ts). */
export interface ImageEvidence {
  /** Hamming distance of the two PDQ hashes (0 for the same picture). */
  distance: number;
  /** The lower PDQ quality of the two images. */
  quality: number;
  /** The organization that submitted each of the two images. */
  submitters: readonly [string, string];
}

export interface MergeEvidence {
  texts: readonly TextEvidence[];
  images?: readonly ImageEvidence[];
  /**
   * The platform confirmed the two cases are the same content, which needs no text rule. The
   * platform's own confirmation (POST /cases/{id}/related/{related_id}) has rules of its own about
   * which case survives: `confirmedMergePlan` in duplicate-review.ts.
   */
  platform_confirmed?: boolean;
}

/** Two cases, in either order: a pair a platform's reviewer marked not the same content. */
export interface CasePair {
  case_id: string;
  related_case_id: string;
}

/**
 * Why an automatic merge is allowed: the evidence that met the merge level, for the timeline
 * (which basis and which threshold applied).
 */
export type MergeGround = { basis: 'text'; score: number; merge_at: number } | { basis: 'image'; distance: number; merge_distance: number } | { basis: 'platform' };

const twoSubmitters = (e: { submitters: readonly [string, string] }) => e.submitters[0] !== e.submitters[1];

/**
 * The evidence that lets two cases merge without any one submitter able to make it so, or null:
 * a submitter that pasted one post's text (or picture) under another URL would otherwise move that
 * case (its notices, its clock, its URL) into a case of its choosing. It takes, from two different
 * organizations, a substantial text duplicate at the merge level (and on enough words to mean it:
 * `MIN_MERGE_WORD_PAIRS`), or an image at the merge distance whose hash says something (quality ≥
 * `MIN_PDQ_QUALITY`); or the platform's confirmation. The strongest such evidence is named.
 * Otherwise the cases are only linked, as a suggested duplicate for the reviewer.
 */
export function mergeGround(e: MergeEvidence, thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS): MergeGround | null {
  if (e.platform_confirmed === true) return { basis: 'platform' };
  const { mergeAt } = thresholds.text;
  const text = e.texts
    .filter((t) => t.score >= mergeAt && t.shared_word_pairs >= MIN_MERGE_WORD_PAIRS && twoSubmitters(t))
    .reduce<TextEvidence | null>((best, t) => (best && best.score >= t.score ? best : t), null);
  if (text) return { basis: 'text', score: Math.round(text.score * 1000) / 1000, merge_at: mergeAt };
  const { mergeDistance } = thresholds.image;
  const image = (e.images ?? [])
    .filter((i) => i.distance <= mergeDistance && i.quality >= MIN_PDQ_QUALITY && twoSubmitters(i))
    .reduce<ImageEvidence | null>((best, i) => (best && best.distance <= i.distance ? best : i), null);
  if (image) return { basis: 'image', distance: image.distance, merge_distance: mergeDistance };
  return null;
}

/** Whether the evidence lets two cases merge (`mergeGround`). */
export function isMergeEvidence(e: MergeEvidence, thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS): boolean {
  return mergeGround(e, thresholds) !== null;
}

/** Whether a platform's reviewer said these two cases are not the same content (either direction). */
export function markedNotSame(a: string, b: string, notSame: readonly CasePair[]): boolean {
  return notSame.some((p) => (p.case_id === a && p.related_case_id === b) || (p.case_id === b && p.related_case_id === a));
}

/**
 * Whether two cases whose texts matched become one, and which one survives.
 *
 * Only on evidence no single submitter controls (`isMergeEvidence`, at the merge level of
 * `thresholds`), and never for a pair a platform's reviewer marked not the same content (`notSame`:
 * the dismissed `case_links`, which a merge hands on to the surviving case): a rejection is final
 * for the machine, however strongly later texts or images match. The newer case joins the
 * older one, so the case reviewers already work on stays where it is. Only a case nobody has acted
 * on yet can be absorbed (still `received`): one under review or decided has a reviewer or a
 * statement of reasons tied to it. It joins only a case that is still open before any decision
 * (`received` or `in_review`): a decided case's statement names its own content, so a repost of
 * decided content is linked as a duplicate instead, for the reviewer to decide the same way. Both
 * must be on the same platform, because the platform is who acts: the same text on another
 * platform is another platform's case, linked, not merged.
 */
export function mergePlan(
  a: MergeableCase,
  b: MergeableCase,
  evidence: MergeEvidence,
  options: { thresholds?: MatchThresholds; notSame?: readonly CasePair[] } = {},
): { from: string; into: string } | null {
  if (!isMergeEvidence(evidence, options.thresholds) || a.id === b.id || a.platform !== b.platform) return null;
  if (markedNotSame(a.id, b.id, options.notSame ?? [])) return null;
  const aFirst = a.created_at.getTime() < b.created_at.getTime() || (a.created_at.getTime() === b.created_at.getTime() && a.id < b.id);
  const [older, newer] = aFirst ? [a, b] : [b, a];
  if (newer.status !== 'received') return null;
  if (older.status !== 'received' && older.status !== 'in_review') return null;
  return { from: newer.id, into: older.id };
}

/**
 * Distinct word pairs two fingerprinted texts share. Texts under `shortTextSyllables` are shingled
 * by characters (see minhash.ts `shingles`): their shingles are not words, so they share none. A
 * duplicate of a word-shingled text is word-shingled too (the two kinds never hash alike).
 */
export function sharedWordPairs(query: { syllables?: number; shingles: readonly number[] }, candidate: { shingles: readonly number[] }, shortTextSyllables: number): number {
  if ((query.syllables ?? 0) < shortTextSyllables) return 0;
  const mine = new Set(query.shingles);
  let shared = 0;
  for (const s of new Set(candidate.shingles)) if (mine.has(s)) shared++;
  return shared;
}

/**
 * How a text match between two cases is shown to reviewers: a suggested duplicate from the
 * suggest level up, else similar when `compareFingerprints` found it so (a near copy, or a cut
 * repost contained in the other), else not at all.
 */
export function textLinkLevel(
  cmp: { score: number; level: 'duplicate' | 'similar' | null; partial?: boolean },
  thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS,
): 'duplicate' | 'similar' | null {
  // A match on a shared passage only (a cut or quoted repost, text-fingerprint.ts) is related content, never the same.
  if (cmp.partial) return 'similar';
  if (cmp.score >= thresholds.text.suggestAt) return 'duplicate';
  return cmp.level ? 'similar' : null;
}
