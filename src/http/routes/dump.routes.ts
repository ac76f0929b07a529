import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { listPublicDumps, makeDailyDump, openDumpFile } from '../../services/dump.service.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { DumpFileParams, DumpList, DumpListQuery, DumpRunResult } from './dump.schemas.ts';

/**
 * Open data (issue 14): the daily dumps of every public record, listed with their SHA-256 and
 * checkpoint, and their files, for anyone (CORS like every public read). `dir` is null when this
 * deployment makes no dumps (PostgreSQL without MINHBACH_DUMPS_DIR): the list is then what
 * others made, and its files are not served here.
 */
export async function dumpRoutes(app: FastifyInstance, { ctx }: HttpDeps, { dir }: { dir: string | null }) {
  app.get<{ Querystring: Static<typeof DumpListQuery> }>(
    '/api/v1/public/dumps',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Daily open data dumps of every public record (CSV, JSON lines, Parquet), newest first, full history',
        tags: ['public'],
        querystring: DumpListQuery,
        response: { 200: DumpList, ...problems(422) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return listPublicDumps(ctx, req.query);
    },
  );

  app.get<{ Params: Static<typeof DumpFileParams> }>(
    '/api/v1/public/dumps/:id/:format',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'One file of a dump; its SHA-256 is in the list and in the dump record',
        tags: ['public'],
        params: DumpFileParams,
        response: { ...problems(404, 422) },
      },
    },
    async (req, reply) => {
      const file = await openDumpFile(ctx, dir, req.params.id, req.params.format);
      // A dump's files never change once listed.
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.bytes))
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(file.stream);
    },
  );

  app.post(
    '/api/v1/admin/dumps',
    {
      config: { allow: 'operator' },
      schema: {
        summary: "Make today's open data dump now unless it exists (`minhbach dump`); answers when done",
        tags: ['operator'],
        security: [{ operator: [] }],
        response: { 200: DumpRunResult, ...problems(401, 409) },
      },
    },
    async () => {
      if (dir === null) throw new AppError('conflict', 'This deployment makes no dumps: set MINHBACH_DUMPS_DIR (required with DATABASE_URL)');
      const outcome = await makeDailyDump(ctx, { dir });
      return outcome.made ? { made: true, dump: outcome.dump } : outcome;
    },
  );
}
