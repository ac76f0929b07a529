import { uuidv7 } from '../core/ids.ts';
import {
  claimDueJobs,
  claimUndispatched,
  insertJobs,
  markDispatched,
  markJobsDone,
  parkJob,
  releaseAllJobLeases,
  scheduleRetry,
  tryDispatcherTurn,
  type NewJob,
} from '../repositories/job.repository.ts';
import { startBackgroundLoop } from './background-loop.ts';
import type { ServiceContext } from './context.ts';
import { jobOutcomes } from './worker-metrics.ts';
import { RetryLater, type Job, type JobHandler } from './job-handler.ts';

/**
 * The worker: turns outbox events into jobs (dispatch) and runs the jobs (delivery), at least
 * once. Dispatch writes an event's jobs and marks it dispatched in one transaction, so an event
 * is never lost nor planned twice; one worker dispatches at a time (`tryDispatcherTurn`), which
 * keeps a case's jobs in the order of its events. Jobs are claimed with SKIP LOCKED under a
 * lease, so any number of workers on PostgreSQL share them; a worker killed mid-job leaves its
 * lease to run out, and the job is run again with the same id — receivers de-duplicate on it.
 */
export interface WorkerOptions {
  /** Events turned into jobs per transaction. */
  dispatchBatch?: number;
  /** Jobs claimed per statement. */
  claimBatch?: number;
  /** Jobs run at once by this worker (HTTP deliveries and e-mails mostly wait on the network). */
  concurrency?: number;
  /** How long a claimed job is this worker's before another may take it again. */
  leaseMs?: number;
  /**
   * Claims run side by side (each with its own `concurrency`): while one waits on its slowest
   * receivers or writes its results, the other is sending, so the tail of a claim costs nothing.
   */
  claimers?: number;
}

/** How often an idle worker looks for events and due jobs. */
export const WORKER_INTERVAL_MS = 250;

const DEFAULTS: Required<WorkerOptions> = { dispatchBatch: 500, claimBatch: 500, concurrency: 64, leaseMs: 60_000, claimers: 2 };

/** The longest one job may run: a webhook delivery gives up after 10 s, an e-mail's SMTP exchange is bounded alike. */
export const MAX_JOB_MS = 10_000;

/**
 * Jobs per claim: as many as configured, but few enough that the claim finishes well within its
 * lease even if every job takes the longest it may (`concurrency` at a time, MAX_JOB_MS each, in
 * at most half the lease), so no other worker takes a job that is still running.
 */
export function claimSize(o: Required<WorkerOptions>): number {
  return Math.max(1, Math.min(o.claimBatch, Math.floor((o.concurrency * o.leaseMs) / (2 * MAX_JOB_MS))));
}

function byKind(handlers: readonly JobHandler[]): Map<string, JobHandler> {
  const map = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (map.has(h.kind)) throw new Error(`Two job handlers of kind ${h.kind}`);
    map.set(h.kind, h);
  }
  return map;
}

/** Plans the jobs of up to `limit` undispatched events; returns how many events it dispatched (0 when none wait or another worker is dispatching). */
export async function dispatchEvents(ctx: ServiceContext, handlers: readonly JobHandler[], limit = DEFAULTS.dispatchBatch): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    if (!(await tryDispatcherTurn(tx))) return 0;
    const events = await claimUndispatched(tx, limit);
    if (events.length === 0) return 0;
    const at = ctx.now();
    const jobs: NewJob[] = [];
    for (const h of handlers) {
      const mine = events.filter((e) => h.eventTypes.includes(e.type));
      if (mine.length === 0) continue;
      const planned = h.planMany ? await h.planMany(tx, mine) : await sequentially(mine, (e) => h.plan(tx, e));
      mine.forEach((event, n) => {
        for (const spec of planned[n]!) {
          jobs.push({ id: uuidv7(at.getTime()), kind: h.kind, event_id: event.id, seq: event.seq, order_key: spec.order_key, payload: spec.payload, run_at: at, created_at: at });
        }
      });
    }
    await insertJobs(tx, jobs);
    await markDispatched(
      tx,
      events.map((e) => e.seq),
      at,
    );
    return events.length;
  });
}

async function sequentially<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

function describe(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 1000);
}

/**
 * Claims due jobs and runs them, `concurrency` at a time; returns how many it ran. Successes are
 * recorded together in one statement; a failure waits its handler's next delay (or a receiver's
 * Retry-After) and, past the last, is parked for operators to see and replay.
 */
export async function runDueJobs(ctx: ServiceContext, handlers: readonly JobHandler[], options: WorkerOptions = {}): Promise<number> {
  const o = { ...DEFAULTS, ...options };
  const kinds = byKind(handlers);
  const jobs = await claimDueJobs(ctx.db, [...kinds.keys()], claimSize(o), ctx.now(), o.leaseMs);
  if (jobs.length === 0) return 0;
  const done: Job[] = [];
  const failed: { job: Job; error: unknown }[] = [];
  const single: Job[] = [];
  const batches: Promise<void>[] = [];
  for (const [kind, handler] of kinds) {
    const mine = jobs.filter((j) => j.kind === kind);
    if (mine.length === 0) continue;
    if (!handler.runMany) {
      single.push(...mine);
      continue;
    }
    batches.push(
      handler.runMany(ctx, mine).then(
        (outcomes) => mine.forEach((job, n) => (outcomes[n] === null ? done.push(job) : failed.push({ job, error: outcomes[n] }))),
        (error: unknown) => mine.forEach((job) => failed.push({ job, error })),
      ),
    );
  }
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < single.length; i = next++) {
      const job = single[i]!;
      try {
        await kinds.get(job.kind)!.run(ctx, job);
        done.push(job);
      } catch (error) {
        failed.push({ job, error });
      }
    }
  };
  await Promise.all([...batches, ...Array.from({ length: Math.min(o.concurrency, single.length) }, lane)]);
  await markJobsDone(
    ctx.db,
    done.map((j) => j.id),
    ctx.now(),
  );
  for (const job of done) jobOutcomes.inc({ kind: job.kind, outcome: 'done' });
  for (const { job, error } of failed) {
    const handler = kinds.get(job.kind)!;
    const at = ctx.now();
    const delay = error instanceof RetryLater ? error.afterMs : handler.retryDelaysMs[job.attempt - 1];
    if (job.attempt > handler.retryDelaysMs.length || delay === undefined) {
      await ctx.db.transaction(async (tx) => {
        await parkJob(tx, job.id, at, describe(error));
        await handler.onParked?.(tx, job, describe(error));
      });
      jobOutcomes.inc({ kind: job.kind, outcome: 'parked' });
    } else {
      await scheduleRetry(ctx.db, job.id, new Date(at.getTime() + delay), describe(error));
      jobOutcomes.inc({ kind: job.kind, outcome: 'retry' });
    }
  }
  return jobs.length;
}

/** One round: dispatch waiting events, then run due jobs. Returns the work done (0 when idle). */
export async function workOnce(ctx: ServiceContext, handlers: readonly JobHandler[], options: WorkerOptions = {}): Promise<number> {
  const dispatched = await dispatchEvents(ctx, handlers, options.dispatchBatch);
  const ran = await Promise.all(Array.from({ length: options.claimers ?? DEFAULTS.claimers }, () => runDueJobs(ctx, handlers, options)));
  return dispatched + ran.reduce((a, b) => a + b, 0);
}

/**
 * Works until nothing is left to do now (jobs waiting to retry later stay); for tests, the CLI
 * and benchmarks. Bounded, so a handler that keeps failing at once cannot spin forever.
 */
export async function drainOutbox(ctx: ServiceContext, handlers: readonly JobHandler[], options: WorkerOptions & { maxRounds?: number } = {}): Promise<number> {
  let total = 0;
  for (let round = 0, n = -1; n !== 0 && round < (options.maxRounds ?? 10_000); round++) {
    n = await workOnce(ctx, handlers, options);
    total += n;
  }
  return total;
}

/** At start on the embedded database: this process is the only one, so no lease is held by a live worker. */
export async function releaseLeasesOfDeadWorkers(ctx: ServiceContext): Promise<number> {
  if (ctx.db.driver !== 'pglite') return 0;
  return releaseAllJobLeases(ctx.db);
}

/** A task the worker runs on a timer besides the outbox: deadline sweeps, daily digests. */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  /** Returns the work it did; called again at once while it returns more than 0. */
  run(ctx: ServiceContext): Promise<number>;
}

/** Runs the worker in the background of this process (the server's, or `minhbach worker`'s). */
export function startWorker(
  ctx: ServiceContext,
  handlers: readonly JobHandler[],
  options: WorkerOptions & { intervalMs: number; periodic?: readonly PeriodicTask[]; onError: (e: unknown, where: string) => void },
): () => Promise<void> {
  const stops = [
    startBackgroundLoop(() => workOnce(ctx, handlers, options), { intervalMs: options.intervalMs, onError: (e) => options.onError(e, 'outbox') }),
    ...(options.periodic ?? []).map((task) => startBackgroundLoop(() => task.run(ctx), { intervalMs: task.everyMs, onError: (e) => options.onError(e, task.name) })),
  ];
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
