import { DEFAULT_MATCH_THRESHOLDS, imageScore, MIN_PDQ_QUALITY, type MatchThresholds } from '../core/match-thresholds.ts';
import { casesHoldingImages, claimUnlinkedImages, markImagesLinked, type ImageOnCase } from '../repositories/image-link.repository.ts';
import { findPdqHashes, findPdqMatches } from '../repositories/pdq-index.repository.ts';
import { startBackgroundLoop } from './background-loop.ts';
import { startRelating, type CaseMatch } from './case-relate.ts';
import type { ServiceContext } from './context.ts';

/** The PDQ lookup (pdq-index.repository.ts); a parameter so tests can stand in for the index. */
export type PdqLookup = typeof findPdqMatches;

/**
 * Relates the cases holding the images attached to notices, by the same rules as texts
 * (case-relate.ts): an image within the suggest distance (MINHBACH_IMAGE_SUGGEST_DISTANCE, default
 * 31 bits of PDQ's 256) of an image on another case makes that case a suggested duplicate; within
 * the merge distance (MINHBACH_IMAGE_MERGE_DISTANCE, default 16), with the two images attached by
 * two different organizations, an open case on the same platform joins the other — never a pair a
 * reviewer marked not the same. The same bytes on two cases are distance 0. An image whose hash has
 * a PDQ quality under 50 (a blank, a solid colour) relates nothing: such hashes match unrelated
 * pictures. Runs beside intake, like the text linker; attachments are claimed with SKIP LOCKED.
 */
export async function linkPendingImages(
  ctx: ServiceContext,
  thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS,
  limit = 100,
  lookup: PdqLookup = findPdqMatches,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const pending = await claimUnlinkedImages(tx, limit);
    if (pending.length === 0) return 0;
    const at = ctx.now();
    const usable = pending.filter((p) => p.quality >= MIN_PDQ_QUALITY);
    // Each distinct hash once: the same picture attached twice in a batch is one lookup.
    const queries = [...new Set(usable.map((p) => p.pdq))];
    const full = queries.length ? await lookup(tx, queries, { maxDistance: thresholds.image.suggestDistance, ownerKind: 'image' }) : [];
    // The new picture's own crop variants against stored full hashes only (pdq-variants.ts): so a
    // picture whose crop was reported first finds that case too. Never variant against variant.
    const variantsOf = await findPdqHashes(tx, 'image', [...new Set(usable.map((p) => p.sha256))]);
    const variantQueries = [...new Map(usable.map((p) => [p.pdq, p.sha256]))].flatMap(([pdq, sha256]) => (variantsOf.get(sha256) ?? []).slice(1).map((hex) => ({ pdq, hex })));
    const cropped = variantQueries.length
      ? await lookup(
          tx,
          variantQueries.map((v) => v.hex),
          { maxDistance: thresholds.image.suggestDistance, ownerKind: 'image', storedVariants: false },
        )
      : [];
    const found = [...full.map((f) => ({ ...f, pdq: queries[f.query]! })), ...cropped.map((f) => ({ ...f, pdq: variantQueries[f.query]!.pdq }))];
    // The closest distance of each stored image to each query hash.
    const near = new Map<string, Map<string, number>>();
    for (const f of found) {
      const pdq = f.pdq;
      const byImage = near.get(pdq) ?? new Map<string, number>();
      byImage.set(f.owner_id, Math.min(f.distance, byImage.get(f.owner_id) ?? Infinity));
      near.set(pdq, byImage);
    }
    const holders = new Map<string, ImageOnCase[]>();
    for (const h of await casesHoldingImages(tx, [...new Set(found.map((f) => f.owner_id))])) holders.set(h.sha256, [...(holders.get(h.sha256) ?? []), h]);

    const relating = startRelating(tx, at, thresholds);
    for (const p of usable) {
      const matches: CaseMatch[] = [];
      for (const [sha256, distance] of near.get(p.pdq) ?? []) {
        for (const h of holders.get(sha256) ?? []) {
          if (h.quality < MIN_PDQ_QUALITY) continue;
          matches.push({
            case_id: h.case_id,
            level: 'duplicate',
            score: imageScore(distance),
            basis: 'image',
            distance,
            evidence: { texts: [], images: [{ distance, quality: Math.min(p.quality, h.quality), submitters: [p.submitter_org_id, h.submitter_org_id] }] },
          });
        }
      }
      await relating.relate(p.case_id, matches);
    }
    await relating.finish();
    await markImagesLinked(tx, pending, at);
    return pending.length;
  });
}

/** Links images until nothing is pending, then every `intervalMs`; stops when the returned function is called. */
export function startImageLinker(
  ctx: ServiceContext,
  options: { intervalMs: number; batchSize?: number; thresholds?: MatchThresholds; onError: (e: unknown) => void },
): () => Promise<void> {
  return startBackgroundLoop(() => linkPendingImages(ctx, options.thresholds ?? DEFAULT_MATCH_THRESHOLDS, options.batchSize ?? 25), options);
}
