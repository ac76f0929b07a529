import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createOrganization } from '../../services/organization.service.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { withdrawPublicRecord } from '../../services/withdrawal.service.ts';
import { IdParams } from '../schema.ts';
import { CreatedOrganization, CreateOrganizationInput, WithdrawalInput, WithdrawalResult } from './admin.schemas.ts';

/**
 * Operator routes. The CLI uses them when a running server holds the embedded database, which no
 * second process may open; they answer 404 unless the server was given an operator token.
 */
export async function adminRoutes(app: FastifyInstance, { ctx, checkOperator }: HttpDeps) {
  app.post<{ Body: Static<typeof CreateOrganizationInput> }>(
    '/api/v1/admin/organizations',
    {
      schema: {
        summary: 'Create an organization and its first API key (operator token required)',
        tags: ['operator'],
        security: [{ operator: [] }],
        body: CreateOrganizationInput,
        response: { 201: CreatedOrganization, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      checkOperator(req.headers.authorization);
      return reply.status(201).send(await createOrganization(ctx, req.body));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WithdrawalInput> }>(
    '/api/v1/admin/public-records/:id/withdrawal',
    {
      schema: {
        summary: "Withdraw a public record's body (operator token required); the withdrawal is published and logged, the record keeps its log entry",
        tags: ['operator'],
        security: [{ operator: [] }],
        params: IdParams,
        body: WithdrawalInput,
        response: { 201: WithdrawalResult, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      checkOperator(req.headers.authorization);
      return reply.status(201).send(await withdrawPublicRecord(ctx, req.params.id, req.body));
    },
  );
}
