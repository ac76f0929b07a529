import { AppError } from '../core/errors.ts';
import type { Db } from '../db/db.ts';
import { findIdempotentResponse, saveIdempotentResponse } from '../repositories/idempotency.repository.ts';

export interface Idempotency {
  key: string;
  /** Hash of the request body: a key reused for a different request is refused, not replayed. */
  requestHash: string;
}

export interface Outcome<T> {
  status: number;
  body: T;
  replayed: boolean;
}

class LostRace extends Error {}

/**
 * Runs `work` in a transaction at most once per (organization, key). The answer is stored in the
 * same transaction as the work, so a retry after a crash either finds the answer or redoes the
 * whole work — never half of it. A concurrent duplicate waits on the key's row and replays.
 */
export async function onceWithKey<T>(db: Db, orgId: string, idem: Idempotency | undefined, work: (tx: Db) => Promise<{ status: number; body: T }>): Promise<Outcome<T>> {
  if (!idem) {
    // No answer to store, so no transaction to open: the work must be atomic on its own (intake
    // writes in one statement), and two round trips fewer matter on the hot path.
    return { ...(await work(db)), replayed: false };
  }
  const replay = async (): Promise<Outcome<T> | null> => {
    const stored = await findIdempotentResponse(db, orgId, idem.key);
    if (!stored) return null;
    if (stored.request_hash !== idem.requestHash) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request; use a new key for a new request', {
        fields: [{ field: 'Idempotency-Key', message: 'was used before with another body' }],
      });
    }
    return { status: stored.status_code, body: stored.response as T, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const r = await db.transaction(async (tx) => {
      const out = await work(tx);
      if (!(await saveIdempotentResponse(tx, orgId, idem.key, { request_hash: idem.requestHash, status_code: out.status, response: out.body }))) {
        throw new LostRace();
      }
      return out;
    });
    return { ...r, replayed: false };
  } catch (e) {
    // A concurrent request with the same key may have committed first, and our work then failed
    // on what it created (a repeat, a unique puid) or lost the race to store the answer: either
    // way the client asked once, so it gets the winner's answer.
    const winner = await replay();
    if (winner) return winner;
    if (e instanceof LostRace) throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly');
    throw e;
  }
}
