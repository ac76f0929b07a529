import { mergeGround, mergePlan, type MergeEvidence, type MergeGround } from '../core/case-merge.ts';
import { uuidv7 } from '../core/ids.ts';
import type { MatchThresholds } from '../core/match-thresholds.ts';
import type { Db } from '../db/db.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { findNotSamePairs, mergedCasesAmong, upsertCaseLinks, type CaseLinkWrite, type LinkBasis } from '../repositories/case-link.repository.ts';
import { lockCases, mergeCases } from '../repositories/case-merge.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';

/** Something of one case (a text, an image) matched something of another case. */
export interface CaseMatch {
  /** The other case (as it was when the match was read: merges of the batch are followed). */
  case_id: string;
  level: 'duplicate' | 'similar';
  score: number;
  basis: LinkBasis;
  /** PDQ distance, for an image match. */
  distance?: number;
  /** What this match says towards a merge: who submitted each side, how close. */
  evidence: MergeEvidence;
}

/** A content reported on very many cases links to its best matches only, not to every one of them. */
const MAX_LINKS_PER_ITEM = 20;

const strength = (m: { level: 'duplicate' | 'similar'; score: number }) => (m.level === 'duplicate' ? 1 : 0) + m.score;

/**
 * One linker batch's way of relating cases, the same for texts (linker.service.ts) and images
 * (image-linker.service.ts): `relate` takes everything one incoming item matched, merges its case
 * with the best-matching case when the rules allow (`mergePlan`: evidence no single submitter
 * controls at the merge level, same platform, open cases, never a pair marked not the same), and
 * keeps the rest as links — suggested duplicates from the suggest level, similar ones below —
 * written by `finish`. Merges of the batch are followed (`live`), so later items of the batch
 * relate to the surviving case. Runs inside the batch's transaction.
 */
export function startRelating(tx: Db, at: Date, thresholds: MatchThresholds) {
  const mergedInto = new Map<string, string>();
  const live = (id: string) => mergedInto.get(id) ?? id;
  const links = new Map<string, CaseLinkWrite>();

  async function relate(caseId: string, matches: readonly CaseMatch[]): Promise<{ merged: { from: string; into: string } | null }> {
    let self = live(caseId);
    // The strongest match per other case, and everything said towards merging with it.
    const best = new Map<string, CaseMatch>();
    const evidence = new Map<string, { texts: MergeEvidence['texts'][number][]; images: NonNullable<MergeEvidence['images']>[number][] }>();
    for (const m of matches) {
      const other = live(m.case_id);
      if (other === self) continue;
      const prior = best.get(other);
      if (!prior || strength(m) > strength(prior)) best.set(other, m);
      const e = evidence.get(other) ?? { texts: [], images: [] };
      e.texts.push(...m.evidence.texts);
      e.images.push(...(m.evidence.images ?? []));
      evidence.set(other, e);
    }
    const ranked = [...best].sort((x, y) => strength(y[1]) - strength(x[1]));
    let merged: { from: string; into: string } | null = null;
    for (const [other, m] of ranked) {
      if (m.level !== 'duplicate') break;
      // Without evidence no single submitter controls, the duplicate is only suggested: linked below.
      const proof = evidence.get(other)!;
      if (!mergeGround(proof, thresholds)) continue;
      merged = await mergeIfAllowed(tx, self, other, proof, m, thresholds, at);
      if (!merged) continue;
      mergedInto.set(merged.from, merged.into);
      for (const [k, v] of mergedInto) if (v === merged.from) mergedInto.set(k, merged.into);
      self = merged.into;
      break;
    }
    for (const [other, m] of ranked.slice(0, MAX_LINKS_PER_ITEM)) {
      const [a, b] = self < other ? [self, other] : [other, self];
      if (a === b) continue;
      const row: CaseLinkWrite = { case_id: a, related_case_id: b, level: m.level, score: m.score, basis: m.basis, distance: m.distance ?? null };
      const prior = links.get(`${a} ${b}`);
      if (!prior || strength(row) > strength(prior)) links.set(`${a} ${b}`, row);
    }
    return { merged };
  }

  /** Writes the batch's links, re-pointed to the surviving cases of merges made since they were found. */
  async function finish(): Promise<void> {
    // Another linker (texts beside images, or another process) may have merged a case meanwhile.
    const ids = new Set([...links.values()].flatMap((l) => [live(l.case_id), live(l.related_case_id)]));
    const elsewhere = await mergedCasesAmong(tx, [...ids]);
    const current = (id: string) => elsewhere.get(live(id)) ?? live(id);
    const final = new Map<string, CaseLinkWrite>();
    for (const l of links.values()) {
      const [a, b] = [current(l.case_id), current(l.related_case_id)].sort() as [string, string];
      if (a === b) continue;
      const prior = final.get(`${a} ${b}`);
      if (!prior || strength(l) > strength(prior)) final.set(`${a} ${b}`, { ...l, case_id: a, related_case_id: b });
    }
    await upsertCaseLinks(tx, [...final.values()], at);
  }

  return { live, relate, finish };
}

const rounded = (score: number) => Math.round(score * 1000) / 1000;

/** What the timeline and the outbox say about why a merge happened: its basis and the threshold applied. */
function groundData(ground: MergeGround): Record<string, unknown> {
  return ground.basis === 'text'
    ? { basis: 'text', evidence_score: ground.score, merge_at: ground.merge_at }
    : ground.basis === 'image'
      ? { basis: 'image', distance: ground.distance, merge_distance: ground.merge_distance }
      : { basis: 'platform' };
}

/**
 * Merges one of the two cases into the other when `mergePlan` says so, deciding on rows locked in
 * this transaction (a reviewer may have started on one of them, or rejected the pair, a moment
 * ago): the pair's dismissals are read under both locks. Both timelines say so, with the basis and
 * the threshold that applied; `case.merged` goes to the outbox.
 */
async function mergeIfAllowed(
  tx: Db,
  a: string,
  b: string,
  evidence: MergeEvidence,
  m: CaseMatch,
  thresholds: MatchThresholds,
  at: Date,
): Promise<{ from: string; into: string } | null> {
  const locked = await lockCases(tx, [a, b]);
  if (locked.length !== 2) return null;
  const notSame = await findNotSamePairs(tx, [a, b]);
  const plan = mergePlan(locked[0]!, locked[1]!, evidence, { thresholds, notSame });
  if (!plan) return null;
  const ground = groundData(mergeGround(evidence, thresholds)!);
  const moved = await mergeCases(tx, { ...plan, score: m.score, at });
  const score = rounded(m.score);
  await insertCaseEvents(tx, [
    { id: uuidv7(at.getTime()), case_id: plan.into, at, actor_org_id: null, type: 'case_merged', data: { merged_case_id: plan.from, score, notice_items: moved, ...ground } },
    { id: uuidv7(at.getTime()), case_id: plan.from, at, actor_org_id: null, type: 'merged_into', data: { case_id: plan.into, score, ...ground } },
  ]);
  // Under both cases' row locks, like every event of a case. The surviving case is the one to follow.
  await appendEvents(tx, [
    {
      id: uuidv7(at.getTime()),
      type: 'case.merged',
      at,
      org_id: null,
      case_id: plan.into,
      data: { case_id: plan.into, merged_case_id: plan.from, score, notice_items: moved, basis: ground.basis },
    },
  ]);
  return plan;
}
