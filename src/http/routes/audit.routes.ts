import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../../services/audit.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { problems } from '../schema.ts';
import { AuditList, AuditQuery } from './audit.schemas.ts';
import { KeyOrSessionSecurity } from './session.schemas.ts';

/** Who in an organization did what (issue 12): its admins, or its API keys, read it. */
export async function auditRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/api/v1/audit',
    {
      config: { allow: 'organizations', action: 'audit.read' },
      schema: {
        summary: "Your organization's actions, newest first: case actions, decisions and notices, each with the person or API key that acted (admins)",
        tags: ['people'],
        security: KeyOrSessionSecurity,
        querystring: AuditQuery,
        response: { 200: AuditList, ...problems(401, 403, 422) },
      },
    },
    async (req) => listAudit(ctx, actorOf(req), req.query),
  );
}
