import { decodeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { OPEN_STATUSES } from '../core/case-state.ts';
import { listParkedJobs, requeueParkedJob, type JobView } from '../repositories/job.repository.ts';
import { operationsSnapshot } from '../repositories/metrics.repository.ts';
import type { ServiceContext } from './context.ts';

/** The operator's view of the worker: what waits, and what gave up. */
export async function outboxStatus(ctx: ServiceContext) {
  const now = ctx.now();
  // The same one-statement snapshot /metrics reads.
  const d = await operationsSnapshot(ctx.db, OPEN_STATUSES, now);
  const jobs = (status: 'pending' | 'parked') => d.jobs.filter((j) => j.status === status).reduce((n, j) => n + j.n, 0);
  return {
    undispatched_events: d.outbox_undispatched,
    // How far behind the worker is: the age of the oldest event not yet turned into jobs.
    lag_seconds: d.outbox_oldest_at ? Math.max(0, (now.getTime() - new Date(d.outbox_oldest_at).getTime()) / 1000) : 0,
    pending_jobs: jobs('pending'),
    parked_jobs: jobs('parked'),
  };
}

function present(j: JobView) {
  return {
    id: j.id,
    kind: j.kind,
    event_id: j.event_id,
    event_type: j.event_type,
    status: j.status,
    attempts: j.attempts,
    last_error: j.last_error,
    created_at: j.created_at.toISOString(),
    finished_at: j.finished_at?.toISOString() ?? null,
  };
}

export async function listParked(ctx: ServiceContext, q: { cursor?: string; limit?: number }) {
  const before = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && before === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  const limit = q.limit ?? 50;
  const page = pageOf(await listParkedJobs(ctx.db, limit + 1, before), limit);
  return { items: page.items.map(present), next_cursor: page.next_cursor };
}

/** Puts a parked job back in the queue, due now (same job id: a receiver can still de-duplicate). */
export async function retryParked(ctx: ServiceContext, id: string) {
  if (!isUuid(id) || !(await requeueParkedJob(ctx.db, id, ctx.now()))) throw AppError.notFound('Parked job');
  return { id, status: 'pending' as const };
}
