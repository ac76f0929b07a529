import { AppError } from '../errors.ts';

/**
 * How the transparency-log code reports failure. Two kinds, kept apart on purpose:
 *
 * - the input cannot be a well-formed value at all (a hash that is not 32 bytes, a tile path that
 *   is not canonical, a note line without its em dash, an index beyond the tree): that is the
 *   project's ordinary `AppError('validation_failed')`, thrown through `malformed()`;
 * - the input is well-formed but does not verify (a proof whose root does not match, a signature
 *   that fails, a checkpoint with no signature by a trusted key): that is a `TlogError` with code
 *   `tlog_verification_failed`. ErrorCode in errors.ts has no such code, and a verification
 *   failure is not a validation problem: it means somebody (a log, a mirror, a network) is lying
 *   or broken, which callers usually want to log loudly, not bounce back as a 422.
 */
export type TlogErrorCode = 'tlog_verification_failed';

export class TlogError extends Error {
  readonly code: TlogErrorCode;

  constructor(code: TlogErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TlogError';
    this.code = code;
  }
}

/** The error for input that is not well-formed; `field` names the part at fault when there is one. */
export function malformed(message: string, field?: string): AppError {
  return field === undefined ? new AppError('validation_failed', message) : AppError.validation([{ field, message }]);
}

export function verificationFailed(message: string): TlogError {
  return new TlogError('tlog_verification_failed', message);
}
