import type { RouteOptions } from 'fastify';
import type { FastifySchema } from 'fastify';
import { formatBytes } from './problem.ts';

/** The body limit of every route that does not set its own (`bodyLimit` in its options). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * @fastify/swagger's `transform`: each operation with a body states its size limit, in
 * `x-body-limit` (bytes, for tools) and in its description (for people); the 413 answer says the
 * same (src/http/problem.ts).
 */
export function documentBodyLimit({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  if (!schema?.body) return { schema, url };
  const limit = route.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const note = `The JSON body may be at most ${formatBytes(limit)} (${limit} bytes); a larger one is refused with 413.`;
  return { schema: { ...schema, description: schema.description ? `${schema.description}\n\n${note}` : note, 'x-body-limit': limit } as FastifySchema, url };
}
