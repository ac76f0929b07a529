import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actOnCase, getCase, listUnassignedCases, listVisibleCases } from '../../services/case.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { CaseActionInput, CaseDetail, CaseList, CaseListQuery, CaseSummary, UnassignedCaseQuery } from './case.schemas.ts';

export async function caseRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get<{ Querystring: Static<typeof CaseListQuery> }>(
    '/api/v1/cases',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'Cases on your platform (platforms) or cases your notices joined (submitters), newest first',
        tags: ['cases'],
        security: BearerSecurity,
        querystring: CaseListQuery,
        response: { 200: CaseList, ...problems(401, 422) },
      },
    },
    async (req) => listVisibleCases(ctx, actorOf(req), req.query),
  );

  app.get<{ Querystring: Static<typeof UnassignedCaseQuery> }>(
    '/api/v1/cases/unassigned',
    {
      config: { allow: 'authorities' },
      schema: {
        summary: 'Cases on services no organization answers for (most often websites), newest first: the queue authorities watch',
        tags: ['cases'],
        security: BearerSecurity,
        querystring: UnassignedCaseQuery,
        response: { 200: CaseList, ...problems(401, 403, 422) },
      },
    },
    async (req) => listUnassignedCases(ctx, actorOf(req), req.query),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/cases/:id',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'One case with its notices, decisions and timeline',
        tags: ['cases'],
        security: BearerSecurity,
        params: IdParams,
        response: { 200: CaseDetail, ...problems(401, 404) },
      },
    },
    async (req) => getCase(ctx, actorOf(req), req.params.id),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CaseActionInput> }>(
    '/api/v1/cases/:id/actions',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'Move a case: start_review, appeal, close, reopen',
        tags: ['cases'],
        security: BearerSecurity,
        params: IdParams,
        body: CaseActionInput,
        response: { 200: CaseSummary, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => actOnCase(ctx, actorOf(req), req.params.id, req.body.action, req.body.note),
  );
}
