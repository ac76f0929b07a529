import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import type { PersonSession } from '../services/session.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the route policy (src/http/route-policy.ts) before the body is read, on routes that need a key. */
    actor: Actor | null;
    /** Set by the route policy when the request was authenticated by a session cookie (a person signed in). */
    personSession: PersonSession | null;
  }
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
  return req.actor;
}

/** The signed-in person's session, on routes declared `allow: 'people'`. */
export function sessionOf(req: FastifyRequest): PersonSession {
  if (!req.personSession) throw new AppError('unauthenticated', 'Hãy đăng nhập (sign in first)');
  return req.personSession;
}
