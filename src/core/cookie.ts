/**
 * Cookies, read and written by hand (RFC 6265): minhbach has one cookie, the session, and a
 * dependency is more code to trust than these two functions.
 */

/** At most this many pairs are read from one Cookie header; the rest are ignored. */
const MAX_PAIRS = 50;

/** Cookie header → name → value. The first value of a repeated name wins (RFC 6265 §5.4: the most specific path is sent first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  let pairs = 0;
  for (const part of header.split(';')) {
    if (++pairs > MAX_PAIRS) break;
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. Without it the cookie ends with the browser session. */
  maxAge?: number;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

// RFC 6265 §4.1.1: a token for the name, cookie-octets for the value. Ours are base64url, but a
// value that could smuggle an attribute must never be written.
const NAME = /^[!#$%&'*+\-.^`|~\w]+$/;
const VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!NAME.test(name)) throw new Error(`invalid cookie name ${name}`);
  if (!VALUE.test(value)) throw new Error('invalid cookie value');
  const parts = [`${name}=${value}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  if (options.path) parts.push(`Path=${options.path}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.sameSite) parts.push(`SameSite=${options.sameSite}`);
  return parts.join('; ');
}
