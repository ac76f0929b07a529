import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../deps.ts';

export async function healthRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/healthz',
    { config: { allow: 'public' }, schema: { summary: 'Liveness and database reachability', tags: ['ops'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => {
      await ctx.db.query('SELECT 1');
      return { status: 'ok' as const };
    },
  );
}
