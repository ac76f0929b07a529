import { describe, expect, it } from 'vitest';
import { newStatementToken, statementPath, statementTokenDigest } from './statement-link.ts';

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
  });
});
