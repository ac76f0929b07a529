import { describe, expect, it } from 'vitest';
import { newStatementToken, splitAffectedUserDelivery, statementPath, statementTokenDigest } from './statement-link.ts';

describe('statement link tokens', () => {
  it('are 256 random bits, fresh each time, and stored only as their SHA-256', () => {
    const a = newStatementToken();
    const b = newStatementToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.sha256.equals(statementTokenDigest(a.token)!)).toBe(true);
    expect(a.sha256.toString('hex')).not.toContain(Buffer.from(a.token, 'base64url').toString('hex'));
  });

  it('refuses strings that cannot be a token before any lookup', () => {
    expect(statementTokenDigest('')).toBeNull();
    expect(statementTokenDigest('a'.repeat(42))).toBeNull();
    expect(statementTokenDigest('a'.repeat(44))).toBeNull();
    expect(statementTokenDigest(`${'a'.repeat(42)}/`)).toBeNull();
    expect(statementTokenDigest('a'.repeat(43))).not.toBeNull();
  });

  it('links to the web app page', () => {
    expect(statementPath('x'.repeat(43))).toBe(`/statements/${'x'.repeat(43)}`);
    expect(statementPath('x'.repeat(43), 'en')).toBe(`/statements/${'x'.repeat(43)}?lang=en`);
  });

  it("takes the affected user's address and language out of a decision's body, checking each by name", () => {
    const ok = splitAffectedUserDelivery({ puid: 'p', affected_user_email: ' Ban@Example.VN ', affected_user_language: 'en' });
    expect(ok).toEqual({ rest: { puid: 'p' }, delivery: { email: 'Ban@example.vn', language: 'en' }, errors: [] });
    expect(splitAffectedUserDelivery({ puid: 'p' }).delivery).toEqual({ email: null, language: 'vi' });
    const bad = splitAffectedUserDelivery({ affected_user_email: 'not an address', affected_user_language: 'fr' });
    expect(bad.rest).toEqual({});
    expect(bad.errors.map((e) => e.field)).toEqual(['affected_user_email', 'affected_user_language']);
  });
});
