import { createHash, randomBytes } from 'node:crypto';
import { normalizeEmailAddress } from './email-address.ts';
import type { FieldError } from './errors.ts';

/**
 * The affected user's link to a decision's statement of reasons: `/statements/<token>`, where the
 * token is 256 random bits in base64url (43 characters). It is the only key to the page (the
 * person has no account), so it must be unguessable; it carries no personal data, and only its
 * SHA-256 is stored (a leaked database opens no page). A malformed token is refused before any
 * lookup.
 */
export const STATEMENT_TOKEN_BYTES = 32;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newStatementToken(): { token: string; sha256: Buffer } {
  const token = randomBytes(STATEMENT_TOKEN_BYTES).toString('base64url');
  return { token, sha256: statementTokenDigest(token)! };
}

/** The stored digest of a token, or null when the string cannot be a token. */
export function statementTokenDigest(token: string): Buffer | null {
  if (!TOKEN.test(token)) return null;
  return createHash('sha256').update(token, 'utf8').digest();
}

export const AFFECTED_USER_LANGUAGES = ['vi', 'en'] as const;
export type AffectedUserLanguage = (typeof AFFECTED_USER_LANGUAGES)[number];

/**
 * The path of the statement page, as the web app routes it. A link made for someone who reads
 * English opens the page in English (`?lang=en`, which the web app reads once and remembers);
 * Vietnamese is the page's default and needs nothing.
 */
export function statementPath(token: string, language: AffectedUserLanguage = 'vi'): string {
  return `/statements/${token}${language === 'en' ? '?lang=en' : ''}`;
}

/** How the affected user is to get the link, as the platform asks beside its decision. */
export interface AffectedUserDelivery {
  /** Where minhbach mails the link; never part of the statement, never published, never in an event. */
  email: string | null;
  language: AffectedUserLanguage;
}

/**
 * Takes the delivery fields (`affected_user_email`, `affected_user_language`) out of a decision's
 * body, so the statement of reasons is validated, stored and published without them, and checks
 * them apart, naming the field. Anything that is not a plain object is left for the statement's
 * own validation to refuse.
 */
export function splitAffectedUserDelivery(input: unknown): { rest: unknown; delivery: AffectedUserDelivery; errors: FieldError[] } {
  const delivery: AffectedUserDelivery = { email: null, language: 'vi' };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { rest: input, delivery, errors: [] };
  const { affected_user_email: email, affected_user_language: language, ...rest } = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (email !== undefined && email !== null) {
    const normal = typeof email === 'string' ? normalizeEmailAddress(email) : null;
    if (normal) delivery.email = normal;
    else errors.push({ field: 'affected_user_email', message: 'must be an e-mail address' });
  }
  if (language !== undefined && language !== null) {
    if ((AFFECTED_USER_LANGUAGES as readonly unknown[]).includes(language)) delivery.language = language as AffectedUserLanguage;
    else errors.push({ field: 'affected_user_language', message: 'must be vi or en' });
  }
  return { rest, delivery, errors };
}
