import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPublicName } from '../../core/redact.ts';
import { STATS_TTL_MS } from '../../services/public-record.service.ts';
import { slaRules } from '../../services/sla-policy.service.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { fileReport } from '../../../test/public-report.ts';

const HOUR = 3_600_000;
const REQUESTERS = '/api/v1/public/stats/requesters';
const PHONE_NAME = 'Sở Thông tin và Truyền thông, liên hệ 0912 345 678';
const REPORTER_NAME = 'Nguyễn Văn Phản Ánh';

let t: TestApp;
let cuc: TestOrg;
let so: TestOrg;
let flagger: TestOrg;
let reporter: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;
/** Other keys of the same platforms: an appeal is decided by someone who took no part in the decision appealed. */
let facebookAppeals: TestOrg;
let youtubeAppeals: TestOrg;

// This file has its database to itself (test/db.ts), so the figures are exact.
beforeAll(async () => {
  t = await openTestApp({ limits: false, publicReports: { powBits: 8 } });
  cuc = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  so = await makeOrg(t.ctx, 'authority', { name: PHONE_NAME });
  flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Nhóm kiểm chứng Sự Thật' });
  reporter = await makeOrg(t.ctx, 'public_reporter', { name: REPORTER_NAME });
  await makeOrg(t.ctx, 'rights_holder', { name: 'Hãng phim chưa gửi gì' });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
  facebookAppeals = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtubeAppeals = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

function hanoiMonth(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

async function notice(org: TestOrg, platform: 'facebook' | 'youtube'): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', {
    org,
    body: noticeInput({ items: [{ url: freshUrl(platform) }], ...(org === cuc || org === so ? {} : { legal_basis: undefined }) }),
  });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

async function decide(platform: TestOrg, id: string) {
  const res = await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: platform, body: sorInput() });
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

async function stats(query = '') {
  t.advance(STATS_TTL_MS + 1);
  const res = await call(t.app, 'GET', `${REQUESTERS}${query}`);
  expect(res.status, res.body).toBe(200);
  return res.json;
}

describe('GET /api/v1/public/stats/requesters', () => {
  it('is public, lists nobody before any notice, and may be cached', async () => {
    const res = await call(t.app, 'GET', REQUESTERS);
    expect(res.status, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe(`public, max-age=${STATS_TTL_MS / 1000}`);
    expect(res.json).toMatchObject({ time_zone: 'Asia/Ho_Chi_Minh', to: hanoiMonth(t.ctx.now()), kinds: ['authority', 'trusted_flagger', 'rights_holder'], requesters: [] });
  });

  it('gives each requester its notices, share acted on, time to decision and appeals won against it', async () => {
    const month = hanoiMonth(t.ctx.now());
    // Hour 0.
    const a1 = await notice(cuc, 'facebook');
    const a2 = await notice(cuc, 'facebook');
    const a3 = await notice(cuc, 'youtube');
    const b1 = await notice(so, 'facebook');
    const b2 = await notice(so, 'youtube');
    await notice(so, 'facebook'); // never answered
    const f1 = await notice(flagger, 'youtube');
    const r1 = await notice(reporter, 'facebook');
    expect((await fileReport(t.app)).status).toBe(201);

    t.advance(4 * HOUR);
    await decide(facebook, b1); // 4 h
    await decide(facebook, r1);
    t.advance(4 * HOUR);
    await decide(youtube, b2); // 8 h
    t.advance(2 * HOUR);
    await decide(facebook, a1); // 10 h
    await decide(youtube, f1); // 10 h
    t.advance(10 * HOUR);
    await decide(facebook, a2); // 20 h
    t.advance(10 * HOUR);
    await noAction(youtube, a3); // 30 h

    // Appeals (case.service.ts reads the SLA policies through a cache that must be warm on PGlite).
    await slaRules(t.ctx);
    await appeal(facebook, b1); // the affected user contests the Sở's removal…
    await appeal(youtube, b2); // …and this one
    await appeal(cuc, a3); // the Cục contests the no action: its own appeal, not one against it
    t.advance(HOUR);
    await noAction(facebookAppeals, b1); // reversed: the appeal is won against the Sở
    await decide(youtubeAppeals, b2); // upheld
    await decide(youtubeAppeals, a3); // reversed the other way: now acted on

    const s = await stats();
    expect([s.from, s.to]).toEqual([s.from, month]);
    expect(s.requesters).toEqual([
      {
        kind: 'authority',
        name: 'Cục An toàn thông tin',
        notices: 3,
        items: 3,
        cases: 3,
        decided_cases: 3,
        acted_cases: 3,
        acted_share: 1,
        answered: 3,
        // 10, 20 and 30 h: median 20, p90 20 + 0.8 × 10.
        median_hours: 20,
        p90_hours: 28,
        appeals_against: 0,
        appeals_won_against: 0,
      },
      {
        kind: 'authority',
        name: redactPublicName(PHONE_NAME),
        notices: 3,
        items: 3,
        cases: 3,
        decided_cases: 2,
        // b1 lifted on appeal, b2 upheld.
        acted_cases: 1,
        acted_share: 0.5,
        answered: 2,
        // 4 and 8 h: median 6, p90 4 + 0.9 × 4.
        median_hours: 6,
        p90_hours: 7.6,
        appeals_against: 2,
        appeals_won_against: 1,
      },
      {
        kind: 'trusted_flagger',
        name: 'Nhóm kiểm chứng Sự Thật',
        notices: 1,
        items: 1,
        cases: 1,
        decided_cases: 1,
        acted_cases: 1,
        acted_share: 1,
        answered: 1,
        median_hours: 10,
        p90_hours: 10,
        appeals_against: 0,
        appeals_won_against: 0,
      },
    ]);
    // Private persons are never in it, whatever their notices.
    const body = JSON.stringify(s);
    expect(body).not.toContain(REPORTER_NAME);
    expect(body).not.toContain('public_reporter');
    expect(body).not.toContain('0912');
    expect(body).not.toContain('Phản ánh của người dân');

    // The window: the month of the notices counts them, the month before has none.
    const [y, m] = month.split('-').map(Number) as [number, number];
    const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    expect((await stats(`?from=${month}&to=${month}`)).requesters).toEqual(s.requesters);
    expect(await stats(`?from=${before}&to=${before}`)).toMatchObject({ from: before, to: before, requesters: [] });
  });

  it('names a bad window’s field', async () => {
    const bad = await call(t.app, 'GET', `${REQUESTERS}?from=2026-13`);
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([{ field: 'from', message: 'must be a month written YYYY-MM' }]);
    const reversed = await call(t.app, 'GET', `${REQUESTERS}?from=2025-06&to=2025-05`);
    expect(reversed.status).toBe(422);
    expect(reversed.json.errors[0].field).toBe('from');
    expect((await call(t.app, 'GET', `${REQUESTERS}?since=2025-01`)).status).toBe(422);
  });
});
