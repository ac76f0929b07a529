import type { CaseStatus } from './case-state.ts';
import { DUPLICATE_AT } from './text-fingerprint.ts';

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

export interface MergeEvidence {
  texts: readonly TextEvidence[];
  /**
   * The platform confirmed the two cases are the same content, which needs no text rule. The
   * platform's own confirmation (POST /cases/{id}/related/{related_id}) has rules of its own about
   * which case survives: `confirmedMergePlan` in duplicate-review.ts.
   */
  platform_confirmed?: boolean;
}

/** A text pair that says two contents are the same, on enough text to mean it. */
function substantial(t: TextEvidence): boolean {
  return t.score >= DUPLICATE_AT && t.shared_word_pairs >= MIN_MERGE_WORD_PAIRS;
}

/**
 * Whether texts prove two cases hold the same content, without any one submitter able to make it
 * so: a submitter that pasted one post's text under another URL would otherwise move that case
 * (its notices, its clock, its URL) into a case of its choosing. It takes a substantial duplicate
 * whose two texts came from two different organizations, or the platform's confirmation.
 * Otherwise the cases are only linked, as a suggested duplicate for the reviewer.
 */
export function isMergeEvidence(e: MergeEvidence): boolean {
  return e.platform_confirmed === true || e.texts.some((t) => substantial(t) && t.submitters[0] !== t.submitters[1]);
}

/**
 * Whether two cases whose texts matched become one, and which one survives.
 *
 * Only on evidence no single submitter controls (`isMergeEvidence`). The newer case joins the
 * older one, so the case reviewers already work on stays where it is. Only a case nobody has acted
 * on yet can be absorbed (still `received`): one under review or decided has a reviewer or a
 * statement of reasons tied to it. It joins only a case that is still open before any decision
 * (`received` or `in_review`): a decided case's statement names its own content, so a repost of
 * decided content is linked as a duplicate instead, for the reviewer to decide the same way. Both
 * must be on the same platform, because the platform is who acts: the same text on another
 * platform is another platform's case, linked, not merged.
 */
export function mergePlan(a: MergeableCase, b: MergeableCase, evidence: MergeEvidence): { from: string; into: string } | null {
  if (!isMergeEvidence(evidence) || a.id === b.id || a.platform !== b.platform) return null;
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
