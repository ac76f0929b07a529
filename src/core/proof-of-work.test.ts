import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, parseChallenge, powMessage } from './proof-of-work.ts';
import { checkProofOfWork, CHALLENGE_TTL_MS, issueChallenge } from './proof-of-work-seal.ts';

const secret = Buffer.alloc(32, 7);
const now = new Date('2026-11-02T08:00:00Z');
const nonce = Buffer.alloc(16, 1);

function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++)
    if (
      leadingZeroBits(
        createHash('sha256')
          .update(powMessage(challenge, String(n)))
          .digest(),
      ) >= bits
    )
      return String(n);
}

describe('leadingZeroBits', () => {
  it('counts the zero bits a hash begins with', () => {
    expect(leadingZeroBits(Uint8Array.of(0x80, 0))).toBe(0);
    expect(leadingZeroBits(Uint8Array.of(0x01, 0xff))).toBe(7);
    expect(leadingZeroBits(Uint8Array.of(0, 0x10))).toBe(11);
    expect(leadingZeroBits(Uint8Array.of(0, 0, 0))).toBe(24);
  });
});

describe('the report proof of work', () => {
  it('accepts a solution of its own challenge, and says which nonce to spend and until when', () => {
    const { challenge, bits, expires_at } = issueChallenge(secret, 10, now, nonce);
    expect(bits).toBe(10);
    expect(expires_at.getTime() - now.getTime()).toBe(CHALLENGE_TTL_MS);
    expect(parseChallenge(challenge)).toMatchObject({ bits: 10, nonce: nonce.toString('base64url') });
    expect(checkProofOfWork(secret, challenge, solve(challenge, 10), now)).toEqual({ ok: true, nonce: nonce.toString('base64url'), expires_at });
  });

  it('refuses a solution that does not solve it, or is no decimal counter', () => {
    const { challenge } = issueChallenge(secret, 12, now, nonce);
    const right = Number(solve(challenge, 12));
    const wrong = String(right === 0 ? 1 : right - 1);
    // Any counter below the first solution fails, by construction.
    expect(checkProofOfWork(secret, challenge, wrong, now)).toMatchObject({ ok: false, error: { field: 'solution' } });
    for (const odd of ['', '-1', '01', '1e3', ' 1', '12345678901234567']) {
      expect(checkProofOfWork(secret, challenge, odd, now)).toMatchObject({ ok: false, error: { field: 'solution', message: expect.stringContaining('decimal') } });
    }
  });

  it('refuses a challenge another secret signed, or one changed to be easier or to last longer', () => {
    const { challenge } = issueChallenge(secret, 12, now, nonce);
    const other = issueChallenge(Buffer.alloc(32, 8), 12, now, nonce).challenge;
    const easier = challenge.replace('v1.12.', 'v1.1.');
    const [, , expires] = challenge.split('.');
    const longer = challenge.replace(`.${expires}.`, `.${Number(expires) + 3600}.`);
    for (const c of [other, easier, longer, 'v1.12.x', '']) {
      expect(checkProofOfWork(secret, c, solve(c.startsWith('v1.') ? c : 'x', 1), now)).toMatchObject({ ok: false, error: { field: 'challenge' } });
    }
  });

  it('refuses a challenge once it has expired', () => {
    const { challenge } = issueChallenge(secret, 8, now, nonce);
    const solution = solve(challenge, 8);
    expect(checkProofOfWork(secret, challenge, solution, new Date(now.getTime() + CHALLENGE_TTL_MS - 1000)).ok).toBe(true);
    expect(checkProofOfWork(secret, challenge, solution, new Date(now.getTime() + CHALLENGE_TTL_MS + 1000))).toMatchObject({
      ok: false,
      error: { field: 'challenge', message: expect.stringContaining('expired') },
    });
  });
});
