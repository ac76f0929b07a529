import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { openStatement, reissueStatementLink, revokeDecisionStatementLinks, type IssuedStatementLink as Issued } from '../../services/statement-link.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import {
  PublicStatementView,
  ReissuedStatementLink,
  StatementLinkInput,
  StatementLinkRevocation,
  StatementLinkRevocationInput,
  StatementTokenParams,
} from './statement.schemas.ts';

/** The link as the platform is given it: the absolute URL too when the deployment knows where it is reached. */
export function presentStatementLink(link: Issued, publicUrl: string | null) {
  return { ...link, url: publicUrl ? `${publicUrl}${link.path}` : null };
}

/**
 * The affected user's statement of reasons: the platform re-issues or revokes a decision's links,
 * and anyone holding a link reads the statement (no account: the link is the key).
 */
export async function statementRoutes(app: FastifyInstance, { ctx, configuredPublicUrl }: HttpDeps) {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof StatementLinkInput> | undefined }>(
    '/api/v1/decisions/:id/statement-links',
    {
      config: { allow: 'platforms', action: 'decision.create' },
      schema: {
        summary: "A new link to the affected user's statement of reasons; every earlier link of the decision stops working. Optionally mailed to the affected user",
        tags: ['statements'],
        security: BearerSecurity,
        params: IdParams,
        body: StatementLinkInput,
        response: { 201: ReissuedStatementLink, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const r = await reissueStatementLink(ctx, actorOf(req), req.params.id, req.body ?? {});
      return reply.status(201).send({ ...r, affected_user_statement: presentStatementLink(r.affected_user_statement, configuredPublicUrl) });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof StatementLinkRevocationInput> }>(
    '/api/v1/decisions/:id/statement-links/revocation',
    {
      config: { allow: 'platforms', action: 'decision.create' },
      schema: {
        summary: "Revoke every link to a decision's statement of reasons: the page then answers 404, as for a link that never existed",
        tags: ['statements'],
        security: BearerSecurity,
        params: IdParams,
        body: StatementLinkRevocationInput,
        response: { 200: StatementLinkRevocation, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => revokeDecisionStatementLinks(ctx, actorOf(req), req.params.id, req.body.reason),
  );

  app.get<{ Params: Static<typeof StatementTokenParams> }>(
    '/api/v1/public/statements/:token',
    {
      config: { allow: 'public' },
      schema: {
        summary:
          'The statement of reasons for the affected user, by the link the platform passed on: what was done, to which content, why, who asked, whether automated, how to appeal. Opening it is counted. Unknown and revoked links alike: 404',
        tags: ['statements'],
        security: [],
        params: StatementTokenParams,
        response: { 200: PublicStatementView, ...problems(404) },
      },
    },
    async (req, reply) => {
      const view = await openStatement(ctx, req.params.token);
      // The link is a secret and each opening is counted: no cache keeps or answers it.
      return reply.header('cache-control', 'no-store').send(view);
    },
  );
}
