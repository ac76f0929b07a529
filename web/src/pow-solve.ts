import { leadingZeroBits, parseChallenge, powMessage } from '../../src/core/proof-of-work.ts';

/**
 * The report form's proof of work, solved with WebCrypto's SHA-256 (the puzzle's rules are the
 * server's own, src/core/proof-of-work.ts). Hashes are asked in batches, which WebCrypto runs far
 * faster than one at a time; between batches the caller may yield, report progress or give up.
 */
const BATCH = 512;
const encoder = new TextEncoder();

/** Tries counters `from`…`from + BATCH - 1`; the solution found, if any. */
export async function tryBatch(challenge: string, bits: number, from: number): Promise<string | null> {
  const hashes = await Promise.all(Array.from({ length: BATCH }, (_, i) => crypto.subtle.digest('SHA-256', encoder.encode(powMessage(challenge, String(from + i))))));
  const i = hashes.findIndex((h) => leadingZeroBits(new Uint8Array(h)) >= bits);
  return i < 0 ? null : String(from + i);
}

export const POW_BATCH = BATCH;

/** The difficulty the challenge itself states (signed by the server, so it cannot be lowered). */
export function challengeBits(challenge: string): number {
  const parsed = parseChallenge(challenge);
  if (!parsed) throw new Error('not a challenge');
  return parsed.bits;
}
