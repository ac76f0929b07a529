import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput } from '../../test/factories.ts';

const TOKEN = 'operator-token-for-tests-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
});
afterAll(() => t.close());

const scrape = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return res.body;
};
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('operations', () => {
  it('exports request latency by route pattern, and the state of queues and cases', async () => {
    const authority = await makeOrg(t.ctx, 'authority');
    const sent = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl('youtube') }] }) });
    await call(t.app, 'GET', `/api/v1/cases/${sent.json.cases[0].id}`, { org: authority });
    t.advance(25 * 3600_000);

    const text = await scrape();
    // The pattern, never the id: one series per route, not per case.
    expect(text).toContain('minhbach_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:id",status="2xx"} 1');
    expect(text).not.toContain(sent.json.cases[0].id);
    // The notice's events wait for a worker (none runs in this test): depth and lag show it.
    expect(value(text, 'minhbach_outbox_depth')).toBeGreaterThanOrEqual(2);
    expect(value(text, 'minhbach_outbox_lag_seconds')).toBeGreaterThan(24 * 3600);
    expect(value(text, 'minhbach_cases_open{platform="youtube"}')).toBe(1);
    expect(value(text, 'minhbach_cases_overdue{platform="youtube"}')).toBe(1);
    expect(value(text, 'minhbach_log_pending')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('minhbach_job_runs_total');
  });

  it('is for the operator; readiness and liveness are for anyone', async () => {
    expect((await call(t.app, 'GET', '/metrics')).status).toBe(401);
    expect((await call(t.app, 'GET', '/readyz')).json).toEqual({ status: 'ready' });
    expect((await call(t.app, 'GET', '/healthz')).json).toEqual({ status: 'ok' });
  });
});
