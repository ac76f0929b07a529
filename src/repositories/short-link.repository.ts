import type { ShortLinkStatus } from '../core/short-link.ts';
import type { Db } from '../db/db.ts';

export interface ShortLinkRow {
  content_key: string;
  short_url: string;
  platform: string;
  case_id: string;
  status: ShortLinkStatus;
  target_key: string | null;
  target_url: string | null;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  resolved_at: Date | null;
  applied_at: Date | null;
  outcome: 'joined' | 'linked' | 'rekeyed' | 'marked' | null;
  joined_case_id: string | null;
  created_at: Date;
}

const COLUMNS = `content_key, short_url, platform, case_id, status, target_key, target_url, reason, attempts, next_attempt_at,
  resolved_at, applied_at, outcome, joined_case_id, created_at`;

/**
 * Queues the cases still keyed by a short link that the resolver has not seen. A link already in
 * the cache for another case (it never is while intake follows case_aliases) is handed to this
 * case: its outcome is applied again, without asking the platform again.
 */
export async function discoverShortLinkCases(db: Db, at: Date, limit: number): Promise<number> {
  const rows = await db.query<{ content_key: string }>(
    `INSERT INTO short_links (content_key, short_url, platform, case_id, next_attempt_at, created_at)
     SELECT c.content_key, c.canonical_url, c.platform, c.id, $1, $1 FROM cases c
     WHERE c.content_key LIKE '%:short:%' AND c.status <> 'merged' AND c.content_key ~ '^[a-z]+:short:'
       AND NOT EXISTS (SELECT 1 FROM short_links s WHERE s.content_key = c.content_key AND s.case_id = c.id)
     ORDER BY c.created_at LIMIT $2
     ON CONFLICT (content_key) DO UPDATE SET case_id = excluded.case_id, applied_at = NULL, outcome = NULL, joined_case_id = NULL,
       next_attempt_at = least(short_links.next_attempt_at, excluded.next_attempt_at)
     RETURNING content_key`,
    [at, limit],
  );
  return rows.length;
}

/**
 * Takes up to `limit` links that are due (to fetch, or whose outcome is not yet applied to their
 * case) and leases them until `leaseUntil`: the fetch runs outside any transaction, and another
 * resolver takes the link again only if this one died holding it.
 */
export async function claimShortLinks(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ShortLinkRow[]> {
  return db.query<ShortLinkRow>(
    `UPDATE short_links SET next_attempt_at = $2
     WHERE content_key IN (
       SELECT content_key FROM short_links
       WHERE (status = 'pending' OR applied_at IS NULL) AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [now, leaseUntil, limit],
  );
}

/** The link's row, locked, as it is now (another resolver may have finished it meanwhile). */
export async function lockShortLink(db: Db, contentKey: string): Promise<ShortLinkRow | null> {
  const rows = await db.query<ShortLinkRow>(`SELECT ${COLUMNS} FROM short_links WHERE content_key = $1 FOR UPDATE`, [contentKey]);
  return rows[0] ?? null;
}

export interface ResolutionWrite {
  status: ShortLinkStatus;
  target_key: string | null;
  target_url: string | null;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  resolved_at: Date | null;
}

export async function recordResolution(db: Db, contentKey: string, r: ResolutionWrite): Promise<void> {
  await db.query(
    `UPDATE short_links SET status = $2, target_key = $3, target_url = $4, reason = $5, attempts = $6, next_attempt_at = $7, resolved_at = $8
     WHERE content_key = $1`,
    [contentKey, r.status, r.target_key, r.target_url, r.reason, r.attempts, r.next_attempt_at, r.resolved_at],
  );
}

export async function markApplied(db: Db, contentKey: string, a: { outcome: NonNullable<ShortLinkRow['outcome']>; joined_case_id: string | null; at: Date }): Promise<void> {
  await db.query(`UPDATE short_links SET applied_at = $2, outcome = $3, joined_case_id = $4 WHERE content_key = $1`, [contentKey, a.at, a.outcome, a.joined_case_id]);
}

/** The case a content key lands on, as intake finds it: through case_aliases first. */
export async function findCaseIdByKey(db: Db, contentKey: string): Promise<string | null> {
  const rows = await db.query<{ id: string }>(`SELECT coalesce((SELECT case_id FROM case_aliases WHERE content_key = $1), (SELECT id FROM cases WHERE content_key = $1)) AS id`, [
    contentKey,
  ]);
  return rows[0]?.id ?? null;
}

export async function findCaseKey(db: Db, caseId: string): Promise<{ content_key: string; merged_into: string | null } | null> {
  const rows = await db.query<{ content_key: string; merged_into: string | null }>(`SELECT content_key, merged_into FROM cases WHERE id = $1`, [caseId]);
  return rows[0] ?? null;
}

/**
 * Gives a case the URL its short link leads to. The caller made sure no case holds the key
 * (a race with intake fails on the key's uniqueness, and the link is tried again).
 */
export async function rekeyCase(db: Db, caseId: string, to: { content_key: string; canonical_url: string }, at: Date): Promise<void> {
  await db.query(`UPDATE cases SET content_key = $2, canonical_url = $3, updated_at = $4, version = version + 1 WHERE id = $1`, [caseId, to.content_key, to.canonical_url, at]);
}

/** Reports of `content_key` land on `case_id` from now on (intake reads case_aliases first). */
export async function insertAlias(db: Db, a: { content_key: string; case_id: string; merged_case_id: string; canonical_url: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO case_aliases (content_key, case_id, merged_case_id, canonical_url, score, created_at)
     VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (content_key) DO NOTHING`,
    [a.content_key, a.case_id, a.merged_case_id, a.canonical_url, a.at],
  );
}

/** Links two cases as duplicates (both directions, as case_links holds them), found on a short link. A dismissed link stays as the reviewer left it. */
export async function linkShortLinkCases(db: Db, a: string, b: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO case_links (case_id, related_case_id, level, score, created_at, basis)
     VALUES ($1, $2, 'duplicate', 1, $3, 'short_link'), ($2, $1, 'duplicate', 1, $3, 'short_link')
     ON CONFLICT (case_id, related_case_id) DO UPDATE SET level = 'duplicate', score = 1, basis = 'short_link', distance = NULL
       WHERE case_links.dismissed_at IS NULL`,
    [a, b, at],
  );
}

/** The short links of a case: the one it was opened for, and those whose cases joined it. */
export async function listShortLinksOfCase(db: Db, caseId: string): Promise<ShortLinkRow[]> {
  return db.query<ShortLinkRow>(`SELECT ${COLUMNS} FROM short_links WHERE case_id = $1 OR joined_case_id = $1 ORDER BY created_at, content_key`, [caseId]);
}
