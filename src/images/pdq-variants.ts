/**
 * Crop variants: extra PDQ hashes of a stored picture, so that a cropped copy still matches.
 *
 * PDQ keeps the 16 lowest frequencies of the picture squeezed to 64×64, so trimming a strip shifts
 * every phase: a 10% crop moves the hash 80–150 bits, far past the match distance of 31. Hashing the
 * same crops of the stored picture fixes that for the crops a re-poster makes most: 10% off one
 * side, off a corner (two adjacent sides) or around the centre (5% off each side). The hash of such a
 * copy is within 0–16 bits of the variant of the same crop. The window is narrow — a crop of 8% or
 * 12% is again 20–50 bits from both the full hash and the 10% variant — so the variants cover the
 * 10% crops the issue names, not every crop.
 *
 * Matching compares a query's full hash with the stored full hashes and variants, and a query's own
 * variants only with stored FULL hashes (the stored picture may be the cropped one). Variants are
 * never compared with variants: measured over 15,375 pairs of unrelated pictures (the PDQ test
 * images, this project's screenshots, diagrams and icons from the machine), full-to-variant pairs
 * stayed at 38 or more, variant-to-variant pairs went down to 20 (families of near-identical icons).
 *
 * Cost: 9 more PDQ hashes of the ≤512 px copy already decoded, about 4 ms each on one core (no
 * second decode), and 9 more rows in the PDQ index per stored image.
 */
import { pdqDistance, pdqHash, type PdqPixels } from '../core/pdq.ts';

/** A crop as fractions of the picture: left, top, right, bottom. */
export type CropRect = readonly [number, number, number, number];

const CUT = 0.1;

/** Centred 90%; 10% off each side; 10% off each corner (two adjacent sides). */
export const CROP_VARIANTS: readonly CropRect[] = [
  [CUT / 2, CUT / 2, 1 - CUT / 2, 1 - CUT / 2],
  [CUT, 0, 1, 1],
  [0, 0, 1 - CUT, 1],
  [0, CUT, 1, 1],
  [0, 0, 1, 1 - CUT],
  [CUT, CUT, 1, 1],
  [0, CUT, 1 - CUT, 1],
  [CUT, 0, 1, 1 - CUT],
  [0, 0, 1 - CUT, 1 - CUT],
];

/** The spec's advice: a hash of quality below this says too little to match on. */
const MIN_QUALITY = 50;

/** The pixels inside `rect` (fractions, rounded to whole pixels; at least one pixel each way). */
export function cropPixels(image: PdqPixels, [left, top, right, bottom]: CropRect): PdqPixels {
  const { width, height, channels } = image;
  const x0 = Math.min(width - 1, Math.round(left * width));
  const y0 = Math.min(height - 1, Math.round(top * height));
  const x1 = Math.max(x0 + 1, Math.round(right * width));
  const y1 = Math.max(y0 + 1, Math.round(bottom * height));
  const w = x1 - x0;
  const h = y1 - y0;
  const data = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * width + x0) * channels;
    data.set(image.data.subarray(from, from + w * channels), y * w * channels);
  }
  return { width: w, height: h, channels, data };
}

/**
 * The PDQ hashes of the crop variants of a picture (decoded, as decodeForPdq gives it), without
 * repeats and without those of quality below 50 (a crop of a nearly flat region).
 */
export function pdqVariants(image: PdqPixels, full?: string): string[] {
  const out: string[] = [];
  for (const rect of CROP_VARIANTS) {
    const { pdq, quality } = pdqHash(cropPixels(image, rect));
    if (quality >= MIN_QUALITY && pdq !== full && !out.includes(pdq)) out.push(pdq);
  }
  return out;
}

/** A picture's hashes: the whole picture and its crop variants. */
export interface PdqWithVariants {
  pdq: string;
  variants: readonly string[];
}

/**
 * The distance at which two pictures match through their variants, as the index searches it: the
 * query's full hash against the stored full hash and variants, and the query's variants against the
 * stored full hash only (never variant against variant; see above).
 */
export function variantMatchDistance(query: PdqWithVariants, stored: PdqWithVariants): number {
  let best = pdqDistance(query.pdq, stored.pdq);
  for (const v of stored.variants) best = Math.min(best, pdqDistance(query.pdq, v));
  for (const v of query.variants) best = Math.min(best, pdqDistance(v, stored.pdq));
  return best;
}
