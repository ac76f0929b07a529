import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { matchContentAndImage } from '../../services/image-match.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, problems } from '../schema.ts';
import { MATCH_BODY_LIMIT, MatchInput, MatchResult } from './match.schemas.ts';

export async function matchRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Body: Static<typeof MatchInput> }>(
    '/api/v1/match',
    {
      config: { allow: 'organizations' },
      bodyLimit: MATCH_BODY_LIMIT,
      schema: {
        summary: 'Has this content been reported already? Canonical URL, extracted article, the matching cases you may see (by URL, text or picture)',
        tags: ['match'],
        security: BearerSecurity,
        body: MatchInput,
        response: { 200: MatchResult, ...problems(400, 401, 413, 415, 422, 503) },
      },
    },
    async (req, reply) => {
      // Any organization may ask; what it learns about each case depends on who it is.
      try {
        return await matchContentAndImage(ctx, actorOf(req), req.body);
      } catch (e) {
        // Every extraction or hashing worker is busy and the queue is full: come back in a moment.
        if (e instanceof AppError && e.code === 'unavailable') void reply.header('retry-after', String(e.extra.retry_after ?? 1));
        throw e;
      }
    },
  );
}
