import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { recordDecision, recordNoAction } from '../../services/decision.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { DecisionView, NoActionInput, StatementOfReasonsInput } from './decision.schemas.ts';

export async function decisionRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof StatementOfReasonsInput> }>(
    '/api/v1/cases/:id/decisions',
    {
      config: { allow: 'platforms' },
      schema: {
        summary: "Record the platform's decision as a DSA statement of reasons; it is published",
        tags: ['cases'],
        security: BearerSecurity,
        params: IdParams,
        body: StatementOfReasonsInput,
        response: { 201: DecisionView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await recordDecision(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoActionInput> }>(
    '/api/v1/cases/:id/no-action',
    {
      config: { allow: 'platforms' },
      schema: {
        summary: 'Answer a case without restricting the content, with reasons; the answer is published',
        tags: ['cases'],
        security: BearerSecurity,
        params: IdParams,
        body: NoActionInput,
        response: { 201: DecisionView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await recordNoAction(ctx, actorOf(req), req.params.id, req.body)),
  );
}
