import type { CaseStatus } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';

export interface EscalatedCase {
  id: string;
  platform: string;
  category: string;
  authority_request: boolean;
  due_at: Date;
  kind: 'due_soon' | 'overdue';
}

export interface SweepRules {
  /** Statuses in which the clock runs (OPEN_STATUSES). */
  open: readonly CaseStatus[];
  now: Date;
  /** The share of a case's window left when it becomes due soon (sla.ts `dueSoonFraction`). */
  dueSoonFraction: number;
  /** No case further than this from its deadline can be due soon (sla.ts `dueSoonHorizonMs`). */
  horizonMs: number;
  limit: number;
}

/**
 * Marks up to `limit` open cases that crossed into due soon or overdue and were not yet escalated
 * for their current deadline, and returns them. Overdue is `due_at < now` (sla.ts `isOverdue`);
 * due soon is the share of the window left (sla.ts `deadlineState`); a case found overdue is marked
 * as both, so it never escalates as due soon afterwards. SKIP LOCKED: workers sweeping side by
 * side take different cases, and a case locked by a platform's action is taken next time. The
 * WHERE repeats cases_deadline_watch_idx's predicate (migration 0013) so that index is used.
 * Neither version nor updated_at changes: an escalation is not an edit a reviewer could conflict with.
 */
export async function markDeadlineCrossings(db: Db, r: SweepRules): Promise<EscalatedCase[]> {
  return db.query<EscalatedCase>(
    `WITH picked AS (
       SELECT id FROM cases
       WHERE status = ANY($1::text[]) AND overdue_escalated_for IS DISTINCT FROM due_at
         AND due_at <= $2::timestamptz + $4 * interval '1 millisecond'
         AND (due_at < $2::timestamptz
              OR (due_soon_escalated_for IS DISTINCT FROM due_at
                  AND due_at - (due_at - coalesce(clock_started_at, created_at)) * $3::float8 <= $2::timestamptz))
       ORDER BY due_at
       LIMIT $5
       FOR UPDATE SKIP LOCKED
     )
     UPDATE cases c SET
       due_soon_escalated_for = c.due_at,
       overdue_escalated_for = CASE WHEN c.due_at < $2::timestamptz THEN c.due_at ELSE c.overdue_escalated_for END
     FROM picked WHERE c.id = picked.id
     RETURNING c.id, c.platform, c.category, c.authority_request, c.due_at,
               CASE WHEN c.due_at < $2::timestamptz THEN 'overdue' ELSE 'due_soon' END AS kind`,
    [r.open, r.now, r.dueSoonFraction, r.horizonMs, r.limit],
  );
}
