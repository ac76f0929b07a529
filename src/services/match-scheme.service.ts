import { uuidv7 } from '../core/ids.ts';
import { fingerprintText, MATCH_SCHEME, type MatchScheme } from '../core/text-fingerprint.ts';
import type { Db } from '../db/db.ts';
import { articleOf } from '../text/article-text.ts';
import {
  clearTextIndex,
  countItemsWithText,
  insertFingerprints,
  listItemsWithText,
  readMatchScheme,
  saveMatchScheme,
  type StoredScheme,
} from '../repositories/text-fingerprint.repository.ts';

function stored(s: MatchScheme): StoredScheme {
  return {
    normalization_version: s.normalizationVersion,
    minhash_version: s.version,
    seed: String(s.seed),
    permutations: s.permutations,
    bands: s.bands,
    rows_per_band: s.rows,
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
 * Fingerprints made under another normalization or MinHash scheme would silently stop matching,
 * so the scheme is stored with them and checked at start: a change needs an explicit reindex.
 */
export async function checkMatchScheme(db: Db, scheme: MatchScheme = MATCH_SCHEME): Promise<void> {
  const now = stored(scheme);
  const was = await readMatchScheme(db);
  if (!was) return saveMatchScheme(db, now, false);
  if (JSON.stringify(was) !== JSON.stringify(now)) throw new MatchSchemeChangedError(was, now);
}

/** Rebuilds every fingerprint from the stored item texts under the current scheme. */
export async function reindexTexts(db: Db, onProgress: (done: number, total: number) => void, scheme: MatchScheme = MATCH_SCHEME): Promise<number> {
  const total = await countItemsWithText(db);
  let done = 0;
  await db.transaction(async (tx) => {
    await clearTextIndex(tx);
    let after: { notice_id: string; position: number } | null = null;
    for (;;) {
      const items = await listItemsWithText(tx, after, 1000);
      if (items.length === 0) break;
      await insertFingerprints(
        tx,
        items.flatMap((i) => {
          const fp = fingerprintText(articleOf({ text: i.text }).text, scheme);
          return fp ? [{ id: uuidv7(i.created_at.getTime()), case_id: i.case_id, notice_id: i.notice_id, created_at: i.created_at, ...fp }] : [];
        }),
      );
      done += items.length;
      onProgress(done, total);
      const last = items[items.length - 1]!;
      after = { notice_id: last.notice_id, position: last.position };
    }
    await saveMatchScheme(tx, stored(scheme), true);
  });
  return done;
}
