import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getSlaPolicies, SLA_POLICY_TTL_MS, setSlaPolicies } from '../../services/sla-policy.service.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { SlaPolicies, SlaPoliciesInput } from './sla.schemas.ts';

const operator = { tags: ['operator'], security: [{ operator: [] }] };

/** Deadline policies: set by the operator, readable by anyone (they are the rules platforms are held to). */
export async function slaRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/api/v1/admin/sla-policies',
    { config: { allow: 'operator' }, schema: { summary: 'The deadline policies in force', ...operator, response: { 200: SlaPolicies, ...problems(401, 404) } } },
    async () => getSlaPolicies(ctx),
  );

  app.put<{ Body: Static<typeof SlaPoliciesInput> }>(
    '/api/v1/admin/sla-policies',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Replace the deadline policies; notices received from now on get the new deadlines (other processes within 5 s)',
        ...operator,
        body: SlaPoliciesInput,
        response: { 200: SlaPolicies, ...problems(401, 404, 422) },
      },
    },
    async (req) => setSlaPolicies(ctx, req.body),
  );

  app.get(
    '/api/v1/public/sla-policies',
    { config: { allow: 'public' }, schema: { summary: 'The deadlines platforms must answer notices and appeals within', tags: ['public'], response: { 200: SlaPolicies } } },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${SLA_POLICY_TTL_MS / 1000}`);
      return getSlaPolicies(ctx);
    },
  );
}
