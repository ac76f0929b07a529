/**
 * A small pool of worker threads that run one kind of job each, with a wall-clock budget per job.
 * A job past its budget has its worker terminated (the only way to stop a runaway synchronous
 * parse) and replaced; the queue of waiting jobs is bounded, so a flood is refused at once rather
 * than piling up. Used for HTML extraction (extract-pool.ts), which must never run on the thread
 * that answers requests.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

export class JobTimedOutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the job ran past its budget of ${budgetMs} ms and was stopped`);
    this.name = 'JobTimedOutError';
  }
}

/** The worker died during the job (out of memory, or the job crashed it): the input is to blame. */
export class JobFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobFailedError';
  }
}

export class PoolBusyError extends Error {
  constructor(readonly queued: number) {
    super(`${queued} jobs are already waiting`);
    this.name = 'PoolBusyError';
  }
}

export interface WorkerPoolOptions {
  /** The worker's module: it calls `serveJobs` (below). A `.ts` module is loaded through tsx. */
  entry: URL;
  /** Worker threads at most. */
  size: number;
  /** Wall-clock time a job may take in its worker before the worker is terminated. */
  budgetMs: number;
  /** Jobs that may wait for a worker; one more is refused with PoolBusyError. */
  queueLimit: number;
  /** Memory a worker may use; past it the worker dies and its job fails (JobFailedError). */
  resourceLimits?: ResourceLimits;
  /** An idle worker beyond the first is stopped after this long, giving its memory back. */
  idleMs?: number;
}

export interface WorkerPool<I, O> {
  run(input: I): Promise<O>;
  /** Starts a worker now, so that the first job does not wait for one to load. */
  warm(): void;
  /** Terminates every worker; waiting and running jobs are rejected. */
  close(): Promise<void>;
}

interface Job<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (e: unknown) => void;
}

interface Slot<I, O> {
  worker: Worker;
  ready: boolean;
  job: (Job<I, O> & { timer: NodeJS.Timeout }) | null;
  idleTimer: NodeJS.Timeout | null;
}

type Reply<O> = { ready: true } | { ok: true; value: O } | { ok: false; message: string };

/**
 * How a worker is started. Under tsx (`npm start`, the CLI) and under vitest the entry is a `.ts`
 * file, which plain Node cannot load: a small bootstrap registers tsx's loader in the worker first
 * (Node 20 does not apply `--import` hooks to a worker's own entry).
 */
function workerSource(entry: URL): { source: string | URL; eval: boolean } {
  if (!entry.pathname.endsWith('.ts')) return { source: entry, eval: false };
  // The ESM build of tsx's API, beside the CommonJS one that require.resolve finds.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const source = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })
    .catch((e) => { console.error(e); process.exit(70); });`;
  return { source, eval: true };
}

export function createWorkerPool<I, O>(options: WorkerPoolOptions): WorkerPool<I, O> {
  const slots: Slot<I, O>[] = [];
  const queue: Job<I, O>[] = [];
  const start = workerSource(options.entry);
  let closed = false;

  const remove = (slot: Slot<I, O>) => {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (slot.job) clearTimeout(slot.job.timer);
  };

  const spawn = (): Slot<I, O> => {
    const worker = new Worker(start.source, { eval: start.eval, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    const slot: Slot<I, O> = { worker, ready: false, job: null, idleTimer: null };
    worker.on('message', (reply: Reply<O>) => {
      if ('ready' in reply) {
        slot.ready = true;
      } else if (slot.job) {
        const job = slot.job;
        clearTimeout(job.timer);
        slot.job = null;
        if (reply.ok) job.resolve(reply.value);
        else job.reject(new JobFailedError(reply.message));
      }
      dispatch();
    });
    worker.on('error', (e) => {
      remove(slot);
      if (slot.job) slot.job.reject(new JobFailedError(`the worker stopped: ${e.message}`, { cause: e }));
      else if (!slot.ready) {
        // It could not even start (a broken install, not a hostile input): nothing queued can run.
        for (const job of queue.splice(0)) job.reject(e);
      }
      slot.job = null;
      dispatch();
    });
    worker.on('exit', (code) => {
      remove(slot);
      if (slot.job) slot.job.reject(new JobFailedError('the worker exited during the job'));
      else if (!slot.ready && !closed) for (const job of queue.splice(0)) job.reject(new Error(`the worker exited with code ${code} before it was ready`));
      slot.job = null;
      dispatch();
    });
    slots.push(slot);
    return slot;
  };

  const startJob = (slot: Slot<I, O>, job: Job<I, O>) => {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.worker.ref(); // a job under way keeps the process alive (the CLI waits for it)
    const timer = setTimeout(() => {
      // Synchronous code cannot be interrupted: the worker goes, and a fresh one takes its place.
      slot.job = null;
      remove(slot);
      void slot.worker.terminate();
      job.reject(new JobTimedOutError(options.budgetMs));
      dispatch();
    }, options.budgetMs);
    slot.job = { ...job, timer };
    slot.worker.postMessage(job.input);
  };

  const idle = (slot: Slot<I, O>) => {
    slot.worker.unref(); // an idle worker never holds the process open
    if (options.idleMs && !slot.idleTimer) {
      slot.idleTimer = setTimeout(() => {
        // One worker stays loaded (loading takes about a second); the others give their memory back.
        slot.idleTimer = null;
        if (slots.length <= 1) return;
        remove(slot);
        void slot.worker.terminate();
      }, options.idleMs);
      slot.idleTimer.unref();
    }
  };

  function dispatch() {
    if (closed) return;
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const job = queue.shift();
      if (job) startJob(slot, job);
      else idle(slot);
    }
    // Workers still starting will take jobs when ready; start more only for jobs nobody will take.
    const starting = slots.filter((s) => !s.ready).length;
    for (let n = queue.length - starting; n > 0 && slots.length < options.size; n--) spawn();
  }

  return {
    run(input) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      // A job an idle worker takes at once never waits, whatever the queue's limit.
      const idleWorker = slots.some((s) => s.ready && !s.job);
      if (!idleWorker && queue.length >= options.queueLimit) return Promise.reject(new PoolBusyError(queue.length));
      return new Promise<O>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        dispatch();
      });
    },
    warm() {
      if (!closed && slots.length === 0) spawn();
    },
    async close() {
      closed = true;
      const all = slots.splice(0);
      for (const job of queue.splice(0)) job.reject(new Error('the worker pool was closed'));
      for (const slot of all) {
        remove(slot);
        if (slot.job) slot.job.reject(new Error('the worker pool was closed'));
        slot.job = null;
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

/**
 * The worker's side: answers each job with `fn`'s result, or the message of what it threw. Says
 * "ready" once loaded, so a job's budget counts the job alone, not the worker's start.
 */
export function serveJobs<I, O>(fn: (input: I) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  const answer = async (input: I) => {
    try {
      port.postMessage({ ok: true, value: await fn(input) } satisfies Reply<O>);
    } catch (e) {
      port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) } satisfies Reply<O>);
    }
  };
  port.on('message', (input: I) => void answer(input));
  port.postMessage({ ready: true } satisfies Reply<O>);
}
