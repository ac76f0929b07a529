import type { CaseStatus } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';

export interface OwnNotice {
  id: string;
  submitter_kind: string;
}

/**
 * The submitter's own notice, locked: additions and a withdrawal of one notice are taken one at a
 * time (a notice is withdrawn once; nothing is added beside a withdrawal in flight). NO KEY UPDATE:
 * rows that merely reference the notice (the linker's fingerprints) are not held up by it. Null
 * when the notice is not this organization's.
 */
export async function lockOwnNotice(db: Db, orgId: string, noticeId: string): Promise<OwnNotice | null> {
  const rows = await db.query<OwnNotice>(`SELECT id, submitter_kind FROM notices WHERE id = $1 AND submitter_org_id = $2 FOR NO KEY UPDATE`, [noticeId, orgId]);
  return rows[0] ?? null;
}

/** The cases the notice's items are on now (a merge moves items to the surviving case). */
export async function noticeCaseIds(db: Db, noticeId: string): Promise<string[]> {
  const rows = await db.query<{ case_id: string }>(`SELECT DISTINCT case_id FROM notice_items WHERE notice_id = $1 ORDER BY case_id`, [noticeId]);
  return rows.map((r) => r.case_id);
}

export interface LockedCase {
  id: string;
  platform: string;
  status: CaseStatus;
  due_at: Date | null;
}

/** Locks the cases in id order (as lockCases does), so two writers locking the same cases never deadlock. */
export async function lockCasesForNotice(db: Db, ids: readonly string[]): Promise<LockedCase[]> {
  if (ids.length === 0) return [];
  return db.query<LockedCase>(`SELECT id, platform, status, due_at FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
}

/** How many notices on each case are not withdrawn. */
export async function countActiveNotices(db: Db, caseIds: readonly string[]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.query<{ case_id: string; active: number }>(
    `SELECT i.case_id, count(DISTINCT i.notice_id) FILTER (WHERE w.notice_id IS NULL)::int AS active
     FROM notice_items i LEFT JOIN notice_withdrawals w ON w.notice_id = i.notice_id
     WHERE i.case_id = ANY($1::uuid[]) GROUP BY i.case_id`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, r.active]));
}

/**
 * Marks the cases changed (so a poller of `updated_since` sees them; their events are in the
 * outbox), clearing the deadline of those in `clearDeadline` (src/core/notice-withdrawal.ts).
 */
export async function touchCases(db: Db, ids: readonly string[], clearDeadline: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    clearDeadline.length === 0
      ? `UPDATE cases SET updated_at = $2, version = version + 1 WHERE id = ANY($1::uuid[])`
      : `UPDATE cases SET updated_at = $2, version = version + 1, due_at = CASE WHEN id = ANY($3::uuid[]) THEN NULL ELSE due_at END WHERE id = ANY($1::uuid[])`,
    clearDeadline.length === 0 ? [ids, at] : [ids, at, clearDeadline],
  );
}

export interface AdditionRow {
  id: string;
  notice_id: string;
  organization_id: string;
  added_by_person: string | null;
  added_by_key: string | null;
  text: string;
  urls: string[];
  created_at: Date;
}

export async function insertAddition(db: Db, a: AdditionRow): Promise<void> {
  await db.query(
    `INSERT INTO notice_additions (id, notice_id, organization_id, added_by_person, added_by_key, text, urls, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)`,
    [a.id, a.notice_id, a.organization_id, a.added_by_person, a.added_by_key, a.text, a.urls, a.created_at],
  );
}

export interface WithdrawalRow {
  notice_id: string;
  organization_id: string;
  withdrawn_by_person: string | null;
  withdrawn_by_key: string | null;
  reason: string;
  created_at: Date;
}

export async function findWithdrawal(db: Db, noticeId: string): Promise<WithdrawalRow | null> {
  const rows = await db.query<WithdrawalRow>(
    `SELECT notice_id, organization_id, withdrawn_by_person, withdrawn_by_key, reason, created_at FROM notice_withdrawals WHERE notice_id = $1`,
    [noticeId],
  );
  return rows[0] ?? null;
}

export async function insertWithdrawal(db: Db, w: WithdrawalRow): Promise<void> {
  await db.query(`INSERT INTO notice_withdrawals (notice_id, organization_id, withdrawn_by_person, withdrawn_by_key, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    w.notice_id,
    w.organization_id,
    w.withdrawn_by_person,
    w.withdrawn_by_key,
    w.reason,
    w.created_at,
  ]);
}

/** The additions and withdrawals of these notices, additions oldest first. */
export async function listNoticeUpdates(db: Db, noticeIds: readonly string[]): Promise<{ additions: AdditionRow[]; withdrawals: WithdrawalRow[] }> {
  if (noticeIds.length === 0) return { additions: [], withdrawals: [] };
  const [additions, withdrawals] = await Promise.all([
    db.query<AdditionRow>(
      `SELECT id, notice_id, organization_id, added_by_person, added_by_key, text, urls, created_at FROM notice_additions
       WHERE notice_id = ANY($1::uuid[]) ORDER BY notice_id, id`,
      [noticeIds],
    ),
    db.query<WithdrawalRow>(
      `SELECT notice_id, organization_id, withdrawn_by_person, withdrawn_by_key, reason, created_at FROM notice_withdrawals WHERE notice_id = ANY($1::uuid[])`,
      [noticeIds],
    ),
  ]);
  return { additions, withdrawals };
}
