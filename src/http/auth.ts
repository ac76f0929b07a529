import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import type { Authenticator } from '../services/auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Routes anyone may call; everything else under /api/v1 needs an organization's key. */
const OPEN_PREFIXES = ['/api/v1/public/', '/api/v1/admin/'];

/**
 * Authenticates before the body is even validated, so a caller without a valid key learns nothing
 * about the API beyond "401" — secure by default: a new route under /api/v1 needs a key unless it
 * is deliberately public.
 */
export function registerAuthentication(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (!route || !route.startsWith('/api/v1/') || OPEN_PREFIXES.some((p) => route.startsWith(p))) return;
    req.actor = await authenticate(req.headers.authorization);
  });
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
  return req.actor;
}
