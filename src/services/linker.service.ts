import { matchLevel, scoreCandidate } from '../core/text-fingerprint.ts';
import {
  claimPendingFingerprints,
  findTextCandidates,
  markFingerprintsLinked,
  upsertCaseLinks,
  type CaseLinkRow,
} from '../repositories/text-fingerprint.repository.ts';
import type { ServiceContext } from './context.ts';

/**
 * Compares newly stored texts with everything stored before and links the cases that hold
 * near-duplicates (≥ 0.8) or similar texts (≥ 0.6), so reviewers see the same claim reposted
 * elsewhere. Runs beside intake, not in it: a submission never waits for it, and several
 * processes can share the work (rows are claimed with SKIP LOCKED).
 */
export async function linkPendingFingerprints(ctx: ServiceContext, limit = 200): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const pending = await claimPendingFingerprints(tx, limit);
    const links = new Map<string, CaseLinkRow>();
    for (const fp of pending) {
      for (const cand of await findTextCandidates(tx, fp, 500, fp.case_id)) {
        const score = scoreCandidate(fp, cand);
        const level = matchLevel(score);
        if (!level) continue;
        const [a, b] = fp.case_id < cand.case_id ? [fp.case_id, cand.case_id] : [cand.case_id, fp.case_id];
        const key = `${a} ${b}`;
        const prior = links.get(key);
        if (!prior || prior.score < score) links.set(key, { case_id: a, related_case_id: b, level, score });
      }
    }
    const at = ctx.now();
    await upsertCaseLinks(tx, [...links.values()], at);
    await markFingerprintsLinked(tx, pending.map((p) => p.id), at);
    return pending.length;
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
        while (!stopped && (await linkPendingFingerprints(ctx)) > 0);
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
