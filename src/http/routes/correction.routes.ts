import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { correctRecord, recordHistory } from '../../services/correction.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { CorrectionInput, CorrectionRecord, RecordHistory } from './correction.schemas.ts';

const CORRECTS =
  'A new record of type correction supersedes it: its body is the whole corrected record, plus what changed (from → to) and why. Both stay in the transparency log; search shows the correction. 409: the record was withdrawn, or already corrected (correct latest_record_id), or is not a kind corrections are for. 422 names changes.<field>.';

/** Corrections, never silent (issue 14): published records are corrected by new ones, never updated. */
export async function correctionRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CorrectionInput> }>(
    '/api/v1/public-records/:id/corrections',
    {
      config: { allow: 'organizations', action: 'record.correct' },
      schema: {
        summary: `Correct a record you published: a platform its decisions, a submitter its notices. ${CORRECTS}`,
        tags: ['public'],
        security: BearerSecurity,
        params: IdParams,
        body: CorrectionInput,
        response: { 201: CorrectionRecord, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await correctRecord(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CorrectionInput> }>(
    '/api/v1/admin/public-records/:id/corrections',
    {
      config: { allow: 'operator' },
      schema: {
        summary: `Correct any published record (operator token required). ${CORRECTS}`,
        tags: ['operator'],
        security: [{ operator: [] }],
        params: IdParams,
        body: CorrectionInput,
        response: { 201: CorrectionRecord, ...problems(400, 401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await correctRecord(ctx, null, req.params.id, req.body)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public/records/:id/history',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Every version of a record, the original first, from any of them: the original and each correction that superseded the one before',
        tags: ['public'],
        params: IdParams,
        response: { 200: RecordHistory, ...problems(404) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=10');
      return recordHistory(ctx, req.params.id);
    },
  );
}
