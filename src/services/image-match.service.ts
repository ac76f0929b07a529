/**
 * "Has this picture been reported already?" — the image half of POST /api/v1/match. The picture is
 * decoded and hashed in the hashing workers (image-hash.ts: off the event loop, with a budget), then
 * looked up in the PDQ index: its full hash against the stored pictures and their crop variants,
 * its own crop variants against the stored pictures' full hashes (so a cropped copy finds the
 * original and the original finds a cropped copy: pdq-variants.ts). A match is a case holding a
 * picture within the match distance (PDQ_MATCH_DISTANCE, 31 of 256 bits, the distance hash-sharing
 * programs match on). Cases the caller may see are described; of the others the answer says only
 * `already_reported` (case-visibility.ts), as for texts.
 */
import { MIN_PDQ_QUALITY, imageScore } from '../core/match-thresholds.ts';
import { decodeImageDataUrl } from '../core/notice-images.ts';
import { PDQ_MATCH_DISTANCE } from '../core/pdq.ts';
import { hashImage } from '../images/image-hash.ts';
import { findCasesByIds } from '../repositories/case.repository.ts';
import { casesHoldingImages } from '../repositories/image-link.repository.ts';
import { findPdqMatches } from '../repositories/pdq-index.repository.ts';
import { visibleCaseIds } from './case-visibility.ts';
import { matchContent, type CaseMatch, type MatchInput, type MatchResult, type MatchViewer } from './match.service.ts';
import type { ServiceContext } from './context.ts';

export interface ImageCaseMatch {
  case_id: string;
  platform: string;
  status: string;
  category: string;
  /** The share of the 256 PDQ bits that agree (1 for the same picture). */
  score: number;
  level: 'duplicate';
  matched_by: 'image';
  basis: 'image';
  /** PDQ distance between the picture sent and the closest picture of the case (0–31). */
  distance: number;
}

export interface ImageMatchResult {
  /** Whether any case, whoever's, holds this picture or a near copy of it. */
  already_reported: boolean;
  /** The matching cases the caller may see, closest first, at most 50. */
  matches: ImageCaseMatch[];
}

/** Pictures looked at per query at most: a picture copied onto more cases than this is reported already. */
const MAX_PICTURES = 200;

export async function matchImage(ctx: ServiceContext, viewer: MatchViewer, bytes: Uint8Array, field = 'image', maxDistance = PDQ_MATCH_DISTANCE): Promise<ImageMatchResult> {
  const image = await hashImage(bytes, field);
  const best = new Map<string, number>(); // stored picture → closest distance
  const note = (sha256: string, distance: number) => best.set(sha256, Math.min(distance, best.get(sha256) ?? Infinity));
  // The same bytes are the same picture whatever their hash says.
  note(image.sha256, 0);
  // A nearly flat picture's hash (a blank, a solid colour) is close to unrelated ones: only the
  // same bytes count then, as for the image linker (MIN_PDQ_QUALITY).
  if (image.quality >= MIN_PDQ_QUALITY) {
    // Two statements, side by side on PostgreSQL's pool: the full hash against every stored hash,
    // the crop variants against stored full hashes only (pdq-variants.ts).
    const [whole, crops] = await Promise.all([
      findPdqMatches(ctx.db, [image.pdq], { maxDistance, ownerKind: 'image', limit: MAX_PICTURES }),
      image.variants.length ? findPdqMatches(ctx.db, image.variants, { maxDistance, ownerKind: 'image', limit: MAX_PICTURES, storedVariants: false }) : [],
    ]);
    for (const m of [...whole, ...crops]) note(m.owner_id, m.distance);
  }
  const holders = (await casesHoldingImages(ctx.db, [...best.keys()])).filter((h) => h.sha256 === image.sha256 || h.quality >= MIN_PDQ_QUALITY);
  const byCase = new Map<string, number>();
  for (const h of holders) byCase.set(h.case_id, Math.min(best.get(h.sha256)!, byCase.get(h.case_id) ?? Infinity));
  const cases = await findCasesByIds(ctx.db, [...byCase.keys()]);
  const visible = viewer === 'operator' ? null : await visibleCaseIds(ctx.db, viewer, cases);
  const matches = cases
    .filter((c) => visible === null || visible.has(c.id))
    .map((c): ImageCaseMatch => {
      const distance = byCase.get(c.id)!;
      return {
        case_id: c.id,
        platform: c.platform,
        status: c.status,
        category: c.category,
        score: imageScore(distance),
        level: 'duplicate',
        matched_by: 'image',
        basis: 'image',
        distance,
      };
    })
    .sort((a, b) => a.distance - b.distance || (a.case_id < b.case_id ? -1 : 1))
    .slice(0, 50);
  return { already_reported: cases.length > 0, matches };
}

/** What POST /api/v1/match takes: a URL, a text or a page (match.service.ts), a picture, or a picture beside one of those. */
export interface ContentAndImageInput extends MatchInput {
  image?: { data_url: string };
}

export type ContentAndImageResult = Omit<MatchResult, 'matches'> & { matches: (CaseMatch | ImageCaseMatch)[] };

/**
 * The match of a URL, text or page (match.service.ts) and of a picture, answered together: already
 * reported if either is; the cases found by either, each with what it matched by. The picture's
 * data URL is checked (type, size, base64) before any work is done on the rest.
 */
export async function matchContentAndImage(ctx: ServiceContext, viewer: MatchViewer, input: ContentAndImageInput): Promise<ContentAndImageResult> {
  const { image, ...content } = input;
  const hasContent = content.url !== undefined || content.text !== undefined || content.html !== undefined;
  if (image === undefined) return matchContent(ctx, viewer, content);
  const bytes = decodeImageDataUrl(image.data_url, 'image');
  const pictures = await matchImage(ctx, viewer, bytes, 'image');
  const rest = hasContent ? await matchContent(ctx, viewer, content) : { canonical: null, title: null, text: null, already_reported: false, matches: [] };
  return { ...rest, already_reported: rest.already_reported || pictures.already_reported, matches: [...rest.matches, ...pictures.matches] };
}
