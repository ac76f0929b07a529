import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FieldError } from './errors.ts';
import { isSolutionShaped, leadingZeroBits, MAX_POW_BITS, MIN_POW_BITS, parseChallenge, POW_VERSION, powMessage } from './proof-of-work.ts';

/**
 * Issuing and checking the report form's proof of work (proof-of-work.ts has the puzzle). A
 * challenge is stateless: its difficulty, expiry and 16 random bytes, signed with HMAC-SHA256 under
 * a secret of the deployment, so any server process checks it without a lookup and nobody can mint
 * easier or longer-lived ones. Single use is the caller's: the nonce is recorded as spent, with the
 * report, until the challenge expires (public-report.service.ts).
 */

/** Long enough to fill in a form after asking, short enough that a stock of solved challenges goes stale. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

export interface IssuedChallenge {
  challenge: string;
  bits: number;
  expires_at: Date;
}

function mac(secret: Uint8Array, signed: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

export function issueChallenge(secret: Uint8Array, bits: number, now: Date, nonce: Uint8Array): IssuedChallenge {
  if (!Number.isInteger(bits) || bits < MIN_POW_BITS || bits > MAX_POW_BITS) throw new Error(`difficulty must be ${MIN_POW_BITS}..${MAX_POW_BITS} bits`);
  if (nonce.length < 16) throw new Error('a challenge needs at least 16 random bytes');
  const expires = Math.ceil((now.getTime() + CHALLENGE_TTL_MS) / 1000);
  const signed = `${POW_VERSION}.${bits}.${expires}.${Buffer.from(nonce).toString('base64url')}`;
  return { challenge: `${signed}.${mac(secret, signed)}`, bits, expires_at: new Date(expires * 1000) };
}

export type PowCheck = { ok: true; nonce: string; expires_at: Date } | { ok: false; error: FieldError };

/**
 * Whether `solution` solves a challenge this deployment issued, which has not expired. Each
 * refusal names its field, in Vietnamese then English, like the rest of the form's errors.
 */
export function checkProofOfWork(secret: Uint8Array, challenge: string, solution: string, now: Date): PowCheck {
  const parsed = parseChallenge(challenge);
  const expected = parsed ? Buffer.from(mac(secret, parsed.signed)) : null;
  if (!parsed || !expected || expected.length !== parsed.mac.length || !timingSafeEqual(expected, Buffer.from(parsed.mac))) {
    return {
      ok: false,
      error: { field: 'challenge', message: 'Mã kiểm tra không do máy chủ này cấp (is not a challenge this server issued: ask POST /api/v1/public/report-challenges)' },
    };
  }
  if (parsed.expires * 1000 <= now.getTime()) {
    return { ok: false, error: { field: 'challenge', message: 'Mã kiểm tra đã hết hạn, hãy gửi lại (has expired: ask for a new one)' } };
  }
  if (!isSolutionShaped(solution)) {
    return { ok: false, error: { field: 'solution', message: 'Lời giải phải là một số (must be a decimal number)' } };
  }
  const hash = createHash('sha256').update(powMessage(challenge, solution), 'utf8').digest();
  if (leadingZeroBits(hash) < parsed.bits) {
    return {
      ok: false,
      error: { field: 'solution', message: `Lời giải không đúng (does not solve the challenge: SHA-256 of "challenge:solution" must begin with ${parsed.bits} zero bits)` },
    };
  }
  return { ok: true, nonce: parsed.nonce, expires_at: new Date(parsed.expires * 1000) };
}
