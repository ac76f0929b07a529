import { AppError } from '../core/errors.ts';
import type { HtmlLimit } from './html-limits.ts';

/** Why a page gave no article: over a limit before parsing, stopped at its time budget, or it crashed the parser. */
export type NotExtractableReason = HtmlLimit | 'timed_out' | 'failed';

/**
 * The problem to answer a caller with, naming its field: 413 for a page over the size limits, 422
 * for one that cannot be parsed (too deep, past its budget, or crashing the parser). Either way the
 * caller can send the article's text instead.
 */
export function notExtractableError(reason: NotExtractableReason, message: string, field: string): AppError {
  const tooLarge = reason === 'too_large' || reason === 'too_many_elements';
  return new AppError(tooLarge ? 'payload_too_large' : 'validation_failed', `${field} ${message}`, {
    fields: [{ field, message }],
    extra: { not_extractable: reason },
  });
}
