import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { appealThroughLink, assignAppealReviewer } from '../../services/appeal.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { AppealReviewer, AppealReviewerInput, LinkAppealView, PublicAppealInput } from './appeal.schemas.ts';
import { StatementTokenParams } from './statement.schemas.ts';

const HOUR_MS = 3_600_000;
/**
 * Appeals per client address per hour. An appeal needs a statement link (256 random bits) and is
 * one per link, so this only bounds guessing and repeats; loose, as carriers put many people
 * behind one address.
 */
const APPEALS_PER_HOUR = 20;

/** Appeals (issue 14, DSA Art. 20): the affected user's, through the statement link, and the platform's reviewer. */
export async function appealRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Params: Static<typeof StatementTokenParams>; Body: Static<typeof PublicAppealInput> }>(
    '/api/v1/public/statements/:token/appeals',
    {
      config: { allow: 'public', rateLimit: { max: APPEALS_PER_HOUR, timeWindow: HOUR_MS } },
      schema: {
        summary: 'Appeal the decision, through the statement link (no account): why, and up to 10 links',
        description:
          'While the decision is the case’s latest and the case is decided or closed, within six months of the decision, once per link (409 with `reason`, and `existing_id` when already appealed). The case goes back to its platform with the appeal deadline (48 h unless a policy says otherwise). The text and links are shown to the platform only: never published, never in an event. Every invalid field is named (422).',
        tags: ['appeals'],
        security: [],
        params: StatementTokenParams,
        body: PublicAppealInput,
        response: { 201: LinkAppealView, ...problems(404, 409, 422, 429) },
      },
    },
    async (req, reply) => reply.status(201).send(await appealThroughLink(ctx, req.params.token, req.body)),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof AppealReviewerInput> }>(
    '/api/v1/appeals/:id/reviewer',
    {
      config: { allow: 'organizations', action: 'case.act' },
      schema: {
        summary: 'Give an appeal to a reviewer who took no part in the decision appealed (DSA Art. 20(4))',
        description:
          'The person must be an active reviewer or admin of your platform. One who decided the decision appealed is refused (409, `reason: reviewer_took_part`, naming the decision and `person_id`). Once assigned, only that person (or an API key of the platform) may decide the appeal.',
        tags: ['appeals'],
        security: BearerSecurity,
        params: IdParams,
        body: AppealReviewerInput,
        response: { 200: AppealReviewer, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (req) => assignAppealReviewer(ctx, actorOf(req), req.params.id, req.body.person_id),
  );
}
