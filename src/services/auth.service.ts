import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import { findKeyHolder, touchApiKey } from '../repositories/api-key.repository.ts';
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
 * Resolves bearer keys to organizations. Every request needs one, so lookups are cached briefly:
 * a key revoked (or an organization disabled) in another process stops working within
 * CACHE_MS, and in this process at once (`invalidate`, called by the operator routes).
 *
 * Known keys and refused keys live in separate caches so that a flood of random keys, which
 * fills the refused cache, can never evict the keys of real clients and send their requests to
 * the database. The refused cache drops its oldest entry when full (a Map iterates in insertion
 * order): O(1), bounded, and a burst of junk only churns junk. A key that fails the format check
 * never reaches either cache or the database; concurrent lookups of one key share one query.
 */
const CACHE_MS = 5_000; // must stay ≤ 10 s: the promise made for revocation
// Only keys minhbach issued and nobody revoked get here: cleared if ever full, which takes 10,000 live keys.
const KNOWN_MAX = 10_000;
const REFUSED_MAX = 10_000;
// Written at most this often per key (and only when a cached entry is refreshed, every CACHE_MS).
const LAST_USED_EVERY_MS = 60_000;
// "mbk_" and 32 random bytes in base64url: anything else cannot be a key minhbach made.
const KEY_FORMAT = /^mbk_[\w-]{43}$/;

type Lookup = { actor: Actor } | { refused: 'unknown' | 'revoked' | 'disabled' };
type Entry = { lookup: Lookup; until: number };

export function createAuthenticator(ctx: ServiceContext) {
  const known = new Map<string, Entry>();
  const refused = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Lookup>>();
  let generation = 0;

  async function lookup(hash: Buffer): Promise<Lookup> {
    const row = await findKeyHolder(ctx.db, hash);
    if (!row) return { refused: 'unknown' };
    if (row.revoked_at) return { refused: 'revoked' };
    if (row.disabled_at) return { refused: 'disabled' };
    const now = ctx.now();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_EVERY_MS) await touchApiKey(ctx.db, row.key_id, now);
    return { actor: { orgId: row.org_id, kind: row.kind, name: row.name, services: row.services, personId: null, keyId: row.key_id, role: null } };
  }

  function remember(cacheKey: string, l: Lookup, now: number): void {
    const entry = { lookup: l, until: now + CACHE_MS };
    if ('actor' in l) {
      refused.delete(cacheKey);
      if (known.size >= KNOWN_MAX) known.clear();
      known.set(cacheKey, entry);
    } else {
      known.delete(cacheKey);
      refused.delete(cacheKey);
      if (refused.size >= REFUSED_MAX) refused.delete(refused.keys().next().value!);
      refused.set(cacheKey, entry);
    }
  }

  async function authenticate(authorization: string | undefined): Promise<Actor> {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
    const key = m[1]!;
    if (!KEY_FORMAT.test(key)) throw new AppError('unauthenticated', 'The API key is not valid');
    const hash = hashApiKey(key);
    const cacheKey = hash.toString('base64');
    const now = ctx.now().getTime();
    const hit = known.get(cacheKey) ?? refused.get(cacheKey);
    let l = hit && hit.until > now ? hit.lookup : undefined;
    if (!l) {
      let pending = inFlight.get(cacheKey);
      if (!pending) {
        const started = generation;
        pending = lookup(hash).finally(() => inFlight.get(cacheKey) === pending && inFlight.delete(cacheKey));
        inFlight.set(cacheKey, pending);
        // A lookup that began before an invalidation may have read the key before its revocation.
        pending.then(
          (r) => started === generation && remember(cacheKey, r, now),
          () => {},
        );
      }
      l = await pending;
    }
    if ('actor' in l) return l.actor;
    switch (l.refused) {
      case 'revoked':
        throw new AppError('unauthenticated', 'This API key was revoked; ask the operator for a new one', { extra: { reason: 'key_revoked' } });
      case 'disabled':
        throw new AppError('unauthenticated', "This API key's organization is disabled", { extra: { reason: 'organization_disabled' } });
      default:
        throw new AppError('unauthenticated', 'The API key is not valid');
    }
  }

  /** Forgets every cached lookup, so a revocation made in this process takes effect at once. */
  function invalidate(): void {
    generation++;
    known.clear();
    refused.clear();
    inFlight.clear();
  }

  return Object.assign(authenticate, { invalidate });
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
