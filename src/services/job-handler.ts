import type { Job, OutboxEvent } from '../core/events.ts';
import type { Db } from '../db/db.ts';
import type { ServiceContext } from './context.ts';

// Defined in core (repositories read them too); named here as well, where handlers are written.
export type { Job, OutboxEvent };

/** A job a handler asks for, for one event. */
export interface JobSpec {
  /**
   * Jobs with the same key (of the same kind) run one at a time, in the order of their events:
   * e.g. `${endpointId}:${caseId}` delivers a case's events to an endpoint in order. Null: no order.
   */
  order_key: string | null;
  payload: Record<string, unknown>;
}

/** Thrown by `run` to say when to try again (e.g. a receiver's Retry-After); any other error retries on the schedule. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly afterMs: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/**
 * One kind of side effect. The worker (worker.service.ts) calls `plan` for every outbox event
 * whose type the handler takes, inside the transaction that marks the event dispatched, and
 * later `run` for each job, outside any transaction. `run` must be safe to repeat: a worker
 * killed after the effect and before recording it runs the job again (same job id).
 */
export interface JobHandler {
  kind: string;
  /** The event types `plan` is called for. */
  eventTypes: readonly string[];
  plan(tx: Db, event: OutboxEvent): Promise<JobSpec[]>;
  /** Optional: plans a dispatch batch at once (same answers as `plan` for each event), in fewer queries. */
  planMany?(tx: Db, events: readonly OutboxEvent[]): Promise<JobSpec[][]>;
  run(ctx: ServiceContext, job: Job): Promise<void>;
  /**
   * Optional: runs a claim's jobs of this kind at once (its own concurrency), recording them in
   * fewer statements; per job, null when done or the error to retry it with (as `run` would throw).
   */
  runMany?(ctx: ServiceContext, jobs: readonly Job[]): Promise<(Error | null)[]>;
  /**
   * Waits between attempts: after attempt n fails, the job waits retryDelaysMs[n-1]; after the last,
   * it is parked (visible to operators, replayable).
   */
  retryDelaysMs: readonly number[];
  /** Called in the transaction that parks a job (e.g. to count an endpoint's failures). */
  onParked?(tx: Db, job: Job, error: string): Promise<void>;
}
