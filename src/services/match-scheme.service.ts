import { DEFAULT_MATCH_THRESHOLDS, type MatchThresholds } from '../core/match-thresholds.ts';
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { MATCH_SCHEME, type MatchScheme } from '../core/text-fingerprint.ts';
import type { Db } from '../db/db.ts';
import { readMatchScheme, resetTextIndex, saveMatchScheme, type StoredScheme } from '../repositories/text-fingerprint.repository.ts';
import { releaseLease, takeLease } from '../repositories/lease.repository.ts';
import type { ServiceContext } from './context.ts';
import { linkPendingFingerprints } from './linker.service.ts';

function stored(s: MatchScheme): StoredScheme {
  return {
    normalization_version: s.normalizationVersion,
    minhash_version: s.version,
    seed: String(s.seed),
    permutations: s.permutations,
    bands: s.bands,
    rows_per_band: s.rows,
    winnow: `${s.winnow.version}:${s.winnow.k}:${s.winnow.w}`,
  };
}

export class MatchSchemeChangedError extends Error {
  constructor(was: StoredScheme, now: StoredScheme) {
    super(
      `The stored text fingerprints were made with another matching scheme (${JSON.stringify(was)}) than this minhbach uses (${JSON.stringify(now)}). ` +
        'They cannot be compared: rebuild them with `npm run minhbach -- reindex`.',
    );
    this.name = 'MatchSchemeChangedError';
  }
}

/**
 * Fingerprints made under another normalization, MinHash or winnowing scheme would silently stop matching,
 * so the scheme is stored with them and checked at start: a change needs an explicit reindex.
 */
export async function checkMatchScheme(db: Db, scheme: MatchScheme = MATCH_SCHEME): Promise<void> {
  const now = stored(scheme);
  const was = await readMatchScheme(db);
  if (!was) return saveMatchScheme(db, now, false);
  if (JSON.stringify(was) !== JSON.stringify(now)) throw new MatchSchemeChangedError(was, now);
}

const REINDEX_LEASE = 'reindex';
// Renewed after every batch of 500 texts, which takes seconds; a reindex whose process died
// frees the lease this long after its last batch.
const REINDEX_LEASE_MS = 120_000;

/**
 * Rebuilds every fingerprint under the current scheme: forgets the old ones and lets the linker
 * fingerprint every stored text again (`linkAll` runs it here, with progress). One reindex runs at
 * a time across every process: a second one asked for meanwhile is refused (`conflict`), since
 * it would only start the same work over.
 */
export async function reindexTexts(
  ctx: ServiceContext,
  onProgress: (done: number, total: number) => void,
  scheme: MatchScheme = MATCH_SCHEME,
  // The configured levels (MINHBACH_MATCH_*): a reindex relates cases as the linker would.
  thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS,
): Promise<number> {
  const holder = randomUUID();
  if (!(await takeLease(ctx.db, REINDEX_LEASE, holder, REINDEX_LEASE_MS))) {
    throw new AppError('conflict', 'A reindex is already running; it rebuilds every fingerprint, so there is no need to start another');
  }
  try {
    const total = await ctx.db.transaction(async (tx) => {
      const n = await resetTextIndex(tx);
      await saveMatchScheme(tx, stored(scheme), true);
      return n;
    });
    let done = 0;
    for (let n = await linkPendingFingerprints(ctx, 500, scheme, thresholds); n > 0; n = await linkPendingFingerprints(ctx, 500, scheme, thresholds)) {
      done += n;
      onProgress(done, total);
      await takeLease(ctx.db, REINDEX_LEASE, holder, REINDEX_LEASE_MS);
    }
    return done;
  } finally {
    await releaseLease(ctx.db, REINDEX_LEASE, holder);
  }
}
