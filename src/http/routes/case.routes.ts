import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actOnCase, caseCounts, getCase, listUnassignedCases, listVisibleCases } from '../../services/case.service.ts';
import { assignableCasePeople, assignCase } from '../../services/case-assignment.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import {
  AssigneeInput,
  AssigneeList,
  Assignment,
  CaseActionInput,
  CaseCountQuery,
  CaseCounts,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseSummary,
  UnassignedCaseQuery,
} from './case.schemas.ts';

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

  app.get<{ Querystring: Static<typeof CaseCountQuery> }>(
    '/api/v1/cases/counts',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'The numbers of your queue: per status, overdue, due soon, assigned to you, and nobody’s',
        tags: ['cases'],
        security: BearerSecurity,
        querystring: CaseCountQuery,
        response: { 200: CaseCounts, ...problems(401, 422) },
      },
    },
    async (req) => caseCounts(ctx, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/cases/assignees',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'Whom your organization can give a case to: its active reviewers and admins',
        tags: ['cases'],
        security: BearerSecurity,
        response: { 200: AssigneeList, ...problems(401) },
      },
    },
    async (req) => assignableCasePeople(ctx, actorOf(req)),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof AssigneeInput> }>(
    '/api/v1/cases/:id/assignee',
    {
      config: { allow: 'organizations', action: 'case.act' },
      schema: {
        summary: 'Give the case to a reviewer or admin of your organization (null: take it back). Each organization assigns its own people.',
        tags: ['cases'],
        security: BearerSecurity,
        params: IdParams,
        body: AssigneeInput,
        response: { 200: Assignment, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => assignCase(ctx, actorOf(req), req.params.id, req.body.person_id),
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
    async (req) => actOnCase(ctx, actorOf(req), req.params.id, req.body.action, req.body.note, { text: req.body.text, urls: req.body.urls }),
  );
}
