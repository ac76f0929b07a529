import { createHash } from 'node:crypto';
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../core/errors.ts';
import { fieldErrorsFromAjv } from './problem.ts';

// ajv-formats is CommonJS; under ESM its function sits on `default`.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** For documents checked one by one inside a request (batch items), with the same rules as Fastify's. */
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

export function compileValidator<T extends TSchema>(schema: T) {
  const { $id: _ignored, ...withoutId } = schema as T & { $id?: string };
  const check = ajv.compile(withoutId);
  return (value: unknown): { ok: true; input: Static<T> } | { ok: false; errors: FieldError[] } =>
    check(value) ? { ok: true, input: value as Static<T> } : { ok: false, errors: fieldErrorsFromAjv(check.errors ?? []) };
}

/** Identifies a request body for Idempotency-Key replay checks. */
export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(JSON.stringify(body)).digest('base64url');
}
