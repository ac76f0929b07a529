import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookie.ts';

describe('cookies', () => {
  it('reads a Cookie header, first value of a name winning', () => {
    const c = parseCookies('a=1; __Host-minhbach_session=mbs_abc-_; b="quoted"; a=2; junk; =x');
    expect(c.get('a')).toBe('1');
    expect(c.get('__Host-minhbach_session')).toBe('mbs_abc-_');
    expect(c.get('b')).toBe('quoted');
    expect(c.size).toBe(3);
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies('').size).toBe(0);
  });

  it('reads at most 50 pairs from one header', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}=v`).join('; ');
    expect(parseCookies(header).size).toBe(50);
  });

  it('writes a cookie with its attributes, and refuses a value that would smuggle one', () => {
    expect(serializeCookie('__Host-s', 'v1', { maxAge: 60.7, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })).toBe(
      '__Host-s=v1; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(() => serializeCookie('s', 'v; Domain=evil.example')).toThrow();
    expect(() => serializeCookie('s p', 'v')).toThrow();
  });
});
