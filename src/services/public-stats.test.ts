import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { STATS_TTL_MS } from './public-record.service.ts';
import { slaRules } from './sla-policy.service.ts';

const HOUR = 3_600_000;
let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;

// This file has its database to itself (test/db.ts), so the figures are exact, not deltas.
beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

async function newCase(org: TestOrg, platform: 'facebook' | 'youtube' | 'tiktok' = 'facebook'): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url: freshUrl(platform) }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

async function decide(platform: TestOrg, id: string) {
  const res = await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: platform, body: sorInput() });
  expect(res.status, res.body).toBe(201);
}

async function act(platform: TestOrg, id: string, action: 'appeal' | 'close') {
  const res = await call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org: platform, body: { action } });
  expect(res.status, res.body).toBe(200);
}

/** The figures as the public gets them: past the cache's window, through the response schema. */
async function stats(platform: string) {
  t.advance(STATS_TTL_MS + 1);
  const res = await call(t.app, 'GET', '/api/v1/public/stats');
  expect(res.status, res.body).toBe(200);
  return res.json.platforms.find((p: { platform: string }) => p.platform === platform);
}

describe('deadline figures in the public statistics', () => {
  it('counts answers on time and late, durations, authority requests and overdue cases per platform', async () => {
    const empty = await stats('facebook');
    expect(empty.deadlines).toEqual({ answered: 0, answered_within_deadline: 0, answered_late: 0, median_hours_to_decision: null, p90_hours_to_decision: null, open_overdue: 0 });
    expect(empty.authority_requests).toEqual({ answered: 0, answered_within_24h: 0, unanswered_after_24h: 0, answered_within_24h_share: null });

    // Hour 0. Flagger notices have 48 h, authority requests 24 h (the default policies).
    const a = await newCase(flagger);
    const b = await newCase(flagger);
    const c = await newCase(flagger);
    const d = await newCase(authority);
    const e = await newCase(authority);
    const f = await newCase(authority); // never answered
    const h = await newCase(flagger, 'youtube');
    await newCase(flagger, 'youtube'); // never answered
    await newCase(flagger, 'tiktok'); // not onboarded: nobody can answer

    // Every read moves the clock by STATS_TTL_MS too: a few seconds in hours, far from any boundary.
    t.advance(10 * HOUR);
    await decide(facebook, a); // 10 h, on time
    await act(facebook, a, 'close'); // closed after a decision still counts as answered
    t.advance(10 * HOUR);
    await decide(facebook, d); // 20 h, inside the authority's 24 h
    t.advance(10 * HOUR);
    await decide(facebook, b); // 30 h; replaced below by its answer to the appeal
    await decide(facebook, e); // 30 h: an authority request answered late

    const mid = await stats('facebook');
    expect(mid.deadlines).toMatchObject({ answered: 4, answered_within_deadline: 3, answered_late: 1, open_overdue: 1 });
    expect(mid.authority_requests).toEqual({ answered: 2, answered_within_24h: 1, unanswered_after_24h: 1, answered_within_24h_share: 0.3333 });

    t.advance(20 * HOUR);
    await decide(youtube, h); // 50 h: late
    t.advance(10 * HOUR);
    await decide(facebook, c); // 60 h: late
    // An appeal restarts the clock: b's answer to it, 5 h later, is judged and timed on its own window.
    // An appeal reads the SLA policies inside its transaction, through a cache that falls back to
    // ctx.db: on PGlite's one connection a miss there waits for itself (case.service.ts), so warm it.
    await slaRules(t.ctx);
    await act(facebook, b, 'appeal');
    const appealed = await stats('facebook');
    expect(appealed.deadlines.answered).toBe(4);
    t.advance(5 * HOUR);
    // An appeal is decided by someone who took no part in the decision appealed: another key (appeal-decision.ts).
    await decide(await makeOrg(t.ctx, 'platform', { platform: 'facebook' }), b);

    const fb = await stats('facebook');
    // Durations: a 10, d 20, e 30, c 60, b 5 → median 20; p90 interpolates 30 + 0.6 × (60 − 30).
    expect(fb.deadlines).toMatchObject({ answered: 5, answered_within_deadline: 3, answered_late: 2, open_overdue: 1 });
    expect(fb.deadlines.median_hours_to_decision).toBeCloseTo(20, 1);
    expect(fb.deadlines.p90_hours_to_decision).toBeCloseTo(48, 1);
    expect(fb.authority_requests).toEqual({ answered: 2, answered_within_24h: 1, unanswered_after_24h: 1, answered_within_24h_share: 0.3333 });

    const yt = await stats('youtube');
    expect(yt.deadlines).toMatchObject({ answered: 1, answered_within_deadline: 0, answered_late: 1, open_overdue: 1 });
    expect(yt.deadlines.median_hours_to_decision).toBeCloseTo(50, 1);
    expect(yt.deadlines.p90_hours_to_decision).toBeCloseTo(50, 1);
    expect(yt.authority_requests.answered_within_24h_share).toBeNull();

    const tt = await stats('tiktok');
    expect(tt.deadlines).toEqual({ answered: 0, answered_within_deadline: 0, answered_late: 0, median_hours_to_decision: null, p90_hours_to_decision: null, open_overdue: 1 });

    // Answering the last authority request late moves it from unanswered to answered, still missed.
    await decide(facebook, f);
    expect((await stats('facebook')).authority_requests).toEqual({ answered: 3, answered_within_24h: 1, unanswered_after_24h: 0, answered_within_24h_share: 0.3333 });
  });

  it('serves the figures from the cache within its window', async () => {
    const before = await stats('facebook');
    await decide(facebook, await newCase(flagger));
    const cached = (await call(t.app, 'GET', '/api/v1/public/stats')).json.platforms.find((p: { platform: string }) => p.platform === 'facebook');
    expect(cached.deadlines.answered).toBe(before.deadlines.answered);
    expect((await stats('facebook')).deadlines.answered).toBe(before.deadlines.answered + 1);
  });
});
