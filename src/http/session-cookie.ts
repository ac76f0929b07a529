import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies, serializeCookie } from '../core/cookie.ts';

/**
 * The session cookie. `__Host-` makes browsers refuse it unless it is Secure, has Path=/ and no
 * Domain, so no sibling subdomain can set or shadow it; HttpOnly keeps it from scripts; Lax keeps
 * it off cross-site POSTs (the CSRF token, src/http/csrf.ts, covers the rest).
 */
export const SESSION_COOKIE = '__Host-minhbach_session';

export function sessionTokenOf(req: FastifyRequest): string | null {
  return parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? null;
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeS: number): void {
  void reply.header('set-cookie', serializeCookie(SESSION_COOKIE, token, { maxAge: maxAgeS, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }));
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { maxAge: 0, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }));
}
