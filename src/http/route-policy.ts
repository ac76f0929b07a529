import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { kindInASentence, ORG_KINDS, SUBMITTER_KINDS, type OrgKind } from '../core/organization.ts';
import type { HttpDeps } from './deps.ts';

/**
 * Who may call a route, declared on the route itself (`config: { allow: 'platforms' }`):
 * - `public`: anyone, no key looked at;
 * - `operator`: the operator token (404 when the server has none);
 * - `organizations`: any organization's API key;
 * - `submitters`: the key of an organization that files notices (not a platform);
 * - `platforms`: a platform organization's key.
 */
export const ALLOW = ['public', 'operator', 'organizations', 'submitters', 'platforms'] as const;
export type Allow = (typeof ALLOW)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    allow?: Allow;
  }
}

const KINDS: Record<'organizations' | 'submitters' | 'platforms', readonly OrgKind[]> = {
  organizations: ORG_KINDS,
  submitters: SUBMITTER_KINDS,
  platforms: ['platform'],
};

const WHO: Record<'submitters' | 'platforms', string> = {
  submitters: 'organizations that submit notices (authorities, trusted flaggers, rights holders, public reporters)',
  platforms: 'platforms',
};

export interface DeclaredRoute {
  method: string;
  /** Fastify's spelling: `/api/v1/cases/:id`. */
  url: string;
  allow: Allow;
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route of the app with its declared policy, as Fastify registered them (for tests and the fuzzer). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

/** Fastify adds a HEAD route beside every GET, and a CORS plugin an OPTIONS catch-all: neither is an API route. */
const derived = (method: string) => method === 'HEAD' || method === 'OPTIONS';

/**
 * Must be registered before any route. A route without a declared policy stops the server at
 * start, so no route can be added without saying who may call it. The policy is enforced in
 * onRequest, before the body is even read: a caller that may not use a route learns 401/403,
 * never field errors (422) about a body it had no right to send. The services check again.
 */
export function registerRoutePolicy(app: FastifyInstance, deps: Pick<HttpDeps, 'authenticate' | 'checkOperator'>): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (methods.every(derived)) return;
    const allow = route.config?.allow;
    if (!allow || !(ALLOW as readonly string[]).includes(allow)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no access policy: add config: { allow: ${ALLOW.map((a) => `'${a}'`).join(' | ')} } (src/http/route-policy.ts)`,
      );
    }
    for (const method of methods) if (!derived(method)) routes.push({ method, url: route.url, allow });
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const allow = req.routeOptions.config?.allow;
    // No route matched (a 404 on its way): nothing to guard.
    if (!allow || allow === 'public') return;
    if (allow === 'operator') {
      deps.checkOperator(req.headers.authorization);
      return;
    }
    const actor = await deps.authenticate(req.headers.authorization);
    req.actor = actor;
    if (!KINDS[allow].includes(actor.kind))
      throw new AppError('forbidden', `This endpoint is for ${WHO[allow as 'submitters' | 'platforms']}; your organization is ${kindInASentence(actor.kind)}`);
  });
}
