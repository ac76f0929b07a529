import { isMergeEvidence, mergePlan, sharedWordPairs, type MergeEvidence, type TextEvidence } from '../core/case-merge.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Db } from '../db/db.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { lockCases, mergeCases } from '../repositories/case-merge.repository.ts';
import { compareFingerprints, fingerprintText, MATCH_SCHEME, type Comparison, type MatchScheme } from '../core/text-fingerprint.ts';
import {
  claimUnfingerprintedItems,
  shareTextIndex,
  findTextCandidatesOfMany,
  insertFingerprints,
  markItemsFingerprinted,
  upsertCaseLinks,
  type CaseLinkRow,
} from '../repositories/text-fingerprint.repository.ts';
import { recordItemExtraction } from '../repositories/notice-item-extraction.repository.ts';
import { extractArticles, notExtractable } from '../text/extract-pool.ts';
import { startBackgroundLoop } from './background-loop.ts';
import type { ServiceContext } from './context.ts';

/** A text reported on very many cases links to its best matches only, not to every one of them. */
const MAX_LINKS_PER_TEXT = 20;

/**
 * Fingerprints the texts that came in with notices (a pasted page reduced to its article) and
 * relates the cases that hold them: a near-duplicate (≥ 0.8) of an open case on the same platform
 * joins it (see case-merge.ts for when), any other duplicate or similar text (≥ 0.6) is linked,
 * so reviewers see the same claim reposted elsewhere. Runs beside intake, not in it: a submission
 * never waits for it, and several processes share the work (items are claimed with SKIP LOCKED).
 */
export async function linkPendingFingerprints(ctx: ServiceContext, limit = 200, scheme: MatchScheme = MATCH_SCHEME): Promise<number> {
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
    // Cases merged in this batch, so later texts of the batch use the surviving case.
    const mergedInto = new Map<string, string>();
    const live = (id: string) => mergedInto.get(id) ?? id;
    const links = new Map<string, CaseLinkRow>();
    // One lookup for the whole batch; merges made below are applied through `live`.
    const candidatesOf = await findTextCandidatesOfMany(
      tx,
      fresh.map((fp) => ({ ...fp, exclude_case_id: fp.case_id })),
    );
    for (const [n, fp] of fresh.entries()) {
      let self = live(fp.case_id);
      const best = new Map<string, Comparison>();
      // Every duplicate text of each other case, with both texts' submitters.
      const evidence = new Map<string, TextEvidence[]>();
      const submitter = submitterOf.get(fp.notice_id)!;
      for (const cand of candidatesOf[n]!) {
        const other = live(cand.case_id);
        const cmp = compareFingerprints(fp, cand);
        if (other !== self && cmp.level && cmp.score > (best.get(other)?.score ?? -1)) best.set(other, cmp);
        if (other !== self && cmp.level === 'duplicate') {
          const text = { score: cmp.score, shared_word_pairs: sharedWordPairs(fp, cand, scheme.shortTextSyllables), submitters: [submitter, cand.submitter_org_id] as const };
          evidence.set(other, [...(evidence.get(other) ?? []), text]);
        }
      }
      const ranked = [...best].sort((x, y) => y[1].score - x[1].score);
      for (const [other, cmp] of ranked) {
        if (cmp.level !== 'duplicate') break;
        // Without evidence no single submitter controls, the duplicate is only suggested: linked below.
        const proof: MergeEvidence = { texts: evidence.get(other) ?? [] };
        if (!isMergeEvidence(proof)) continue;
        const merge = await mergeIfDuplicate(tx, self, other, proof, cmp.score, at);
        if (!merge) continue;
        mergedInto.set(merge.from, merge.into);
        for (const [k, v] of mergedInto) if (v === merge.from) mergedInto.set(k, merge.into);
        self = merge.into;
        break;
      }
      for (const [other, cmp] of ranked.slice(0, MAX_LINKS_PER_TEXT)) {
        const [a, b] = self < other ? [self, other] : [other, self];
        if (a === b) continue;
        const key = `${a} ${b}`;
        const prior = links.get(key);
        if (!prior || prior.score < cmp.score) links.set(key, { case_id: a, related_case_id: b, level: cmp.level!, score: cmp.score });
      }
    }
    // Links gathered before a later merge of the batch are re-pointed to the surviving case.
    const final = new Map<string, CaseLinkRow>();
    for (const l of links.values()) {
      const [a, b] = [live(l.case_id), live(l.related_case_id)].sort() as [string, string];
      if (a === b) continue;
      const prior = final.get(`${a} ${b}`);
      if (!prior || prior.score < l.score) final.set(`${a} ${b}`, { ...l, case_id: a, related_case_id: b });
    }
    await upsertCaseLinks(tx, [...final.values()], at);
    await recordItemExtraction(
      tx,
      items.map((i, n) => ({ notice_id: i.notice_id, position: i.position, not_extractable: notExtractable(articles[n]!) })),
    );
    await markItemsFingerprinted(tx, items, at);
    return items.length;
  });
}

/**
 * Merges one of the two cases into the other when `mergePlan` says so, deciding on rows locked
 * in this transaction (a reviewer may have started on one of them a moment ago).
 */
async function mergeIfDuplicate(tx: Db, a: string, b: string, evidence: MergeEvidence, score: number, at: Date): Promise<{ from: string; into: string } | null> {
  const locked = await lockCases(tx, [a, b]);
  if (locked.length !== 2) return null;
  const plan = mergePlan(locked[0]!, locked[1]!, evidence);
  if (!plan) return null;
  const moved = await mergeCases(tx, { ...plan, score, at });
  const rounded = Math.round(score * 1000) / 1000;
  await insertCaseEvents(tx, [
    { id: uuidv7(at.getTime()), case_id: plan.into, at, actor_org_id: null, type: 'case_merged', data: { merged_case_id: plan.from, score: rounded, notice_items: moved } },
    { id: uuidv7(at.getTime()), case_id: plan.from, at, actor_org_id: null, type: 'merged_into', data: { case_id: plan.into, score: rounded } },
  ]);
  // Under both cases' row locks, like every event of a case. The surviving case is the one to follow.
  await appendEvents(tx, [
    {
      id: uuidv7(at.getTime()),
      type: 'case.merged',
      at,
      org_id: null,
      case_id: plan.into,
      data: { case_id: plan.into, merged_case_id: plan.from, score: rounded, notice_items: moved },
    },
  ]);
  return plan;
}

/** Links until nothing is pending, then every `intervalMs`; stops when the returned function is called. */
export function startLinker(ctx: ServiceContext, options: { intervalMs: number; batchSize?: number; onError: (e: unknown) => void }): () => Promise<void> {
  // Small batches by default: in the API process the linker must not hold up requests for long.
  // A worker takes bigger ones.
  return startBackgroundLoop(() => linkPendingFingerprints(ctx, options.batchSize ?? 25), options);
}
