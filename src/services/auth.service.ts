import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import { findActorByKeyHash } from '../repositories/organization.repository.ts';
import type { ServiceContext } from './context.ts';

const KEY_PREFIX = 'mbk_';

/** A new API key: 256 random bits, shown once; only its SHA-256 is stored. */
export function generateApiKey(): { key: string; hash: Buffer; prefix: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 12) };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Resolves bearer keys to organizations. Lookups are cached for a few seconds because every
 * request needs one; a revoked key therefore stops working within CACHE_MS.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

export function createAuthenticator(ctx: ServiceContext) {
  const cache = new Map<string, { actor: Actor | null; until: number }>();
  return async function authenticate(authorization: string | undefined): Promise<Actor> {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
    const key = m[1]!;
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) throw new AppError('unauthenticated', 'The API key is not valid');
    const hash = hashApiKey(key);
    const cacheKey = hash.toString('base64');
    const now = Date.now();
    let hit = cache.get(cacheKey);
    if (!hit || hit.until < now) {
      if (cache.size >= CACHE_MAX) cache.clear();
      hit = { actor: await findActorByKeyHash(ctx.db, hash), until: now + CACHE_MS };
      cache.set(cacheKey, hit);
    }
    if (!hit.actor) throw new AppError('unauthenticated', 'The API key is not valid or was revoked');
    return hit.actor;
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;

/**
 * The operator token guards the operator routes (creating organizations while the server holds
 * the embedded database). Compared as hashes in constant time, so its length and content leak
 * nothing through timing.
 */
export function createOperatorCheck(token: string | undefined) {
  const expected = token ? hashApiKey(token) : null;
  return function checkOperator(authorization: string | undefined): void {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!expected) throw new AppError('not_found', 'Operator routes are not enabled on this server');
    if (!m || !timingSafeEqual(hashApiKey(m[1]!), expected)) throw new AppError('unauthenticated', 'Send the operator token as "Authorization: Bearer <token>"');
  };
}
