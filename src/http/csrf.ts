import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { PersonSession } from '../services/session.service.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * A state-changing request authenticated by the session cookie must carry the session's CSRF
 * token in `x-csrf-token`: a browser sends the cookie with a request another site makes, but that
 * site can neither read the token nor set the header without a CORS preflight we refuse. Compared
 * as hashes in constant time. API keys are never sent by a browser on its own, so they need none.
 */
export function checkCsrf(req: FastifyRequest, session: PersonSession): void {
  if (SAFE_METHODS.has(req.method)) return;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !timingSafeEqual(sha256(sent), sha256(session.csrfToken))) {
    throw new AppError('forbidden', 'Thiếu hoặc sai mã CSRF (send the CSRF token from sign-in in the x-csrf-token header)', { extra: { reason: 'csrf' } });
  }
}
