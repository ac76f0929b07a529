import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createOwnKey, listOwnKeys, revokeOwnKey } from '../../services/api-key.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, problems } from '../schema.ts';
import { CreatedOwnKey, OwnKey, OwnKeyInput, OwnKeyList } from './api-key.schemas.ts';
import { KeyOrSessionSecurity } from './session.schemas.ts';

const tags = ['organization'];

/** An organization's own API keys, managed by its admins (the operator's routes are in admin.routes.ts). */
export async function apiKeyRoutes(app: FastifyInstance, { ctx, authenticate }: HttpDeps) {
  app.get(
    '/api/v1/organization/keys',
    {
      config: { allow: 'organizations', action: 'keys.manage' },
      schema: {
        summary: "Your organization's API keys: prefix, name, when created, last used and revoked (admins; never the key)",
        tags,
        security: KeyOrSessionSecurity,
        response: { 200: OwnKeyList, ...problems(401, 403) },
      },
    },
    async (req) => listOwnKeys(ctx, actorOf(req)),
  );

  app.post<{ Body: Static<typeof OwnKeyInput> }>(
    '/api/v1/organization/keys',
    {
      config: { allow: 'organizations', action: 'keys.manage' },
      schema: {
        summary: 'Create an API key for your organization (admins); the key is in this answer only',
        tags,
        security: KeyOrSessionSecurity,
        body: OwnKeyInput,
        response: { 201: CreatedOwnKey, ...problems(401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createOwnKey(ctx, actorOf(req), req.body)),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/organization/keys/:id/revocation',
    {
      config: { allow: 'organizations', action: 'keys.manage' },
      schema: {
        summary: 'Revoke one of your API keys (admins): 401 at once on this server, within 10 seconds on others; revoking twice is harmless',
        tags,
        security: KeyOrSessionSecurity,
        params: IdParams,
        response: { 200: OwnKey, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const out = await revokeOwnKey(ctx, actorOf(req), req.params.id);
      authenticate.invalidate();
      return out;
    },
  );
}
