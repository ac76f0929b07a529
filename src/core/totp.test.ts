import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newTotpSecret, otpauthUri, totpCode, totpStep, verifyTotp, type TotpAlgorithm } from './totp.ts';

// RFC 6238 Appendix B: the seeds are the ASCII strings below, 8-digit codes.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, string, string, string][] = [
  // time (s), SHA1, SHA256, SHA512
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s gives the RFC test vectors', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(SEEDS.sha1, at, { digits: 8 })).toBe(sha1);
    expect(totpCode(SEEDS.sha256, at, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totpCode(SEEDS.sha512, at, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('gives the RFC 4226 HOTP vectors in 6 digits', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEEDS.sha1, i))).toEqual(expected);
  });

  it('accepts a code one step either side of now, not two', () => {
    const secret = newTotpSecret();
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) expect(verifyTotp(secret, hotp(secret, step + d), now, null)).toBe(step + d);
    for (const d of [-2, 2]) expect(verifyTotp(secret, hotp(secret, step + d), now, null)).toBeNull();
  });

  it('refuses a replayed code: only steps after the last one accepted count', () => {
    const secret = newTotpSecret();
    const now = new Date(1_700_000_000_000);
    const code = totpCode(secret, now);
    const step = verifyTotp(secret, code, now, null);
    expect(step).toBe(totpStep(now));
    expect(verifyTotp(secret, code, now, step)).toBeNull();
    // An older code inside the window is refused too once a later one was used.
    expect(verifyTotp(secret, hotp(secret, step! - 1), now, step)).toBeNull();
    // The next step's code is fine.
    const later = new Date(now.getTime() + 30_000);
    expect(verifyTotp(secret, totpCode(secret, later), later, step)).toBe(step! + 1);
  });

  it('refuses malformed codes', () => {
    const secret = newTotpSecret();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456', '12345６']) expect(verifyTotp(secret, bad, new Date(), null)).toBeNull();
  });

  it('round-trips base32 (RFC 4648 vectors) and builds an otpauth URI', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    const secret = newTotpSecret();
    expect(base32Decode(base32Encode(secret))).toEqual(secret);
    const uri = otpauthUri({ issuer: 'minhbach', account: 'an@example.vn', secret });
    expect(uri).toMatch(/^otpauth:\/\/totp\/minhbach:an%40example\.vn\?secret=[A-Z2-7]{32}&issuer=minhbach&algorithm=SHA1&digits=6&period=30$/);
  });
});
