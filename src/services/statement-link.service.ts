import { AppError } from '../core/errors.ts';
import { statementTokenDigest } from '../core/statement-link.ts';
import { findLiveStatementLink } from '../repositories/statement-link.repository.ts';
import type { Db } from '../db/db.ts';

export type ResolvedStatementLink = NonNullable<Awaited<ReturnType<typeof findLiveStatementLink>>>;

/**
 * The decision behind an affected user's link. A malformed, unknown and revoked token answer
 * alike, "not found": the page must not tell a guesser which tokens once existed. Every public
 * route on a token (the page, an appeal, a counter-notice) starts here.
 */
export async function resolveStatementLink(db: Db, token: string): Promise<ResolvedStatementLink> {
  const digest = statementTokenDigest(token);
  const link = digest ? await findLiveStatementLink(db, digest) : null;
  if (!link) throw AppError.notFound('Statement');
  return link;
}
