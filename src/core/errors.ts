/**
 * The one error type of minhbach. Codes describe what went wrong in domain terms and know nothing
 * of HTTP; the HTTP edge maps them to statuses in exactly one table (src/http/problem.ts).
 */
export type ErrorCode =
  | 'validation_failed'
  | 'malformed_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_transition'
  | 'duplicate'
  | 'conflict'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'request_timeout'
  | 'unavailable'
  | 'internal';

/** A problem with one input field; `field` is a path such as `items[0].url`. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** Extra members for the problem document, e.g. `existing_id` for a duplicate. */
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { fields?: FieldError[]; extra?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
  }

  static validation(fields: FieldError[], message?: string): AppError {
    const first = fields[0];
    return new AppError('validation_failed', message ?? (first ? `${first.field}: ${first.message}` : 'Invalid input'), { fields });
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }
}
