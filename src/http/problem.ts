import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../core/errors.ts';

/** The one table from error codes to HTTP statuses (RFC 9457 problem details). */
const STATUS: Record<ErrorCode, number> = {
  malformed_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  duplicate: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  request_timeout: 408,
  validation_failed: 422,
  idempotency_key_reused: 422,
  internal: 500,
  unavailable: 503,
};

const TITLE: Record<ErrorCode, string> = {
  malformed_request: 'Malformed request',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  invalid_transition: 'Invalid case transition',
  duplicate: 'Already exists',
  conflict: 'Conflict',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  request_timeout: 'Request timeout',
  validation_failed: 'Invalid input',
  idempotency_key_reused: 'Idempotency-Key reused',
  internal: 'Internal error',
  unavailable: 'Not available yet',
};

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/items/0/url` → `items[0].url`, the way a developer writes the path in code. */
export function fieldPath(pointer: string, prefix = ''): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function describe(e: AjvError): string {
  switch (e.keyword) {
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return 'is not a known field';
    case 'required':
      return 'is required';
    default:
      return e.message ?? 'is invalid';
  }
}

/** Turns JSON-schema errors into field errors, one per field and message. */
export function fieldErrorsFromAjv(errors: readonly AjvError[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let field = fieldPath(e.instancePath);
    if (e.keyword === 'required') field = field ? `${field}.${String(e.params.missingProperty)}` : String(e.params.missingProperty);
    if (e.keyword === 'additionalProperties') field = field ? `${field}.${String(e.params.additionalProperty)}` : String(e.params.additionalProperty);
    const fe = { field: field || '(body)', message: describe(e) };
    const k = `${fe.field}\u0000${fe.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(fe);
    }
  }
  return out;
}

/** Whatever was thrown → an AppError; anything unexpected becomes `internal` and is logged. */
export function toAppError(err: unknown, request: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    const fields = fieldErrorsFromAjv(fe.validation);
    // The detail says where the field was (query, headers) when it was not in the body.
    const where = fe.validationContext === 'querystring' ? 'query ' : fe.validationContext === 'headers' ? 'header ' : '';
    return AppError.validation(fields, fields[0] ? `${where}${fields[0].field}: ${fields[0].message}` : undefined);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', `The request body is too large: ${routeName(request)} accepts at most ${formatBytes(request.routeOptions.bodyLimit)}`, {
        extra: { limit_bytes: request.routeOptions.bodyLimit },
      });
    case 'FST_ERR_BAD_URL':
      return new AppError('malformed_request', 'The path is not valid: a percent-escape (%XX) does not decode to UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // Ids are 36 characters; one of thousands names nothing, exactly like any other unknown id.
      return new AppError('not_found', 'No such object: the id in the path is longer than any id');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_request', 'The request body is empty; send a JSON document');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_request', `The request body is not valid JSON: ${fe.message}`);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return new AppError('payload_too_large', fe.message);
    if (fe.statusCode === 415) return new AppError('unsupported_media_type', fe.message);
    return new AppError('malformed_request', fe.message);
  }
  request.log.error({ err }, 'unhandled error');
  return new AppError('internal', 'Something went wrong on our side; it has been logged');
}

/** `POST /api/v1/notices`, for messages about the route that was called. */
function routeName(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

/** 1048576 → "1 MiB", as the limits are documented. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'its limit';
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * The problem document of an error: the one shape every error answer has, whether Fastify's
 * reply sends it or the raw socket does (src/http/client-error.ts, before any request exists).
 */
export function problemDocument(error: AppError, instance: string): { status: number; body: Record<string, unknown> } {
  const status = STATUS[error.code];
  return {
    status,
    body: {
      // Extensions first, so they can never overwrite the standard members.
      ...error.extra,
      type: `urn:minhbach:problem:${error.code}`,
      title: TITLE[error.code],
      status,
      detail: error.message,
      instance,
      code: error.code,
      // An empty path is the body itself (or a key spelled ""), never a field with no name.
      ...(error.fields.length ? { errors: error.fields.map((f) => (f.field === '' ? { ...f, field: '(body)' } : f)) } : {}),
    },
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const { status, body } = problemDocument(error, request.url.split('?')[0]!);
  return reply.status(status).type('application/problem+json').send(body);
}
