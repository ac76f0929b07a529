import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import type { DomainEvent } from '../core/events.ts';
import { uuidv7 } from '../core/ids.ts';
import { claimDueJobs, listParkedJobs, requeueParkedJob } from '../repositories/job.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { RetryLater, type Job, type JobHandler } from './job-handler.ts';
import { dispatchEvents, drainOutbox, runDueJobs } from './worker.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

/** A handler of its own kind per test, so tests sharing the database never run each other's jobs. */
function recorder(kind: string, behaviour: (job: Job) => void | Promise<void> = () => {}, retryDelaysMs = [1_000, 60_000]) {
  const runs: Job[] = [];
  const parked: string[] = [];
  const handler: JobHandler = {
    kind,
    eventTypes: ['case.updated'],
    async plan(_tx, event) {
      // One job per event that names this kind, ordered per case.
      return event.data.for === kind ? [{ order_key: event.case_id, payload: { n: event.data.n } }] : [];
    },
    async run(_ctx, job) {
      runs.push(job);
      await behaviour(job);
    },
    retryDelaysMs,
    async onParked(_tx, job) {
      parked.push(job.id);
    },
  };
  return { handler, runs, parked };
}

function event(kind: string, caseId: string, n: number): DomainEvent {
  return { id: uuidv7(), type: 'case.updated', at: t.ctx.now(), org_id: null, case_id: caseId, data: { for: kind, n } };
}

describe('the worker', () => {
  it('turns only committed events into jobs, and runs each once', async () => {
    const r = recorder('w-commit');
    const caseId = uuidv7();
    await t.ctx.db.transaction((tx) => appendEvents(tx, [event('w-commit', caseId, 1), event('w-commit', caseId, 2)]));
    // A change that rolls back takes its events with it.
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await appendEvents(tx, [event('w-commit', caseId, 3)]);
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    await drainOutbox(t.ctx, [r.handler]);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs.map((j) => j.payload.n)).toEqual([1, 2]);
    expect(r.runs.every((j) => j.attempt === 1)).toBe(true);
  });

  it('retries a failing job on its schedule, then parks it for an operator to requeue', async () => {
    let fail = true;
    const r = recorder('w-retry', () => {
      if (fail) throw new Error('receiver down');
    });
    await appendEvents(t.ctx.db, [event('w-retry', uuidv7(), 1)]);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(1);
    // Not due again before its delay.
    t.advance(500);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(1);
    t.advance(600);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(2);
    t.advance(60_000);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs.map((j) => j.attempt)).toEqual([1, 2, 3]);
    expect(r.parked).toEqual([r.runs[0]!.id]);
    const parked = (await listParkedJobs(t.ctx.db, 50, null)).find((j) => j.id === r.parked[0]);
    expect(parked).toMatchObject({ kind: 'w-retry', event_type: 'case.updated', last_error: 'Error: receiver down' });

    t.advance(3_600_000);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(3);
    fail = false;
    expect(await requeueParkedJob(t.ctx.db, r.parked[0]!, t.ctx.now())).toBe(true);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs.at(-1)).toMatchObject({ id: r.parked[0], attempt: 1 });
    expect(await requeueParkedJob(t.ctx.db, r.parked[0]!, t.ctx.now())).toBe(false);
  });

  it("waits as long as a receiver's Retry-After asks", async () => {
    let calls = 0;
    const r = recorder('w-after', () => {
      if (calls++ === 0) throw new RetryLater('429', 120_000);
    });
    await appendEvents(t.ctx.db, [event('w-after', uuidv7(), 1)]);
    await drainOutbox(t.ctx, [r.handler]);
    t.advance(60_000);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(1);
    t.advance(61_000);
    await drainOutbox(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(2);
  });

  it("keeps one key's jobs in the order of their events while one waits to retry, and lets other keys pass", async () => {
    const down = new Set<number>([1]);
    const r = recorder('w-order', (job) => {
      if (down.has(job.payload.n as number)) throw new Error('down');
    });
    const a = uuidv7();
    const b = uuidv7();
    await appendEvents(t.ctx.db, [event('w-order', a, 1), event('w-order', a, 2), event('w-order', b, 3), event('w-order', a, 4)]);
    const of = (key: string) => r.runs.filter((j) => j.order_key === key).map((j) => j.payload.n);
    await drainOutbox(t.ctx, [r.handler]);
    expect(of(a)).toEqual([1]);
    expect(of(b)).toEqual([3]);
    down.clear();
    t.advance(1_000);
    await drainOutbox(t.ctx, [r.handler]);
    expect(of(a)).toEqual([1, 1, 2, 4]);
  });

  it('runs again, with the same id, a job whose worker died holding it, once its lease runs out', async () => {
    const r = recorder('w-crash');
    await appendEvents(t.ctx.db, [event('w-crash', uuidv7(), 1)]);
    await dispatchEvents(t.ctx, [r.handler]);
    // A worker claims the job and dies before recording anything.
    const [claimed] = await claimDueJobs(t.ctx.db, ['w-crash'], 10, t.ctx.now(), 60_000);
    expect(claimed).toBeDefined();
    await runDueJobs(t.ctx, [r.handler]);
    expect(r.runs).toHaveLength(0);
    t.advance(60_001);
    await runDueJobs(t.ctx, [r.handler]);
    expect(r.runs.map((j) => [j.id, j.attempt])).toEqual([[claimed!.id, 2]]);
  });

  it('shares the work between workers without running any job twice', async () => {
    const r = recorder('w-share', () => new Promise((resolve) => setTimeout(resolve, 1)));
    const events = Array.from({ length: 300 }, (_, n) => event('w-share', uuidv7(), n));
    await appendEvents(t.ctx.db, events);
    await dispatchEvents(t.ctx, [r.handler]);
    // Four workers at once, each claiming small batches.
    await Promise.all(Array.from({ length: 4 }, () => drainOutbox(t.ctx, [r.handler], { claimBatch: 20, concurrency: 4 })));
    const ids = r.runs.map((j) => j.id);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
  });
});
