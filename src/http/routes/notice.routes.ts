import type { FastifyInstance } from 'fastify';
import { NOTICE_BODY_LIMIT } from '../../core/notice-images.ts';
import type { ImageStore } from '../../images/image-store.ts';
import { submitNotice, submitNoticeBatch } from '../../services/intake.service.ts';
import { getOwnNotice, listOwnNotices } from '../../services/notice-query.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { compileValidator, requestHash } from '../validate.ts';
import { AcceptedNotice, BatchResult, IdempotencyHeaders, NoticeBatchInput, NoticeInput, NoticeList, NoticeListQuery, NoticeView, type NoticeInputBody } from './notice.schemas.ts';
import type { Static } from '@sinclair/typebox';

const checkNotice = compileValidator(NoticeInput);

/** `images`: where attached images are kept (config.images); null refuses notices with images. */
export async function noticeRoutes(app: FastifyInstance, { ctx }: HttpDeps, { images }: { images: ImageStore | null } = { images: null }) {
  app.post<{ Body: NoticeInputBody; Headers: Static<typeof IdempotencyHeaders> }>(
    '/api/v1/notices',
    {
      config: { allow: 'submitters' },
      // Room for images as data URLs (src/core/notice-images.ts says how much, and why no more).
      bodyLimit: NOTICE_BODY_LIMIT,
      schema: {
        summary: 'Submit a notice about one or more pieces of content',
        tags: ['notices'],
        security: BearerSecurity,
        headers: IdempotencyHeaders,
        body: NoticeInput,
        response: { 201: AcceptedNotice, ...problems(400, 401, 403, 409, 413, 422) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      const out = await submitNotice(ctx, actor, req.body, key ? { key, requestHash: requestHash('notice', req.body) } : undefined, images);
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(out.status).send(out.body);
    },
  );

  app.post<{ Body: Static<typeof NoticeBatchInput>; Headers: Static<typeof IdempotencyHeaders> }>(
    '/api/v1/notices/batch',
    {
      config: { allow: 'submitters' },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        summary: 'Submit up to 100 notices; each is accepted, reported as a repeat, or rejected on its own',
        tags: ['notices'],
        security: BearerSecurity,
        headers: IdempotencyHeaders,
        body: NoticeBatchInput,
        response: { 200: BatchResult, ...problems(400, 401, 403, 413, 422) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      const out = await submitNoticeBatch(ctx, actor, req.body.notices.map(checkNotice), key ? { key, requestHash: requestHash('batch', req.body) } : undefined);
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(out.status).send(out.body);
    },
  );

  app.get<{ Querystring: Static<typeof NoticeListQuery> }>(
    '/api/v1/notices',
    {
      config: { allow: 'submitters' },
      schema: {
        summary: 'Your own notices, newest first',
        tags: ['notices'],
        security: BearerSecurity,
        querystring: NoticeListQuery,
        response: { 200: NoticeList, ...problems(401, 403, 422) },
      },
    },
    async (req) => listOwnNotices(ctx, actorOf(req), req.query),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/notices/:id',
    {
      config: { allow: 'organizations' },
      schema: { summary: 'One of your notices', tags: ['notices'], security: BearerSecurity, params: IdParams, response: { 200: NoticeView, ...problems(401, 404) } },
    },
    async (req) => getOwnNotice(ctx, actorOf(req), req.params.id),
  );
}
