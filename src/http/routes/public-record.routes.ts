import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getRecord, publicStats, searchRecords, STATS_TTL_MS } from '../../services/public-record.service.ts';
import type { HttpDeps } from '../deps.ts';
import { AnyObject, IdParams, problems } from '../schema.ts';
import { PublicRecordList, PublicRecordQuery, PublicStats } from './public-record.schemas.ts';

/** The public transparency database: no key needed, personal data already redacted at publication. */
export async function publicRecordRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get<{ Querystring: Static<typeof PublicRecordQuery> }>(
    '/api/v1/public/records',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Search published authority requests, flagger notices and statements of reasons',
        tags: ['public'],
        querystring: PublicRecordQuery,
        response: { 200: PublicRecordList, ...problems(422) },
      },
    },
    async (req, reply) => {
      const { from, to, ...rest } = req.query;
      reply.header('cache-control', 'public, max-age=10');
      return searchRecords(ctx, { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public/records/:id',
    { config: { allow: 'public' }, schema: { summary: 'One public record', tags: ['public'], params: IdParams, response: { 200: AnyObject, ...problems(404) } } },
    async (req) => getRecord(ctx, req.params.id),
  );

  app.get(
    '/api/v1/public/stats',
    { config: { allow: 'public' }, schema: { summary: 'Totals per platform, including cases on platforms not onboarded', tags: ['public'], response: { 200: PublicStats } } },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${STATS_TTL_MS / 1000}`);
      return publicStats(ctx);
    },
  );
}
