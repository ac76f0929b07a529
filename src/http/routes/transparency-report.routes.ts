import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getTransparencyReport, getTransparencyReportCsv, listTransparencyReports, makeOnDemandReport } from '../../services/transparency-report.service.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, problems } from '../schema.ts';
import { OnDemandReportInput, TransparencyReport, TransparencyReportList } from './transparency-report.schemas.ts';

/**
 * Transparency reports: anyone reads them (an archived report never changes, so it may be cached
 * long); the operator asks for one on any period. The half-yearly ones are the worker's.
 */
export async function transparencyReportRoutes(app: FastifyInstance, { ctx, publicUrl }: HttpDeps) {
  app.get(
    '/api/v1/public/transparency-reports',
    {
      config: { allow: 'public' },
      schema: { summary: 'Transparency reports, newest period first', tags: ['public'], response: { 200: TransparencyReportList } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return listTransparencyReports(ctx);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public/transparency-reports/:id',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'One transparency report: the body of its logged public record',
        tags: ['public'],
        params: IdParams,
        response: { 200: TransparencyReport, ...problems(404) },
      },
    },
    async (req, reply) => {
      const report = await getTransparencyReport(ctx, req.params.id);
      // The figures never change; the log index appears once the record is logged.
      reply.header('cache-control', `public, max-age=${report.log_index === null ? 10 : 3600}`);
      return report;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public/transparency-reports/:id/csv',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'One transparency report as CSV (UTF-8 with a BOM), read from its logged record',
        tags: ['public'],
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: { type: 'string' }, ...problems(404) },
      },
    },
    async (req, reply) => {
      const { fileName, csv } = await getTransparencyReportCsv(ctx, req.params.id);
      reply.header('cache-control', 'public, max-age=3600');
      reply.header('content-disposition', `attachment; filename="${fileName}"`);
      reply.type('text/csv; charset=utf-8');
      return csv;
    },
  );

  app.post<{ Body: Static<typeof OnDemandReportInput> }>(
    '/api/v1/admin/transparency-reports',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Make and publish a transparency report on a period of up to a year (operator token required)',
        tags: ['operator'],
        security: [{ operator: [] }],
        body: OnDemandReportInput,
        response: { 201: TransparencyReport, ...problems(401, 404, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await makeOnDemandReport(ctx, req.body, { deployment: publicUrl })),
  );
}
