import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { counterNoticeForStatement, fileCounterNotice, listCounterNotices, showCourtFiling, type CounterNoticeSettings } from '../../services/counter-notice.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import {
  CounterNoticeInput,
  CounterNoticeList,
  CounterNoticeProgress,
  CounterNoticeView,
  CourtFilingInput,
  StatementCounterNotice,
  StatementTokenParams,
} from './counter-notice.schemas.ts';

const tags = ['counter-notices'];
const HOUR_MS = 3_600_000;
/**
 * Counter-notices per client address per hour. A counter-notice needs a statement link (256
 * random bits) and is one per decision, so this only bounds guessing and repeats; loose, since
 * carriers put many people behind one address.
 */
const FILED_PER_HOUR = 20;

/**
 * Counter-notices (issue 14): the uploader files one through the decision's statement link, no
 * account; the case's rights holders read it (with the uploader's contact) and may show a court
 * filing before the waiting period ends.
 */
export async function counterNoticeRoutes(app: FastifyInstance, { ctx }: HttpDeps, settings: CounterNoticeSettings) {
  app.get<{ Params: Static<typeof StatementTokenParams> }>(
    '/api/v1/public/statements/:token/counter-notice',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Whether a counter-notice may be filed on this decision, and where the one filed stands (no personal data)',
        tags,
        security: [],
        params: StatementTokenParams,
        response: { 200: StatementCounterNotice, ...problems(404) },
      },
    },
    async (req) => counterNoticeForStatement(ctx, req.params.token, settings),
  );

  app.post<{ Params: Static<typeof StatementTokenParams>; Body: Static<typeof CounterNoticeInput> }>(
    '/api/v1/public/statements/:token/counter-notices',
    {
      config: { allow: 'public', rateLimit: { max: FILED_PER_HOUR, timeWindow: HOUR_MS } },
      schema: {
        summary: 'Answer a rights holder’s notice with a counter-notice, through the statement link (no account)',
        description:
          'Only on a decision that restricted the content on a case with a rights holder’s notice, while it is the case’s latest decision, once (409 otherwise, with `reason`). The statement and contact go to the rights holders of the case only; the public record says that a counter-notice was filed, when, and until when the rights holder may show a court filing. Every invalid field is named (422).',
        tags,
        security: [],
        params: StatementTokenParams,
        body: CounterNoticeInput,
        response: { 201: CounterNoticeProgress, ...problems(404, 409, 422, 429) },
      },
    },
    async (req, reply) => reply.status(201).send(await fileCounterNotice(ctx, req.params.token, req.body, settings)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/cases/:id/counter-notices',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'The counter-notices on a case: the uploader’s contact and statement for the case’s rights holders only',
        tags,
        security: BearerSecurity,
        params: IdParams,
        response: { 200: CounterNoticeList, ...problems(401, 403, 404) },
      },
    },
    async (req) => listCounterNotices(ctx, actorOf(req), req.params.id),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CourtFilingInput> }>(
    '/api/v1/counter-notices/:id/court-filing',
    {
      config: { allow: 'submitters', action: 'notice.submit' },
      schema: {
        summary: 'Show a court filing before the waiting period ends: the restriction stays (rights holders with a notice on the case)',
        description:
          'Published: that a court filing was shown, and when; never the court or the case number. 409 once the waiting period ended or a filing was shown; 404 for a counter-notice on a case without your notice.',
        tags,
        security: BearerSecurity,
        params: IdParams,
        body: CourtFilingInput,
        response: { 201: CounterNoticeView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await showCourtFiling(ctx, actorOf(req), req.params.id, req.body)),
  );
}
