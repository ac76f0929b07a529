import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { OPEN_STATUSES } from '../core/case-state.ts';
import { sweepDeadlines } from './sla-sweep.service.ts';

const HOUR = 3_600_000;
// Real time passes between a request and the sweep that follows: margins are a minute, not a millisecond.
const MINUTE = 60_000;
let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

async function newCase(org: TestOrg, url = freshUrl()): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

/** Sweeps until nothing is left, as the worker does. */
async function sweep(): Promise<number> {
  let total = 0;
  for (let n; (n = await sweepDeadlines(t.ctx, { limit: 50 })) > 0;) total += n;
  return total;
}

async function escalations(caseId: string) {
  const timeline = (await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook })).json.timeline as { type: string; actor: unknown; data: { due_at?: string } }[];
  const events = await t.ctx.db.query<{ type: string; org_id: string | null; data: Record<string, unknown> }>(
    'SELECT type, org_id, data FROM outbox WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  return {
    timeline: timeline.filter((e) => e.type === 'due_soon' || e.type === 'overdue'),
    events: events.filter((e) => e.type === 'case.due_soon' || e.type === 'case.overdue'),
  };
}

describe('the deadline sweep', () => {
  it('escalates an authority request as due soon with a quarter of its 24 h left, then as overdue, once each', async () => {
    const id = await newCase(authority);
    t.advance(18 * HOUR - MINUTE);
    await sweep();
    expect((await escalations(id)).events).toEqual([]);

    t.advance(MINUTE);
    await sweep();
    let seen = await escalations(id);
    expect(seen.timeline).toMatchObject([{ type: 'due_soon', actor: null }]);
    expect(seen.events).toHaveLength(1);
    expect(seen.events[0]).toMatchObject({
      type: 'case.due_soon',
      org_id: null,
      data: { case_id: id, platform: 'facebook', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', authority_request: true },
    });
    expect(seen.events[0]!.data.due_at).toBe(seen.timeline[0]!.data.due_at);

    await sweep();
    expect((await escalations(id)).events).toHaveLength(1);

    t.advance(6 * HOUR + MINUTE);
    await sweep();
    await sweep();
    seen = await escalations(id);
    expect(seen.timeline.map((e) => e.type)).toEqual(['due_soon', 'overdue']);
    expect(seen.events.map((e) => e.type)).toEqual(['case.due_soon', 'case.overdue']);
  });

  it('escalates a case found past its deadline as overdue only, never as due soon afterwards', async () => {
    const id = await newCase(flagger);
    t.advance(49 * HOUR);
    await sweep();
    t.advance(HOUR);
    await sweep();
    expect((await escalations(id)).events.map((e) => e.type)).toEqual(['case.overdue']);
  });

  it('measures due soon from when the current deadline was set: a later, earlier-due notice starts a new window', async () => {
    const url = freshUrl();
    const id = await newCase(flagger, url); // due in 48 h
    t.advance(10 * HOUR);
    // An authority's request on the same content: due in 24 h, before the flagger's deadline.
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url }] }) });
    expect(res.json.cases[0].id).toBe(id);
    // Measured from the case's creation the window would be 34 h, due soon 8.5 h before the end; it is 24 h: 6 h before.
    t.advance(18 * HOUR - MINUTE);
    await sweep();
    expect((await escalations(id)).events).toEqual([]);
    t.advance(MINUTE);
    await sweep();
    expect((await escalations(id)).events.map((e) => e.type)).toEqual(['case.due_soon']);
  });

  it('escalates again when the deadline moves: an appeal restarts the clock', async () => {
    const id = await newCase(authority);
    t.advance(19 * HOUR);
    await sweep();
    expect((await escalations(id)).events.map((e) => e.type)).toEqual(['case.due_soon']);
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    t.advance(HOUR);
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org: authority, body: { action: 'appeal' } })).status).toBe(200);
    t.advance(36 * HOUR - MINUTE); // the appeal's 48 h: due soon 12 h before its end
    await sweep();
    expect((await escalations(id)).events).toHaveLength(1);
    t.advance(MINUTE);
    await sweep();
    t.advance(12 * HOUR + MINUTE);
    await sweep();
    const seen = await escalations(id);
    expect(seen.timeline.map((e) => e.type)).toEqual(['due_soon', 'due_soon', 'overdue']);
    expect(seen.timeline[0]!.data.due_at).not.toBe(seen.timeline[1]!.data.due_at);
  });

  it('leaves answered cases alone', async () => {
    const id = await newCase(authority);
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    t.advance(30 * HOUR);
    await sweep();
    expect((await escalations(id)).events).toEqual([]);
  });

  it('never escalates a case twice when sweeps run side by side', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => newCase(authority)));
    t.advance(25 * HOUR);
    const counts = await Promise.all(Array.from({ length: 4 }, () => sweepDeadlines(t.ctx, { limit: 10 })));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await sweep();
    const rows = await t.ctx.db.query<{ case_id: string; n: number }>(
      `SELECT case_id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'overdue' GROUP BY case_id`,
      [ids],
    );
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('watches the statuses of OPEN_STATUSES in its index (migration 0013)', () => {
    const sql = readFileSync(new URL('../db/migrations/0013_sla_email.sql', import.meta.url), 'utf8');
    const listed = /WHERE status IN \(([^)]*)\) AND overdue_escalated_for/
      .exec(sql)![1]!
      .split(',')
      .map((s) => s.trim().replace(/'/g, ''));
    expect(listed).toEqual([...OPEN_STATUSES]);
  });
});
