import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureJob } from './worker-pool.fixture.ts';
import { createWorkerPool, JobFailedError, JobTimedOutError, PoolBusyError, type WorkerPool } from './worker-pool.ts';

let pool: WorkerPool<FixtureJob, string> | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

// The budget only has to be long enough for an echo on a loaded machine: the spinning job never ends.
const open = (o: { size?: number; queueLimit?: number } = {}) =>
  (pool = createWorkerPool<FixtureJob, string>({ entry: new URL('./worker-pool.fixture.ts', import.meta.url), size: o.size ?? 1, budgetMs: 1_000, queueLimit: o.queueLimit ?? 4 }));

describe('worker pool', () => {
  it('runs jobs in a worker and answers each with its own result', async () => {
    const p = open({ size: 2 });
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((echo) => p.run({ echo })))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('terminates a runaway job at its budget, and the pool goes on serving', async () => {
    const p = open();
    const spinning = p.run({ spin: true });
    const queued = p.run({ echo: 'after' }); // waits for the only worker, which is stuck
    // The main thread is free while the worker spins.
    let ticked = false;
    await new Promise<void>((r) => setTimeout(r, 10)).then(() => (ticked = true));
    expect(ticked).toBe(true);
    await expect(spinning).rejects.toBeInstanceOf(JobTimedOutError);
    expect(await queued).toBe('after');
    expect(await p.run({ echo: 'again' })).toBe('again');
  });

  it('refuses a job at once when the queue is full', async () => {
    const p = open({ queueLimit: 1 });
    await p.run({ echo: 'warm' }); // the worker is up: the next job runs, the one after waits
    const spinning = p.run({ spin: true });
    const waiting = p.run({ echo: 'x' });
    await expect(p.run({ echo: 'y' })).rejects.toBeInstanceOf(PoolBusyError);
    await expect(spinning).rejects.toBeInstanceOf(JobTimedOutError);
    expect(await waiting).toBe('x');
  });

  it('fails the job, not the pool, when the job throws or kills its worker', async () => {
    const p = open();
    await expect(p.run({ throw: 'bad input' })).rejects.toThrow(JobFailedError);
    await expect(p.run({ exit: 3 })).rejects.toBeInstanceOf(JobFailedError);
    expect(await p.run({ echo: 'still here' })).toBe('still here');
  });

  it('rejects what is waiting or running when closed', async () => {
    const p = open();
    const spinning = expect(p.run({ spin: true })).rejects.toThrow(/closed/);
    const waiting = expect(p.run({ echo: 'x' })).rejects.toThrow(/closed/);
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    await spinning;
    await waiting;
    await expect(p.run({ echo: 'y' })).rejects.toThrow(/closed/);
  });
});
