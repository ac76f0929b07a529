import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createFactCheck, listFactChecksOfCase, publicFactCheck, publicFactChecks } from '../../services/fact-check.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { AnyObject, BearerSecurity, IdParams, problems } from '../schema.ts';
import { ClaimReviewDocument, FactCheck, FactCheckInput, FactCheckList, PublicFactCheckQuery } from './fact-check.schemas.ts';

/** JSON-LD's own media type: what ClaimReview consumers (search engines, aggregators) ask for. */
const LD_JSON = 'application/ld+json; charset=utf-8';

export async function factCheckRoutes(app: FastifyInstance, { ctx, publicUrl }: HttpDeps) {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof FactCheckInput> }>(
    '/api/v1/cases/:id/fact-checks',
    {
      config: { allow: 'fact_checkers', action: 'fact_check.create' },
      schema: {
        summary:
          "Record a fact-checker's verdict on a case (false, misleading, missing_context, true, unverifiable) with sources and a public explanation. Published as a fact_check record and logged; the case's platform and submitters get fact_check.created. Any case may be checked; 409 for a merged case (checked on the case it joined).",
        tags: ['fact-checks'],
        security: BearerSecurity,
        params: IdParams,
        body: FactCheckInput,
        response: { 201: FactCheck, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createFactCheck(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/cases/:id/fact-checks',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: "A case's verdicts, newest first, each fact-checker's latest marked current: for whoever may see the case",
        tags: ['fact-checks'],
        security: BearerSecurity,
        params: IdParams,
        response: { 200: FactCheckList, ...problems(401, 403, 404) },
      },
    },
    async (req) => listFactChecksOfCase(ctx, actorOf(req), req.params.id),
  );

  app.get<{ Querystring: Static<typeof PublicFactCheckQuery> }>(
    '/api/v1/public/fact-checks',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Published verdicts as schema.org ClaimReview (JSON-LD), newest first',
        tags: ['public'],
        querystring: PublicFactCheckQuery,
        response: { 200: ClaimReviewDocument, ...problems(422) },
      },
    },
    async (req, reply) => {
      const doc = await publicFactChecks(ctx, publicUrl, req.query);
      reply.header('cache-control', 'public, max-age=10').type(LD_JSON);
      return doc;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public/fact-checks/:id',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'One published verdict, by its fact-check id, as a schema.org ClaimReview (JSON-LD)',
        tags: ['public'],
        params: IdParams,
        response: { 200: AnyObject, ...problems(404) },
      },
    },
    async (req, reply) => {
      const review = await publicFactCheck(ctx, publicUrl, req.params.id);
      reply.type(LD_JSON);
      return review;
    },
  );
}
