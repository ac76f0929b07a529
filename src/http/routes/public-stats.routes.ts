import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { STATS_TTL_MS } from '../../services/public-record.service.ts';
import { publicStatsCharts } from '../../services/public-stats-charts.service.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { requesterStats } from '../../services/requester-stats.service.ts';
import { PublicStatsCharts, RequesterStats, RequesterStatsQuery } from './public-stats.schemas.ts';

/** The figures behind the statistics page's charts: aggregates only, no key needed. */
export async function publicStatsRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/api/v1/public/stats/charts',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Requests by authority and month, decisions by outcome, time to decision, overdue share, appeals and reversals',
        tags: ['public'],
        response: { 200: PublicStatsCharts },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${STATS_TTL_MS / 1000}`);
      return publicStatsCharts(ctx);
    },
  );

  app.get<{ Querystring: Static<typeof RequesterStatsQuery> }>(
    '/api/v1/public/stats/requesters',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Per authority, trusted flagger and rights holder: notices sent, share acted on, time to decision, appeals won against their requests',
        description:
          'What DSA Art. 22 asks of trusted flaggers, applied to authorities and rights holders too, over months of Vietnam time (by default the last 12). Public reporters, private persons, are never listed.',
        tags: ['public'],
        querystring: RequesterStatsQuery,
        response: { 200: RequesterStats, ...problems(422) },
      },
    },
    async (req, reply) => {
      const stats = await requesterStats(ctx, req.query);
      reply.header('cache-control', `public, max-age=${STATS_TTL_MS / 1000}`);
      return stats;
    },
  );
}
