import { uuidv7 } from '../core/ids.ts';
import { fingerprintText, MATCH_SCHEME, matchLevel, scoreCandidate, type MatchScheme } from '../core/text-fingerprint.ts';
import {
  claimUnfingerprintedItems,
  findTextCandidates,
  insertFingerprints,
  markItemsFingerprinted,
  upsertCaseLinks,
  type CaseLinkRow,
} from '../repositories/text-fingerprint.repository.ts';
import { articleOf } from '../text/article-text.ts';
import type { ServiceContext } from './context.ts';

/** A text reported on very many cases links to its best matches only, not to every one of them. */
const MAX_LINKS_PER_TEXT = 20;

/**
 * Fingerprints the texts that came in with notices (a pasted page reduced to its article) and
 * links the cases that hold near-duplicates (≥ 0.8) or similar texts (≥ 0.6), so reviewers see
 * the same claim reposted elsewhere. Runs beside intake, not in it: a submission never waits for
 * it, and several processes share the work (items are claimed with SKIP LOCKED).
 */
export async function linkPendingFingerprints(ctx: ServiceContext, limit = 200, scheme: MatchScheme = MATCH_SCHEME): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const items = await claimUnfingerprintedItems(tx, limit);
    const at = ctx.now();
    const fresh = items.flatMap((i) => {
      const fp = fingerprintText(articleOf({ text: i.text }).text, scheme);
      return fp ? [{ id: uuidv7(i.created_at.getTime()), case_id: i.case_id, notice_id: i.notice_id, created_at: i.created_at, ...fp }] : [];
    });
    // Stored first, so texts of the same batch find each other too.
    await insertFingerprints(tx, fresh);
    const links = new Map<string, CaseLinkRow>();
    for (const fp of fresh) {
      const best = new Map<string, number>();
      for (const cand of await findTextCandidates(tx, fp, 500, fp.case_id)) {
        const score = scoreCandidate(fp, cand);
        if (matchLevel(score) && score > (best.get(cand.case_id) ?? 0)) best.set(cand.case_id, score);
      }
      for (const [other, score] of [...best].sort((x, y) => y[1] - x[1]).slice(0, MAX_LINKS_PER_TEXT)) {
        const [a, b] = fp.case_id < other ? [fp.case_id, other] : [other, fp.case_id];
        const key = `${a} ${b}`;
        const prior = links.get(key);
        if (!prior || prior.score < score) links.set(key, { case_id: a, related_case_id: b, level: matchLevel(score)!, score });
      }
    }
    await upsertCaseLinks(tx, [...links.values()], at);
    await markItemsFingerprinted(tx, items, at);
    return items.length;
  });
}

/** Links until nothing is pending, then waits `intervalMs`; stops when the returned function is called. */
export function startLinker(ctx: ServiceContext, options: { intervalMs: number; onError: (e: unknown) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    running = (async () => {
      try {
        // Small batches, with a turn of the event loop between them: in the API process the
        // linker must not hold up requests for long.
        while (!stopped && (await linkPendingFingerprints(ctx, 25)) > 0) await new Promise((r) => setImmediate(r));
      } catch (e) {
        options.onError(e);
      }
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    })();
  };
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
