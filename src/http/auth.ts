import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the route policy (src/http/route-policy.ts) before the body is read, on routes that need a key. */
    actor: Actor | null;
  }
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
  return req.actor;
}
