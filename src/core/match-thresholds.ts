import { PDQ_MATCH_DISTANCE } from './pdq.ts';
import { DUPLICATE_AT } from './text-fingerprint.ts';

/**
 * The two levels of safe merging (issue 15), for texts and for images: at the *suggest* level a
 * match is shown to the platform's reviewers as a suggested duplicate, to confirm or reject; only
 * at the *merge* level, and only on evidence no single submitter controls (case-merge.ts), do the
 * two cases become one. Settings (src/config.ts); the rules take them as parameters.
 */
export interface TextThresholds {
  /** Score (Jaccard of the shingle sets, 1 for the same text) from which a match is a suggested duplicate. */
  suggestAt: number;
  /** Score from which a match may merge two cases. Never below `suggestAt`. */
  mergeAt: number;
}

export interface ImageThresholds {
  /** PDQ distance (of 256 bits) up to which two images are a suggested duplicate. */
  suggestDistance: number;
  /** PDQ distance up to which two images may merge two cases. Never above `suggestDistance`. */
  mergeDistance: number;
}

export interface MatchThresholds {
  text: TextThresholds;
  image: ImageThresholds;
}

/**
 * Text: today's behaviour, both at 0.8. bench/results/match-quality.md measured 0 of 3,893
 * unrelated pairs above 0.266 and every copy meant as a duplicate (accents stripped, teencode,
 * look-alike letters, one word swapped, an alarm prefix) at 0.833 or more: raising the merge level
 * would only leave those to reviewers, lowering it gains nothing the data shows.
 */
export const DEFAULT_TEXT_THRESHOLDS: TextThresholds = { suggestAt: DUPLICATE_AT, mergeAt: DUPLICATE_AT };

/**
 * Images: suggested at the distance hash-sharing programs match on (31). Merged only at 16 or
 * less: the PDQ reference's own tolerance between implementations, which the measured copies that
 * are plainly the same picture stay within (src/images/pdq-vectors.test.ts: re-encoded at JPEG
 * quality 50 ≤ 6, a corner watermark ≤ 10, the reference's blur/sharpen/contrast/squash
 * modifications ≤ 14). A halved copy (measured up to 20) or a slight crop (20–30) is suggested,
 * not merged; distinct pictures were 110 apart or more (random hashes average 128).
 */
export const DEFAULT_IMAGE_THRESHOLDS: ImageThresholds = { suggestDistance: PDQ_MATCH_DISTANCE, mergeDistance: 16 };

export const DEFAULT_MATCH_THRESHOLDS: MatchThresholds = { text: DEFAULT_TEXT_THRESHOLDS, image: DEFAULT_IMAGE_THRESHOLDS };

/**
 * Bounds of the settings. Below 0.5 a "duplicate" shares less than half its word pairs, and the
 * LSH lookup (32 bands of 5 rows) rarely finds such pairs anyway. Beyond 63 bits two PDQ hashes
 * are no more alike than distinct pictures come (measured ≥ 110).
 */
export const MIN_TEXT_THRESHOLD = 0.5;
export const MAX_IMAGE_DISTANCE = 63;

/**
 * PDQ's own quality score below which a hash says little (a near-flat picture: a blank, a solid
 * colour); the PDQ paper advises not to match on such hashes at all. Such images are not related.
 */
export const MIN_PDQ_QUALITY = 50;

/** The score stored for an image match beside its distance: the share of the 256 bits that agree. */
export function imageScore(distance: number): number {
  return 1 - distance / 256;
}
