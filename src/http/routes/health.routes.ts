import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../deps.ts';

export async function healthRoutes(app: FastifyInstance, _deps: HttpDeps) {
  app.get(
    '/healthz',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Liveness: the process answers (readiness, with the database, is /readyz)',
        tags: ['ops'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    // No database here: a slow database must not get a live process restarted; /readyz says whether to send it traffic.
    async () => ({ status: 'ok' as const }),
  );
}
