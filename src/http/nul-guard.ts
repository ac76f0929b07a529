import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../core/errors.ts';

/**
 * PostgreSQL text and jsonb cannot hold U+0000. A body carrying one would fail deep in the
 * database as a 500; it is the client's mistake, so it is refused up front, naming the field.
 */
function findNul(value: unknown, path: string, out: FieldError[]): void {
  if (out.length >= 10) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: path || '(body)', message: 'must not contain the NUL character (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNul(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push({ field: path ? `${path}.${k}` : k, message: 'must not contain the NUL character (U+0000)' });
      findNul(v, path ? `${path}.${k}` : k, out);
    }
  }
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined || req.body === null) return;
    const errors: FieldError[] = [];
    findNul(req.body, '', errors);
    if (errors.length) throw AppError.validation(errors);
  });
}
