import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPublicName } from '../../core/redact.ts';
import { STATS_TTL_MS } from '../../services/public-record.service.ts';
import { slaRules } from '../../services/sla-policy.service.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHARTS = '/api/v1/public/stats/charts';
const PHONE_NAME = 'Sở Thông tin và Truyền thông, liên hệ 0912 345 678';

let t: TestApp;
let cuc: TestOrg;
let so: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;

// This file has its database to itself (test/db.ts), so the figures are exact, not deltas.
beforeAll(async () => {
  t = await openTestApp();
  cuc = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  so = await makeOrg(t.ctx, 'authority', { name: PHONE_NAME });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

/** The month an instant falls in, in Hanoi, worked out apart from the code under test. */
function hanoiMonth(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** One notice; its cases' ids in the order of its URLs, and the month it was received in. */
async function notice(org: TestOrg, ...platforms: ('facebook' | 'youtube' | 'tiktok')[]): Promise<string[]> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: platforms.map((p) => ({ url: freshUrl(p) })) }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases.map((c: { id: string }) => c.id);
}

async function decide(platform: TestOrg, id: string, overrides: Record<string, unknown> = {}) {
  const res = await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: platform, body: sorInput(overrides) });
  expect(res.status, res.body).toBe(201);
}

async function noAction(platform: TestOrg, id: string) {
  const res = await call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, {
    org: platform,
    body: { decision_facts: 'Nội dung không vi phạm pháp luật hay chính sách của nền tảng.' },
  });
  expect(res.status, res.body).toBe(201);
}

async function appeal(org: TestOrg, id: string) {
  const res = await call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org, body: { action: 'appeal' } });
  expect(res.status, res.body).toBe(200);
}

/** The figures as the public gets them: past the cache's window, through the response schema. */
async function charts() {
  t.advance(STATS_TTL_MS + 1);
  const res = await call(t.app, 'GET', CHARTS);
  expect(res.status, res.body).toBe(200);
  return res.json;
}

const kinds = (removed: number, disabled: number, other: number, account: number, none: number) => ({
  content_removed: removed,
  content_disabled: disabled,
  other_content_restriction: other,
  account_or_service_only: account,
  no_action: none,
});

describe('GET /api/v1/public/stats/charts', () => {
  it('is public, answers with nothing when nothing happened, and may be cached', async () => {
    const res = await call(t.app, 'GET', CHARTS);
    expect(res.status, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe(`public, max-age=${STATS_TTL_MS / 1000}`);
    expect(res.json.months).toHaveLength(12);
    expect(res.json.months[11]).toBe(hanoiMonth(t.ctx.now()));
    expect(res.json.requests_by_authority).toEqual({ authorities: [], by_month: Array(12).fill(0), total: 0 });
    expect(res.json.decisions_by_outcome).toMatchObject({ platforms: [], by_outcome: kinds(0, 0, 0, 0, 0), total: 0 });
    expect(res.json.time_to_decision).toEqual({ deadline_hours: 24, platforms: [] });
    expect(res.json.overdue).toEqual({ platforms: [], total: { with_deadline: 0, answered_late: 0, open_overdue: 0, share: null } });
    expect(res.json.appeals).toEqual({
      platforms: [],
      total: { appeals: 0, decided_on_appeal: 0, reversed: 0, upheld: 0, modified: 0, answer_median_hours: null, answer_p90_hours: null },
    });
  });

  it('counts requests by authority and month, decisions by kind, times, overdue cases, appeals and reversals', async () => {
    // Hour 0. Authorities' requests have 24 h, the flagger's notices 48 h, appeals 48 h.
    const first = hanoiMonth(t.ctx.now());
    const [fb1] = await notice(cuc, 'facebook');
    const [fb2] = await notice(cuc, 'facebook');
    await notice(cuc, 'tiktok'); // nobody answers for TikTok: overdue after 24 h
    const [fb5] = await notice(so, 'facebook'); // never answered: overdue after 24 h
    const [yt1] = await notice(so, 'youtube');
    const [fb6, yt3] = await notice(so, 'facebook', 'youtube'); // one request, two platforms
    const [fb3] = await notice(flagger, 'facebook');
    const [fb4] = await notice(flagger, 'facebook');
    const [yt2] = await notice(flagger, 'youtube');

    t.advance(10 * HOUR);
    await decide(facebook, fb1!); // removed, 10 h
    await decide(facebook, fb6!); // removed, 10 h
    await noAction(youtube, yt3!); // no action, 10 h
    t.advance(10 * HOUR);
    await decide(youtube, yt1!, { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'] }); // 20 h
    await decide(facebook, fb3!, { decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'], decision_account: 'DECISION_ACCOUNT_SUSPENDED' });
    t.advance(10 * HOUR);
    await noAction(facebook, fb2!); // an authority request answered at 30 h: late
    await decide(facebook, fb4!, { decision_visibility: undefined, decision_account: 'DECISION_ACCOUNT_SUSPENDED' });
    await decide(youtube, yt2!);
    // An appeal reads the SLA policies inside its transaction, through a cache that falls back to
    // ctx.db: on PGlite's one connection a miss there waits for itself (case.service.ts), so warm it.
    await slaRules(t.ctx);
    await appeal(so, yt1!); // the authority contests the disabling…
    await appeal(youtube, yt2!); // …and the platform records the affected user's appeal
    t.advance(5 * HOUR);
    // Appeals are decided by someone who took no part in the decision appealed: another key (appeal-decision.ts).
    const youtubeReviewer = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
    await noAction(youtubeReviewer, yt1!); // reversed: restriction → no action, 5 h into the appeal's clock
    await decide(youtubeReviewer, yt2!); // upheld

    const c = await charts();
    const cucName = 'Cục An toàn thông tin';
    const soName = redactPublicName(PHONE_NAME);
    expect(soName).not.toContain('0912');
    expect(c.months.at(-1)).toBe(hanoiMonth(t.ctx.now()));
    const at = c.months.indexOf(first);
    const only = (n: number) => c.months.map((_: string, i: number) => (i === at ? n : 0));
    expect(c.requests_by_authority).toEqual({
      authorities: [
        { name: cucName, by_month: only(3), total: 3 },
        { name: soName, by_month: only(3), total: 3 },
      ],
      by_month: only(6),
      total: 6,
    });

    expect(c.decisions_by_outcome.outcomes).toEqual(['content_removed', 'content_disabled', 'other_content_restriction', 'account_or_service_only', 'no_action']);
    expect(c.decisions_by_outcome.platforms).toEqual([
      { platform: 'facebook', name: 'Facebook', by_outcome: kinds(2, 0, 1, 1, 1), total: 5 },
      { platform: 'youtube', name: 'YouTube', by_outcome: kinds(2, 1, 0, 0, 2), total: 5 },
    ]);
    expect(c.decisions_by_outcome.by_outcome).toEqual(kinds(4, 1, 1, 1, 3));
    expect(c.decisions_by_outcome.total).toBe(10);

    // Facebook answered authority requests in 10, 10 and 30 h: median 10, p90 10 + 0.8 × 20.
    // YouTube in 10 h, and 5 h on the appeal's restarted clock: median 7.5, p90 5 + 0.9 × 5.
    expect(c.time_to_decision).toEqual({
      deadline_hours: 24,
      platforms: [
        { platform: 'facebook', name: 'Facebook', answered: 3, median_hours: 10, p90_hours: 26 },
        { platform: 'youtube', name: 'YouTube', answered: 2, median_hours: 7.5, p90_hours: 9.5 },
      ],
    });

    expect(c.overdue).toEqual({
      platforms: [
        { platform: 'facebook', name: 'Facebook', onboarded: true, with_deadline: 6, answered_late: 1, open_overdue: 1, share: 0.3333 },
        { platform: 'tiktok', name: 'TikTok', onboarded: false, with_deadline: 1, answered_late: 0, open_overdue: 1, share: 1 },
        { platform: 'youtube', name: 'YouTube', onboarded: true, with_deadline: 3, answered_late: 0, open_overdue: 0, share: 0 },
      ],
      total: { with_deadline: 10, answered_late: 1, open_overdue: 2, share: 0.3 },
    });

    expect(c.appeals).toEqual({
      // Both appeals answered 5 h after they were made; one upheld, one reversed.
      platforms: [{ platform: 'youtube', name: 'YouTube', appeals: 2, decided_on_appeal: 2, reversed: 1, upheld: 1, modified: 0, answer_median_hours: 5, answer_p90_hours: 5 }],
      total: { appeals: 2, decided_on_appeal: 2, reversed: 1, upheld: 1, modified: 0, answer_median_hours: 5, answer_p90_hours: 5 },
    });

    // Nothing that identifies an organization or a case: names only, as published.
    const body = JSON.stringify(c);
    for (const id of [cuc.actor.orgId, so.actor.orgId, fb1, yt1]) expect(body).not.toContain(id);

    // A month later (or two), a new request counts in its own month; an appeal still pending counts as an appeal.
    t.advance(35 * DAY);
    const second = hanoiMonth(t.ctx.now());
    await notice(cuc, 'facebook');
    await appeal(facebook, fb1!);
    const later = await charts();
    const i = later.months.indexOf(first);
    const j = later.months.indexOf(second);
    expect(j).toBe(11);
    expect(later.requests_by_authority.authorities[0]).toEqual({ name: cucName, by_month: later.months.map((_: string, k: number) => (k === i ? 3 : k === j ? 1 : 0)), total: 4 });
    expect(later.requests_by_authority.total).toBe(7);
    expect(later.appeals.platforms).toEqual([
      { platform: 'facebook', name: 'Facebook', appeals: 1, decided_on_appeal: 0, reversed: 0, upheld: 0, modified: 0, answer_median_hours: null, answer_p90_hours: null },
      { platform: 'youtube', name: 'YouTube', appeals: 2, decided_on_appeal: 2, reversed: 1, upheld: 1, modified: 0, answer_median_hours: 5, answer_p90_hours: 5 },
    ]);
    // The appealed case awaits an answer again, on a new clock: it no longer counts as answered.
    expect(later.overdue.total).toEqual({ with_deadline: 11, answered_late: 1, open_overdue: 2, share: 0.2727 });

    // A year on, the requests have left the twelve months shown.
    t.advance(370 * DAY);
    expect((await charts()).requests_by_authority).toEqual({ authorities: [], by_month: Array(12).fill(0), total: 0 });
  });

  it('serves the figures from the cache within its window', async () => {
    const before = await charts();
    await notice(cuc, 'facebook');
    expect((await call(t.app, 'GET', CHARTS)).json.requests_by_authority.total).toBe(before.requests_by_authority.total);
    expect((await charts()).requests_by_authority.total).toBe(before.requests_by_authority.total + 1);
  });
});
