import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { reviewRelatedCase } from '../../services/case-duplicate.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, problems } from '../schema.ts';
import { RelatedCaseParams, RelatedCaseReviewInput, RelatedCaseReviewResult } from './case-duplicate.schemas.ts';

export async function caseDuplicateRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Params: Static<typeof RelatedCaseParams>; Body: Static<typeof RelatedCaseReviewInput> }>(
    '/api/v1/cases/:id/related/:related_id',
    {
      config: { allow: 'platforms', action: 'case.act' },
      schema: {
        summary:
          'Answer a suggested duplicate: duplicate merges the two cases (same service, both received or in review), not_duplicate dismisses the suggestion for good. 404: not your case, or not one of its related_cases; 409: why they cannot be merged, or already dismissed.',
        tags: ['cases'],
        security: BearerSecurity,
        params: RelatedCaseParams,
        body: RelatedCaseReviewInput,
        response: { 200: RelatedCaseReviewResult, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => reviewRelatedCase(ctx, actorOf(req), req.params.id, req.params.related_id, req.body),
  );
}
