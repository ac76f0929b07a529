import type { CaseStatus } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';

export interface OperationsSnapshot {
  outbox_undispatched: number;
  outbox_oldest_at: Date | null;
  jobs: { kind: string; status: 'pending' | 'parked'; n: number }[];
  cases: { platform: string; open: number; overdue: number }[];
  log_pending: number;
  log_oldest_at: Date | null;
}

/**
 * What an operator watches, in one round trip, read from the database so every API process
 * reports the same and workers need no metrics endpoint of their own. Every count uses a partial
 * index (undispatched events, pending and parked jobs, open cases) and stays small when healthy.
 */
export async function operationsSnapshot(db: Db, openStatuses: readonly CaseStatus[], now: Date): Promise<OperationsSnapshot> {
  const rows = await db.query<{ k: string; a: string | null; b: string | null; n: number; m: number; at: Date | null }>(
    `SELECT 'outbox' AS k, NULL AS a, NULL AS b, count(*)::int AS n, 0 AS m, min(at) AS at FROM outbox WHERE dispatched_at IS NULL
     UNION ALL SELECT 'jobs', kind, status, count(*)::int, 0, NULL FROM jobs WHERE status IN ('pending', 'parked') GROUP BY kind, status
     -- Websites nobody registered are one label: a label per site would grow without bound.
     UNION ALL SELECT 'cases', coalesce(s.slug, 'unregistered'), NULL, count(*)::int, (count(*) FILTER (WHERE c.due_at < $2))::int, NULL
       FROM cases c LEFT JOIN services s ON s.slug = c.platform WHERE c.status = ANY($1::text[]) GROUP BY 2
     UNION ALL SELECT 'log', NULL, NULL, count(*)::int, 0, min(r.published_at) FROM log_pending p JOIN public_records r ON r.id = p.record_id`,
    [openStatuses, now],
  );
  const snap: OperationsSnapshot = { outbox_undispatched: 0, outbox_oldest_at: null, jobs: [], cases: [], log_pending: 0, log_oldest_at: null };
  for (const r of rows) {
    if (r.k === 'outbox') [snap.outbox_undispatched, snap.outbox_oldest_at] = [r.n, r.at];
    else if (r.k === 'jobs') snap.jobs.push({ kind: r.a!, status: r.b as 'pending' | 'parked', n: r.n });
    else if (r.k === 'cases') snap.cases.push({ platform: r.a!, open: r.n, overdue: r.m });
    else [snap.log_pending, snap.log_oldest_at] = [r.n, r.at];
  }
  return snap;
}
