import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';

/**
 * How deeply a JSON body may nest objects and arrays. The deepest document minhbach accepts nests
 * four levels (a batch → a notice → its items → an item); 64 leaves room for any honest client,
 * while a body nested thousands deep never reaches code that walks it recursively (the
 * validator, the NUL guard, JSON.stringify for idempotency hashes, the database driver).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The first place where `text` (JSON) nests deeper than `max`, as the character offset of the
 * opening bracket, or -1. One linear pass over the text, before anything parses it: brackets
 * inside strings do not count, escapes are skipped.
 */
export function tooDeepAt(text: string, max: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/**
 * Replaces Fastify's JSON parser with one that first refuses too-deep bodies (422 naming the
 * body and the offset), then parses with Fastify's own parser, so `__proto__` and `constructor`
 * poisoning are still refused exactly as before.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    const at = tooDeepAt(text);
    if (at >= 0) {
      done(
        AppError.validation(
          [{ field: '(body)', message: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep (exceeded at character ${at})` }],
          `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} deep (at character ${at})`,
        ),
        undefined,
      );
      return;
    }
    void parse(req, text, done);
  });
}
