import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimits } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { ByteBudget } from './byte-budget.ts';
import { formatBytes } from './problem.ts';

const WINDOW_MS = 60_000;

/** Routes monitors and load balancers poll; never limited. */
const UNLIMITED = new Set(['/healthz']);

/**
 * Read-only routes journalists' tools and monitors call from a browser on another origin. Nothing
 * else gets CORS headers: the rest of the API is for servers holding a key, or (later) for the web
 * app on this same origin.
 */
export function isPublicRead(method: string, url: string): boolean {
  return (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') && (url.startsWith('/api/v1/public/') || url.startsWith('/log/'));
}

function tooMany(after: number, why = 'Too many requests'): AppError {
  return new AppError('rate_limited', `${why}; try again in ${after} s`, { extra: { retry_after: after } });
}

/**
 * Security headers, CORS for the public read routes, and rate limits. The limiter runs after
 * authentication (route-level onRequest hooks run after the app's), so a request with a key
 * counts against that key and one without counts against its address; a request whose key is
 * refused never reaches it, so failed authentications have a stricter limiter of their own.
 */
export async function registerProtection(app: FastifyInstance, limits: RateLimits | false): Promise<void> {
  await app.register(helmet, {
    // Ready for the web app served from this origin: its own scripts and styles only, no inline
    // script, no framing (clickjacking), no plugins, forms post back here.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // Public records and log tiles are meant to be read from other origins (CORS below).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });

  await app.register(cors, {
    delegator: (req, callback) => {
      const url = req.url ?? '';
      callback(null, isPublicRead(req.method ?? '', url) ? { origin: '*', methods: ['GET', 'HEAD'], maxAge: 86_400, strictPreflight: false } : { origin: false });
    },
    // A preflight without the CORS request headers is not an error worth a 400 in plain text.
    strictPreflight: false,
  });

  if (!limits) return;

  const keyOf = (req: FastifyRequest) => (req.actor ? `org:${req.actor.orgId}` : `ip:${req.ip}`);
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    max: (req, key) => (key.startsWith('org:') ? limits.perKey : limits.perAddress),
    keyGenerator: keyOf,
    // The operator's own routes (the CLI forwarding a large import) are not limited: this hook
    // runs after the route policy, so a request reaching it there carried the operator token.
    allowList: (req) => UNLIMITED.has(req.routeOptions.url ?? '') || req.routeOptions.config.allow === 'operator',
    errorResponseBuilder: (_req, context) => tooMany(Math.max(1, Math.ceil(context.ttl / 1000))),
  });

  // Request bodies, in bytes per caller: charged before the body is read (by its declared length,
  // or the route's body limit when it declares none), so an over-budget body is never parsed.
  const bytes = new ByteBudget(limits.bodyBytesPerCaller, WINDOW_MS);
  app.addHook('preParsing', async (req, reply, payload) => {
    if (req.routeOptions.config.allow === 'operator') return payload;
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) ? declared : req.headers['transfer-encoding'] ? (req.routeOptions.bodyLimit ?? 0) : 0;
    if (size <= 0) return payload;
    const after = bytes.charge(keyOf(req), size, Date.now());
    if (after > 0) {
      void reply.header('retry-after', String(after));
      throw tooMany(after, `This caller has sent more than ${formatBytes(limits.bodyBytesPerCaller)} of request bodies this minute`);
    }
    return payload;
  });

  // Failed authentications, per address: refused before the key is even looked up once over the
  // limit, so guessing keys (or a flood of random ones) costs the guesser, not the database.
  const failedAuth = app.createRateLimit({ max: limits.failedAuthPerAddress, timeWindow: WINDOW_MS, keyGenerator: (req) => `auth:${req.ip}`, allowList: () => false });
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.authorization === undefined) return;
    const status = await failedAuth(req, { increment: false });
    // A peek does not count this request: the address is out of attempts once none remain.
    if (!status.isAllowed && status.remaining <= 0) {
      const after = Math.max(1, status.ttlInSeconds);
      void reply.header('retry-after', String(after));
      throw tooMany(after);
    }
  });
  // Counted before the 401 leaves, so the next attempt already sees it.
  app.addHook('onSend', async (req, reply) => {
    if (reply.statusCode === 401 && req.headers.authorization !== undefined) await failedAuth(req);
  });
}
