import { createHash, randomBytes } from 'node:crypto';

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

/** The path of the statement page, as the web app routes it. */
export function statementPath(token: string): string {
  return `/statements/${token}`;
}
