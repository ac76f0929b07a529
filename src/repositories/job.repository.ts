import type { Db } from '../db/db.ts';
import type { Job, OutboxEvent } from '../core/events.ts';

// Any fixed number, distinct from the other advisory locks (migrations, text index).
const DISPATCH_LOCK_ID = 7_202_613;

/**
 * Takes the dispatcher's turn for this transaction, or says another worker has it. One dispatcher
 * at a time keeps jobs in the order of their events: two dispatching side by side could commit a
 * later event's jobs before an earlier one's, and a receiver would get them out of order.
 */
export async function tryDispatcherTurn(db: Db): Promise<boolean> {
  const rows = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [DISPATCH_LOCK_ID]);
  return rows[0]!.ok;
}

/** The oldest events not yet turned into jobs, locked until the transaction ends. */
export async function claimUndispatched(db: Db, limit: number): Promise<OutboxEvent[]> {
  return db.query<OutboxEvent>(
    `SELECT seq::text AS seq, id, type, at, org_id, case_id, data FROM outbox WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

export async function markDispatched(db: Db, seqs: readonly string[], at: Date): Promise<void> {
  if (seqs.length === 0) return;
  await db.query('UPDATE outbox SET dispatched_at = $2 WHERE seq = ANY($1::bigint[])', [seqs, at]);
}

export interface NewJob {
  id: string;
  kind: string;
  event_id: string | null;
  seq: string;
  order_key: string | null;
  payload: Record<string, unknown>;
  run_at: Date;
  created_at: Date;
}

export async function insertJobs(db: Db, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.query(
    `INSERT INTO jobs (id, kind, event_id, seq, order_key, payload, run_at, created_at)
     SELECT t.id, t.kind, t.event_id, t.seq, t.order_key, t.payload, t.run_at, t.created_at
     FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, kind text, event_id uuid, seq bigint, order_key text, payload jsonb, run_at timestamptz, created_at timestamptz)`,
    [JSON.stringify(jobs)],
  );
}

/**
 * Claims up to `limit` due jobs of the given kinds for `leaseMs`: pending, due, not leased by a
 * live worker, and first of their order key (no earlier pending job with the same key, whether
 * waiting to retry or running). Each claim counts as an attempt. SKIP LOCKED lets any number of
 * workers claim side by side without taking the same job.
 */
export async function claimDueJobs(db: Db, kinds: readonly string[], limit: number, now: Date, leaseMs: number): Promise<Job[]> {
  return db.query<Job>(
    `UPDATE jobs SET attempts = attempts + 1, locked_until = $3::timestamptz + $4 * interval '1 millisecond'
     WHERE id IN (
       SELECT j.id FROM jobs j
       WHERE j.status = 'pending' AND j.run_at <= $3 AND (j.locked_until IS NULL OR j.locked_until < $3) AND j.kind = ANY($1::text[])
         AND (j.order_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM jobs p WHERE p.order_key = j.order_key AND p.kind = j.kind AND p.status = 'pending' AND (p.seq, p.id) < (j.seq, j.id)))
       ORDER BY j.run_at, j.seq LIMIT $2
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, event_id, seq::text AS seq, order_key, payload, attempts AS attempt, created_at`,
    [kinds, limit, now, leaseMs],
  );
}

export async function markJobsDone(db: Db, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE jobs SET status = 'done', finished_at = $2, locked_until = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`, [ids, at]);
}

export async function scheduleRetry(db: Db, id: string, runAt: Date, error: string): Promise<void> {
  await db.query(`UPDATE jobs SET run_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1`, [id, runAt, error]);
}

export async function parkJob(db: Db, id: string, at: Date, error: string): Promise<void> {
  await db.query(`UPDATE jobs SET status = 'parked', finished_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1`, [id, at, error]);
}

export interface JobView {
  id: string;
  kind: string;
  event_id: string | null;
  event_type: string | null;
  status: 'pending' | 'done' | 'parked';
  attempts: number;
  run_at: Date;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** Parked jobs, newest first, for operators; `before` is the id of the last one of the previous page. */
export async function listParkedJobs(db: Db, limit: number, before: string | null): Promise<JobView[]> {
  return db.query<JobView>(
    `SELECT j.id, j.kind, j.event_id, o.type AS event_type, j.status, j.attempts, j.run_at, j.last_error, j.created_at, j.finished_at
     FROM jobs j LEFT JOIN outbox o ON o.seq = j.seq AND o.id = j.event_id
     WHERE j.status = 'parked' AND ($2::uuid IS NULL OR j.id < $2) ORDER BY j.id DESC LIMIT $1`,
    [limit, before],
  );
}

/** Puts a parked job back in the queue, due now, with its attempts counted afresh. */
export async function requeueParkedJob(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE jobs SET status = 'pending', attempts = 0, run_at = $2, finished_at = NULL, locked_until = NULL WHERE id = $1 AND status = 'parked' RETURNING 1`,
    [id, at],
  );
  return rows.length === 1;
}

/**
 * Frees every job lease. Only for a process that knows no other worker is alive: the embedded
 * database at start (no other process can open it), where jobs leased by a killed server would
 * otherwise wait for their lease to run out.
 */
export async function releaseAllJobLeases(db: Db): Promise<number> {
  const rows = await db.query(`UPDATE jobs SET locked_until = NULL WHERE status = 'pending' AND locked_until IS NOT NULL RETURNING 1`);
  return rows.length;
}
