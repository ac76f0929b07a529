import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call } from '../../../test/factories.ts';
import { uuidv7 } from '../../core/ids.ts';
import { appendEvents } from '../../repositories/outbox.repository.ts';
import type { JobHandler } from '../../services/job-handler.ts';
import { drainOutbox } from '../../services/worker.service.ts';

const TOKEN = 'operator-token-for-tests-0123456789';
const operator = { authorization: `Bearer ${TOKEN}` };
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
});
afterAll(() => t.close());

describe('the worker, as the operator sees it', () => {
  it('shows the outbox waiting, then a job that failed every attempt, and queues it again', async () => {
    await appendEvents(t.ctx.db, [{ id: uuidv7(), type: 'case.updated', at: new Date(t.ctx.now().getTime() - 30_000), org_id: null, case_id: uuidv7(), data: { probe: 'jobs' } }]);
    const waiting = await call(t.app, 'GET', '/api/v1/admin/outbox', { headers: operator });
    expect(waiting.status).toBe(200);
    expect(waiting.json.undispatched_events).toBeGreaterThan(0);
    expect(waiting.json.lag_seconds).toBeGreaterThanOrEqual(30);

    let fail = true;
    const handler: JobHandler = {
      kind: 'probe',
      eventTypes: ['case.updated'],
      plan: async (_tx, e) => (e.data.probe === 'jobs' ? [{ order_key: null, payload: {} }] : []),
      run: async () => {
        if (fail) throw new Error('receiver answered 500');
      },
      retryDelaysMs: [],
    };
    await drainOutbox(t.ctx, [handler]);
    const status = await call(t.app, 'GET', '/api/v1/admin/outbox', { headers: operator });
    expect(status.json).toMatchObject({ undispatched_events: 0, lag_seconds: 0, parked_jobs: 1 });
    const parked = await call(t.app, 'GET', '/api/v1/admin/jobs/parked', { headers: operator });
    expect(parked.json.items).toEqual([
      expect.objectContaining({ kind: 'probe', event_type: 'case.updated', status: 'parked', attempts: 1, last_error: 'Error: receiver answered 500' }),
    ]);

    const id = parked.json.items[0].id as string;
    expect((await call(t.app, 'POST', `/api/v1/admin/jobs/${id}/retry`, { headers: operator })).json).toEqual({ id, status: 'pending' });
    fail = false;
    await drainOutbox(t.ctx, [handler]);
    expect((await call(t.app, 'GET', '/api/v1/admin/jobs/parked', { headers: operator })).json.items).toEqual([]);
    // Only a parked job can be queued again.
    expect((await call(t.app, 'POST', `/api/v1/admin/jobs/${id}/retry`, { headers: operator })).status).toBe(404);
    expect((await call(t.app, 'POST', '/api/v1/admin/jobs/not-a-uuid/retry', { headers: operator })).status).toBe(404);
  });

  it('is for the operator only', async () => {
    expect((await call(t.app, 'GET', '/api/v1/admin/outbox')).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/admin/jobs/parked', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
