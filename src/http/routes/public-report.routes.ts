import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PublicReportConfig } from '../../config.ts';
import { checkPublicMatch, issueReportChallenge, publicReportStatus, submitPublicReport } from '../../services/public-report.service.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { PublicMatch, PublicMatchInput, PublicReportInput, PublicReportStatus, ReportChallenge, ReportCodeParams, SubmittedReport } from './public-report.schemas.ts';

const tags = ['public reports'];
const HOUR_MS = 3_600_000;

/**
 * The public report form (issue 13): anyone, no account. Challenges and reports have limits per
 * client address of their own (`config.rateLimit`, applied by the rate limiter of protection.ts
 * when limits are on); the status and the match check keep the limit of every public route.
 */
export async function publicReportRoutes(app: FastifyInstance, { ctx }: HttpDeps, settings: PublicReportConfig) {
  app.post(
    '/api/v1/public/report-challenges',
    {
      config: { allow: 'public', rateLimit: { max: settings.challengesPerHour, timeWindow: HOUR_MS } },
      schema: {
        summary: 'A proof-of-work challenge for one public report: solve it, then send it with the report (valid once, for 10 minutes)',
        tags,
        security: [],
        response: { 201: ReportChallenge, ...problems(429, 503) },
      },
    },
    async (_req, reply) => reply.status(201).send(await issueReportChallenge(ctx, settings)),
  );

  app.post<{ Body: Static<typeof PublicReportInput> }>(
    '/api/v1/public/reports',
    {
      config: { allow: 'public', rateLimit: { max: settings.reportsPerHour, timeWindow: HOUR_MS } },
      schema: {
        summary: 'Report content, without an account: answers the tracking code, once',
        description:
          'The report becomes a notice of the deployment’s public reporter and joins the case of each URL. Every invalid field is named (422), the proof of work included (`challenge`, `solution`); a challenge is refused the second time.',
        tags,
        security: [],
        body: PublicReportInput,
        response: { 201: SubmittedReport, ...problems(422, 429, 503) },
      },
    },
    async (req, reply) => reply.status(201).send(await submitPublicReport(ctx, req.body)),
  );

  app.get<{ Params: Static<typeof ReportCodeParams> }>(
    '/api/v1/public/reports/:code',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Where a public report stands, by its tracking code: each URL’s stage, deadline, and the outcome with its public record',
        tags,
        security: [],
        params: ReportCodeParams,
        response: { 200: PublicReportStatus, ...problems(404) },
      },
    },
    async (req) => publicReportStatus(ctx, req.params.code),
  );

  app.post<{ Body: Static<typeof PublicMatchInput> }>(
    '/api/v1/public/report-match',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Is this content already known? Only what the public may know: known or not, and the published decision',
        tags,
        security: [],
        body: PublicMatchInput,
        response: { 200: PublicMatch, ...problems(422) },
      },
    },
    async (req) => checkPublicMatch(ctx, req.body.url),
  );
}
