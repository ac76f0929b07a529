import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { recordDecision, recordNoAction } from '../../services/decision.service.ts';
import type { IssuedStatementLink } from '../../services/statement-link.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { DecisionView, NoActionInput, StatementOfReasonsInput } from './decision.schemas.ts';
import { presentStatementLink } from './statement.routes.ts';

export async function decisionRoutes(app: FastifyInstance, { ctx, configuredPublicUrl }: HttpDeps) {
  // The affected user's link, shown in this answer only (statement.routes.ts).
  const present = <T extends { affected_user_statement: IssuedStatementLink }>(d: T) => ({
    ...d,
    affected_user_statement: presentStatementLink(d.affected_user_statement, configuredPublicUrl),
  });

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
    async (req, reply) => reply.status(201).send(present(await recordDecision(ctx, actorOf(req), req.params.id, req.body))),
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
    async (req, reply) => reply.status(201).send(present(await recordNoAction(ctx, actorOf(req), req.params.id, req.body))),
  );
}
