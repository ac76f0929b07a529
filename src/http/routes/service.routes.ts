import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { changeService, listRegistry, publicRegistry, registerService, SERVICE_DIRECTORY_TTL_MS } from '../../services/service-registry.service.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { PublicServiceList, RegisterServiceInput, ServiceChange, ServiceList, ServiceSlugParams, UpdateServiceInput } from './service.schemas.ts';

const operator = { tags: ['operator'], security: [{ operator: [] }] };

/** The registry of services: who answers for which platform or website (issue 12, item 3). */
export async function serviceRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/api/v1/public/services',
    {
      config: { allow: 'public' },
      schema: { summary: 'The services content is filed against, their hosts, and which organization answers for each', tags: ['public'], response: { 200: PublicServiceList } },
    },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${SERVICE_DIRECTORY_TTL_MS / 1000}`);
      return publicRegistry(ctx);
    },
  );

  app.get(
    '/api/v1/admin/services',
    {
      config: { allow: 'operator' },
      schema: { summary: 'The registry, with contact addresses (operator token required)', ...operator, response: { 200: ServiceList, ...problems(401, 404) } },
    },
    async () => listRegistry(ctx),
  );

  app.post<{ Body: Static<typeof RegisterServiceInput> }>(
    '/api/v1/admin/services',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Register a service, most often a website: its hosts, who answers for it, or where requests go meanwhile',
        ...operator,
        body: RegisterServiceInput,
        response: { 201: ServiceChange, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await registerService(ctx, req.body)),
  );

  app.patch<{ Params: Static<typeof ServiceSlugParams>; Body: Static<typeof UpdateServiceInput> }>(
    '/api/v1/admin/services/:slug',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Change a service: name, hosts, the organization that answers for it (null: none), its contact address',
        ...operator,
        params: ServiceSlugParams,
        body: UpdateServiceInput,
        response: { 200: ServiceChange, ...problems(401, 404, 409, 422) },
      },
    },
    async (req) => changeService(ctx, req.params.slug, req.body),
  );
}
