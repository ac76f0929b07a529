import { createHash } from 'node:crypto';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyServerOptions } from 'fastify';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../core/errors.ts';
import { findBadText } from './nul-guard.ts';
import { fieldErrorsFromAjv } from './problem.ts';

// ajv-formats is CommonJS; under ESM its function sits on `default`.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/**
 * The one validator configuration of minhbach. Report every invalid field at once, never drop
 * fields the client sent (they are errors), fill documented defaults, and never register a
 * schema's `$id` (a schema is compiled once per route and again for batch items).
 */
const COMMON: Options = { allErrors: true, strict: false, removeAdditional: false, useDefaults: true, addUsedSchema: false };

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

/**
 * JSON bodies are typed: `"limit": "5"` or `"category_specification": "X"` is the client's
 * mistake, reported, never silently turned into 5 or ["X"]. The same instance checks request
 * bodies (Fastify), batch items and imported lines, so one notice gets one answer on every path.
 */
const bodyAjv = makeAjv({ coerceTypes: false });

/** Query strings, path parameters and headers are text on the wire: `?limit=5` means 5, `?status=a` one-item arrays. */
const textAjv = makeAjv({ coerceTypes: 'array' });

export type HttpPart = 'body' | 'querystring' | 'params' | 'headers';

export function ajvFor(httpPart: string | undefined): Ajv {
  return httpPart === 'body' ? bodyAjv : textAjv;
}

/**
 * Fastify's validator factory (its `schemaController.compilersFactory.buildValidator`): route
 * schemas are compiled by the instances above, with the shared schemas (`app.addSchema`) known
 * to both.
 */
type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

function validatorFactory(externalSchemas: Record<string, unknown> = {}) {
  for (const ajv of [bodyAjv, textAjv]) {
    for (const schema of Object.values(externalSchemas)) {
      const id = (schema as { $id?: string }).$id;
      if (id && !ajv.getSchema(id)) ajv.addSchema(schema as object);
    }
  }
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }): ValidateFunction => ajvFor(httpPart).compile(schema as object);
}
// Fastify's typing of this factory describes its own compiler's internals; the contract is the one above.
export const buildValidator = validatorFactory as unknown as ValidatorFactory;

/**
 * For documents checked one by one inside a request (batch items) or a file (import): exactly a
 * request body's rules, the schema and the NUL / lone-surrogate guard (nul-guard.ts), so an
 * imported line cannot carry what the API refuses.
 */
export function compileValidator<T extends TSchema>(schema: T) {
  const check = bodyAjv.compile(schema);
  return (value: unknown): { ok: true; input: Static<T> } | { ok: false; errors: FieldError[] } => {
    const errors = check(value) ? [] : fieldErrorsFromAjv(check.errors ?? []);
    findBadText(value, '', errors);
    return errors.length ? { ok: false, errors } : { ok: true, input: value as Static<T> };
  };
}

/** Identifies a request body for Idempotency-Key replay checks. */
export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(JSON.stringify(body)).digest('base64url');
}
