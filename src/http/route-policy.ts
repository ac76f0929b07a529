import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { kindInASentence, ORG_KINDS, SUBMITTER_KINDS, type Actor, type OrgKind } from '../core/organization.ts';
import { ACTIONS, can, defaultAction, isAction, roleFor, type Action } from '../core/policy.ts';
import { checkCsrf } from './csrf.ts';
import type { HttpDeps } from './deps.ts';
import { sessionTokenOf, setSessionCookie } from './session-cookie.ts';

/**
 * Who may call a route, declared on the route itself (`config: { allow: 'platforms' }`):
 * - `public`: anyone, no key looked at;
 * - `operator`: the operator token (404 when the server has none);
 * - `organizations`: any organization's API key;
 * - `submitters`: the key of an organization that files notices (not a platform);
 * - `platforms`: a platform organization's key;
 * - `authorities`: an authority's key (the unassigned queue);
 * - `people`: a person signed in (session cookie), whatever their role: their own session;
 * - `fact_checkers`: a trusted flagger's key (fact-checkers are registered as trusted flaggers).
 *
 * `organizations`, `submitters`, `platforms` and `authorities` take an API key or a person's session cookie
 * (then with the CSRF token on POST/PUT/PATCH/DELETE, src/http/csrf.ts). Each route also stands
 * for an action of src/core/policy.ts (`config: { action: 'people.manage' }`), which says the
 * least role a person needs: without one, GET is `read` (viewer) and any other method `write`
 * (reviewer), so a route that administers (people, keys, webhooks, settings) must say so.
 * API keys have no role: they keep their organization's full access.
 */
export const ALLOW = ['public', 'operator', 'organizations', 'submitters', 'platforms', 'authorities', 'people', 'fact_checkers'] as const;
export type Allow = (typeof ALLOW)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    allow?: Allow;
    /** The action the route stands for (src/core/policy.ts); by default `read` for GET, `write` otherwise. */
    action?: Action;
  }
}

const KINDS: Record<'organizations' | 'submitters' | 'platforms' | 'authorities' | 'fact_checkers', readonly OrgKind[]> = {
  organizations: ORG_KINDS,
  submitters: SUBMITTER_KINDS,
  platforms: ['platform'],
  authorities: ['authority'],
  fact_checkers: ['trusted_flagger'],
};

const WHO: Record<'submitters' | 'platforms' | 'authorities' | 'fact_checkers', string> = {
  submitters: 'organizations that submit notices (authorities, trusted flaggers, rights holders, public reporters)',
  platforms: 'platforms',
  authorities: 'authorities',
  fact_checkers: 'fact-checkers (organizations registered as trusted flaggers)',
};

export interface DeclaredRoute {
  method: string;
  /** Fastify's spelling: `/api/v1/cases/:id`. */
  url: string;
  allow: Allow;
}

/** The action a route stands for, declared or by its method. */
export function routeAction(method: string, declared: Action | undefined): Action {
  return declared ?? defaultAction(method);
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
export function registerRoutePolicy(app: FastifyInstance, deps: Pick<HttpDeps, 'authenticate' | 'checkOperator' | 'authenticateSession'>): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.decorateRequest('actor', null);
  app.decorateRequest('personSession', null);

  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (methods.every(derived)) return;
    const allow = route.config?.allow;
    if (!allow || !(ALLOW as readonly string[]).includes(allow)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no access policy: add config: { allow: ${ALLOW.map((a) => `'${a}'`).join(' | ')} } (src/http/route-policy.ts)`,
      );
    }
    const action = route.config?.action;
    if (action !== undefined && !isAction(action)) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares an unknown action '${String(action)}': one of ${Object.keys(ACTIONS).join(', ')} (src/core/policy.ts)`);
    }
    for (const method of methods) if (!derived(method)) routes.push({ method, url: route.url, allow });
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const allow = req.routeOptions.config?.allow;
    // No route matched (a 404 on its way): nothing to guard.
    if (!allow || allow === 'public') return;
    if (allow === 'operator') {
      deps.checkOperator(req.headers.authorization);
      return;
    }
    // An Authorization header wins: a machine's key, as before. Without one, the session cookie.
    const token = req.headers.authorization === undefined ? sessionTokenOf(req) : null;
    let actor: Actor;
    if (token !== null) {
      const session = await deps.authenticateSession(token);
      checkCsrf(req, session);
      if (session.renewedMaxAgeS !== null) setSessionCookie(reply, token, session.renewedMaxAgeS);
      req.personSession = session;
      req.actor = actor = session.actor;
      if (session.totpEnrolmentRequired && allow !== 'people') {
        throw new AppError(
          'forbidden',
          'Quản trị viên của cơ quan và nền tảng phải bật xác thực hai lớp trước (admins of authorities and platforms must enrol a second factor first: POST /api/v1/session/totp)',
          { extra: { reason: 'totp_enrolment_required' } },
        );
      }
    } else {
      if (allow === 'people' && req.headers.authorization === undefined) throw new AppError('unauthenticated', 'Hãy đăng nhập (sign in first: POST /api/v1/sessions)');
      req.actor = actor = await deps.authenticate(req.headers.authorization);
      if (allow === 'people') throw new AppError('forbidden', 'This endpoint is for a person signed in, not an API key');
    }
    if (allow !== 'people' && !KINDS[allow].includes(actor.kind))
      throw new AppError('forbidden', `This endpoint is for ${WHO[allow as keyof typeof WHO]}; your organization is ${kindInASentence(actor.kind)}`);
    const action = routeAction(req.method, req.routeOptions.config?.action);
    if (!can(actor, action)) {
      throw new AppError('forbidden', `Vai trò ${actor.role} không được làm việc này (your role, ${actor.role}, may not do this: it needs ${roleFor(action)})`, {
        extra: { reason: 'role', required_role: roleFor(action) },
      });
    }
  });
}
