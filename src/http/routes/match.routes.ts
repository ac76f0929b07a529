import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { matchContent } from '../../services/match.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, problems } from '../schema.ts';
import { MatchInput, MatchResult } from './match.schemas.ts';

export async function matchRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Body: Static<typeof MatchInput> }>(
    '/api/v1/match',
    {
      config: { allow: 'organizations' },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        summary: 'Has this content been reported already? Canonical URL, extracted article, matching cases',
        tags: ['match'],
        security: BearerSecurity,
        body: MatchInput,
        response: { 200: MatchResult, ...problems(400, 401, 413, 422) },
      },
    },
    async (req) => {
      actorOf(req); // any organization may ask; authentication is all it takes
      return matchContent(ctx, req.body);
    },
  );
}
