import { sharedWordPairs, textLinkLevel, type TextEvidence } from '../core/case-merge.ts';
import { uuidv7 } from '../core/ids.ts';
import { DEFAULT_MATCH_THRESHOLDS, type MatchThresholds } from '../core/match-thresholds.ts';
import { compareFingerprints, fingerprintText, MATCH_SCHEME, type MatchScheme } from '../core/text-fingerprint.ts';
import { claimUnfingerprintedItems, shareTextIndex, findTextCandidatesOfMany, insertFingerprints, markItemsFingerprinted } from '../repositories/text-fingerprint.repository.ts';
import { recordItemExtraction } from '../repositories/notice-item-extraction.repository.ts';
import { extractArticles, notExtractable } from '../text/extract-pool.ts';
import { startBackgroundLoop } from './background-loop.ts';
import { startRelating, type CaseMatch } from './case-relate.ts';
import type { ServiceContext } from './context.ts';

/**
 * Fingerprints the texts that came in with notices (a pasted page reduced to its article) and
 * relates the cases that hold them (case-relate.ts, the same path as images): from the suggest
 * level (MINHBACH_MATCH_SUGGEST_AT, default 0.8) a match is a suggested duplicate for the
 * platform's reviewers, and from the merge level (MINHBACH_MATCH_MERGE_AT, default 0.8) an open
 * case on the same platform joins the other, on evidence no single submitter controls and never
 * for a pair a reviewer marked not the same (case-merge.ts); a similar text (≥ 0.6, or a cut
 * repost) is linked, so reviewers see the same claim reposted elsewhere. Runs beside intake, not
 * in it: a submission never waits for it, and several processes share the work (items are claimed
 * with SKIP LOCKED).
 */
export async function linkPendingFingerprints(
  ctx: ServiceContext,
  limit = 200,
  scheme: MatchScheme = MATCH_SCHEME,
  thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    await shareTextIndex(tx);
    const items = await claimUnfingerprintedItems(tx, limit);
    const at = ctx.now();
    // Pages are parsed in the extraction pool, off the event loop and within a time budget. A text
    // that cannot be extracted is recorded as such and not fingerprinted; it is not tried again.
    const articles = await extractArticles(items.map((i) => ({ text: i.text })));
    const fresh = items.flatMap((i, n) => {
      const article = articles[n]!;
      const fp = article.ok ? fingerprintText(article.value.text, scheme) : null;
      return fp ? [{ id: uuidv7(i.created_at.getTime()), case_id: i.case_id, notice_id: i.notice_id, created_at: i.created_at, ...fp }] : [];
    });
    // Stored first, so texts of the same batch find each other too.
    await insertFingerprints(tx, fresh);
    // Who submitted each text: a merge needs texts from two organizations (case-merge.ts).
    const submitterOf = new Map(items.map((i) => [i.notice_id, i.submitter_org_id]));
    const relating = startRelating(tx, at, thresholds);
    // One lookup for the whole batch; merges made while relating are followed by `relating`.
    const candidatesOf = await findTextCandidatesOfMany(
      tx,
      fresh.map((fp) => ({ ...fp, exclude_case_id: fp.case_id })),
    );
    for (const [n, fp] of fresh.entries()) {
      const submitter = submitterOf.get(fp.notice_id)!;
      const matches: CaseMatch[] = [];
      for (const cand of candidatesOf[n]!) {
        const cmp = compareFingerprints(fp, cand);
        const level = textLinkLevel(cmp, thresholds);
        if (!level) continue;
        // Every duplicate at the merge level counts towards a merge, with both texts' submitters.
        const texts: TextEvidence[] =
          level === 'duplicate' && cmp.score >= thresholds.text.mergeAt
            ? [{ score: cmp.score, shared_word_pairs: sharedWordPairs(fp, cand, scheme.shortTextSyllables), submitters: [submitter, cand.submitter_org_id] }]
            : [];
        matches.push({ case_id: cand.case_id, level, score: cmp.score, basis: 'text', evidence: { texts } });
      }
      await relating.relate(fp.case_id, matches);
    }
    await relating.finish();
    await recordItemExtraction(
      tx,
      items.map((i, n) => ({ notice_id: i.notice_id, position: i.position, not_extractable: notExtractable(articles[n]!) })),
    );
    await markItemsFingerprinted(tx, items, at);
    return items.length;
  });
}

/** Links until nothing is pending, then every `intervalMs`; stops when the returned function is called. */
export function startLinker(
  ctx: ServiceContext,
  options: { intervalMs: number; batchSize?: number; thresholds?: MatchThresholds; onError: (e: unknown) => void },
): () => Promise<void> {
  // Small batches by default: in the API process the linker must not hold up requests for long.
  // A worker takes bigger ones.
  return startBackgroundLoop(() => linkPendingFingerprints(ctx, options.batchSize ?? 25, MATCH_SCHEME, options.thresholds ?? DEFAULT_MATCH_THRESHOLDS), options);
}
