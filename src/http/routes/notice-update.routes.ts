import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { addNoticeInformation, withdrawNotice } from '../../services/notice-update.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { NoticeAddition, NoticeAdditionInput, NoticeWithdrawal, NoticeWithdrawalInput } from './notice-update.schemas.ts';

export async function noticeUpdateRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoticeAdditionInput> }>(
    '/api/v1/notices/:id/additions',
    {
      config: { allow: 'submitters', action: 'notice.submit' },
      schema: {
        summary:
          'Add information to one of your notices (text, evidence links). The platform sees it on the case and gets notice.updated; the notice itself stays as filed. 409: the notice was withdrawn.',
        tags: ['notices'],
        security: BearerSecurity,
        params: IdParams,
        body: NoticeAdditionInput,
        response: { 201: NoticeAddition, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await addNoticeInformation(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoticeWithdrawalInput> }>(
    '/api/v1/notices/:id/withdrawal',
    {
      config: { allow: 'submitters', action: 'notice.submit' },
      schema: {
        summary:
          'Withdraw one of your notices, saying why. It stays on record, marked withdrawn; the platform sees it on the case and gets notice.withdrawn. A case left with no notice owing its first answer has its deadline cleared; a decided case keeps its decision. 409: already withdrawn.',
        tags: ['notices'],
        security: BearerSecurity,
        params: IdParams,
        body: NoticeWithdrawalInput,
        response: { 201: NoticeWithdrawal, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await withdrawNotice(ctx, actorOf(req), req.params.id, req.body)),
  );
}
