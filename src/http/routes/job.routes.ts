import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listParked, outboxStatus, retryParked } from '../../services/job.service.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, PageQuery, problems } from '../schema.ts';
import { OutboxStatus, ParkedJobPage, RetriedJob } from './job.schemas.ts';

const operator = { tags: ['operator'], security: [{ operator: [] }] };
const ParkedQuery = Type.Object(PageQuery, { additionalProperties: false });

/** The worker as an operator sees it (`minhbach jobs …`): outbox depth and lag, parked jobs, retry. */
export async function jobRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/api/v1/admin/outbox',
    { config: { allow: 'operator' }, schema: { summary: 'Outbox depth and lag, pending and parked jobs', ...operator, response: { 200: OutboxStatus, ...problems(401) } } },
    async () => outboxStatus(ctx),
  );

  app.get<{ Querystring: Static<typeof ParkedQuery> }>(
    '/api/v1/admin/jobs/parked',
    {
      config: { allow: 'operator' },
      schema: { summary: 'Jobs that failed every attempt, newest first', ...operator, querystring: ParkedQuery, response: { 200: ParkedJobPage, ...problems(401, 422) } },
    },
    async (req) => listParked(ctx, req.query),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/admin/jobs/:id/retry',
    {
      config: { allow: 'operator' },
      schema: { summary: 'Queue a parked job again, due now, with the same id', ...operator, params: IdParams, response: { 200: RetriedJob, ...problems(401, 404) } },
    },
    async (req) => retryParked(ctx, req.params.id),
  );
}
