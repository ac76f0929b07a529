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

const MAX_ERRORS = 10;

/**
 * Every string (and object key) in `root`, walked with an explicit stack rather than recursion,
 * so no document can exhaust the call stack whatever its depth (the JSON parser already refuses
 * bodies nested deeper than MAX_JSON_DEPTH; query strings and headers are flat).
 */
export function findBadText(root: unknown, rootPath: string, out: FieldError[]): void {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length && out.length < MAX_ERRORS) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      checkText(value, path || '(body)', out);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        const field = path ? `${path}.${k}` : k;
        checkText(k, field, out);
        stack.push([v, field]);
      }
    }
  }
}

/**
 * The body, the query string, the path parameters and the headers all end up in SQL or in logs;
 * each is checked, and a field outside the body is named with where it was (`query q`).
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const errors: FieldError[] = [];
    if (req.body !== undefined && req.body !== null) findBadText(req.body, '', errors);
    for (const [where, part] of [
      ['query', req.query],
      ['path', req.params],
      ['header', req.headers],
    ] as const) {
      if (part === null || typeof part !== 'object') continue;
      const found: FieldError[] = [];
      findBadText(part, '', found);
      for (const e of found) errors.push({ field: `${where} ${e.field}`, message: e.message });
    }
    if (errors.length) throw AppError.validation(errors);
  });
}
