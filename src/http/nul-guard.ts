import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../core/errors.ts';

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and neither they nor the transparency log's
 * canonical JSON (RFC 8785 requires I-JSON) can hold a lone UTF-16 surrogate ("\ud800" is valid
 * JSON text but no Unicode character). A body carrying either would fail deep in the database or
 * in publication as a 500; it is the client's mistake, so it is refused up front, naming the field.
 */
const NUL = 'must not contain the NUL character (U+0000)';
const SURROGATE = 'must not contain a lone surrogate (a \\uD800–\\uDFFF escape that is not half of a pair)';
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

function checkText(s: string, field: string, out: FieldError[]): void {
  if (s.includes('\u0000')) out.push({ field, message: NUL });
  if (!wellFormed(s)) out.push({ field, message: SURROGATE });
}

function findNul(value: unknown, path: string, out: FieldError[]): void {
  if (out.length >= 10) return;
  if (typeof value === 'string') {
    checkText(value, path || '(body)', out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNul(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      checkText(k, path ? `${path}.${k}` : k, out);
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
