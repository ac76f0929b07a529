import type { FastifyInstance } from 'fastify';
import { STATS_TTL_MS } from '../../services/public-record.service.ts';
import { publicStatsCharts } from '../../services/public-stats-charts.service.ts';
import type { HttpDeps } from '../deps.ts';
import { PublicStatsCharts } from './public-stats.schemas.ts';

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
}
