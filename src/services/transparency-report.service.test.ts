import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_BOM, parseCsv } from '../core/csv.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { actOnCase } from './case.service.ts';
import type { ServiceContext } from './context.ts';
import { recordDecision, recordNoAction } from './decision.service.ts';
import { submitNotice } from './intake.service.ts';
import { makeDueHalfYearReport } from './transparency-report.service.ts';

/**
 * A half-year of requests, made at chosen times (the services' own clock), then its report: the
 * figures are the hand-counted ones below, the CSV carries them, the document is the body of a
 * logged public record, and the half-year is reported once however often the worker looks.
 */
const TOKEN = 'operator-token-for-transparency-reports-0123456789';
const asOperator = { authorization: `Bearer ${TOKEN}` };
const H = 3_600_000;
const t0 = new Date('2026-03-02T01:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * H);

let t: TestApp;
let clock = t0;
let ctx: ServiceContext;
let reportId: string;
const PERSON = 'Nguyễn Văn Bình';

async function file(org: TestOrg, when: Date, urls: string[]) {
  clock = when;
  const out = await submitNotice(ctx, org.actor, noticeInput({ items: urls.map((url) => ({ url, text: 'Nhận quà miễn phí, đăng nhập tại đây' })) }));
  return out.body.cases.map((c) => c.id);
}

const dates = { content_date: '2026-02-01', application_date: '2026-03-02' };

beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN, limits: false, publicUrl: 'https://minhbach.example.vn' });
  ctx = { db: t.ctx.db, now: () => clock };
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  // A second key of Facebook's: an appeal is reviewed by someone who took no part in the decision.
  const facebookReviewer = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
  const ministry = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const department = await makeOrg(t.ctx, 'authority', { name: 'Sở Thông tin và Truyền thông' });
  const flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Trung tâm Giám sát' });
  const reporter = await makeOrg(t.ctx, 'public_reporter', { name: PERSON });

  // Outside the half-year: 23:30 on 31 December in Hanoi, and 00:30 on 1 July in Hanoi.
  await file(ministry, new Date('2025-12-31T16:30:00Z'), [freshUrl()]);
  // Inside: 00:30 on 1 January in Hanoi (still 31 December in UTC). Pending.
  await file(department, new Date('2025-12-31T17:30:00Z'), [freshUrl()]);
  // The ministry: two items; Facebook removes one in 10 h, YouTube labels the other in 30 h.
  const [fb, yt] = await file(ministry, t0, [freshUrl('facebook'), freshUrl('youtube')]);
  // The department again: pending.
  await file(department, at(1), [freshUrl()]);
  // The flagger: no action in 50 h (hours from its own notice, sent at t0).
  const [flagged] = await file(flagger, t0, [freshUrl()]);
  // A member of the public, on a website nobody registered: pending, never named.
  await file(reporter, at(2), [freshUrl('web')]);

  clock = at(10);
  await recordDecision(ctx, facebook.actor, fb!, sorInput(dates));
  clock = at(30);
  await recordDecision(ctx, youtube.actor, yt!, sorInput({ ...dates, decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'] }));
  clock = at(50);
  await recordNoAction(ctx, facebook.actor, flagged!, { decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' });
  // The ministry appeals the removal… and Facebook reverses it (an appeal and a reversal in the period).
  clock = at(60);
  await actOnCase(ctx, ministry.actor, fb!, 'appeal', 'Xin xem xét lại');
  clock = at(70);
  await recordNoAction(ctx, facebookReviewer.actor, fb!, { decision_facts: 'Sau khi xem xét lại, nội dung được khôi phục.' });

  await file(ministry, new Date('2026-06-30T17:30:00Z'), [freshUrl()]);
});
afterAll(() => t?.close());

describe('the half-yearly report', () => {
  it('is made once, after the half-year, however many workers look at once', async () => {
    // 23:59 on 30 June in Hanoi: the first half-year is not over; the last one over is 2025-H2,
    // which has its one request (23:30 on 31 December).
    clock = new Date('2026-06-30T16:59:00Z');
    expect(await makeDueHalfYearReport(ctx, { deployment: null })).toBe(1);
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/public/transparency-reports' })).json().items;
    expect(before.map((r: { period: { half_year: string } }) => r.period.half_year)).toEqual(['2025-H2']);
    const h2 = (await t.app.inject({ method: 'GET', url: `/api/v1/public/transparency-reports/${before[0].id}` })).json();
    expect(h2.totals).toMatchObject({ requests: 1, items: 1 });
    clock = new Date('2026-07-01T02:00:00Z');
    const made = await Promise.all([1, 2, 3].map(() => makeDueHalfYearReport(ctx, { deployment: 'https://minhbach.example.vn' })));
    expect(made.reduce((a, b) => a + b)).toBe(1);
    expect(await makeDueHalfYearReport(ctx, { deployment: null })).toBe(0);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/public/transparency-reports' });
    expect(list.statusCode).toBe(200);
    const h1 = list.json().items.filter((r: { period: { half_year: string } }) => r.period.half_year === '2026-H1');
    expect(h1).toHaveLength(1);
    expect(h1[0]).toMatchObject({ kind: 'half_yearly', period: { first_day: '2026-01-01', last_day: '2026-06-30' }, log_index: null });
    reportId = h1[0].id;
  });

  it('has the figures counted by hand', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/transparency-reports/${reportId}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = res.json();
    expect(doc).toMatchObject({ schema_version: 1, report_id: reportId, kind: 'half_yearly', deployment: 'https://minhbach.example.vn', period: { half_year: '2026-H1' } });
    expect(doc.totals).toEqual({
      requests: 5,
      items: 6,
      cases: 6,
      outcomes: { content_removed: 1, content_disabled: 0, other_content_restriction: 1, account_or_service_only: 0, no_action: 1, pending: 3 },
      // 10, 30 and 50 hours: percentile_cont's 90th is 30 + 0.8 × 20.
      time_to_action: { answered: 3, median_hours: 30, p90_hours: 46 },
      // Four items from authorities, one answered within 24 hours.
      authority: { items: 4, answered_within_deadline: 1, share: 0.25 },
    });
    expect(doc.by_requester.map((r: any) => [r.requester_kind, r.name, r.requests, r.items])).toEqual([
      ['authority', 'Cục An toàn thông tin', 1, 2],
      ['authority', 'Sở Thông tin và Truyền thông', 2, 2],
      ['trusted_flagger', 'Trung tâm Giám sát', 1, 1],
      ['public_reporter', null, 1, 1],
    ]);
    expect(doc.by_platform.map((r: any) => [r.platform, r.items, r.outcomes.pending])).toEqual([
      ['facebook', 4, 2],
      ['youtube', 1, 0],
      ['other_websites', 1, 1],
    ]);
    expect(doc.by_category).toEqual([expect.objectContaining({ category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', requests: 5, items: 6 })]);
    expect(doc.by_outcome.map((r: any) => [r.outcome, r.items])).toEqual([
      ['content_removed', 1],
      ['other_content_restriction', 1],
      ['no_action', 1],
      ['pending', 3],
    ]);
    expect(doc.appeals.total).toEqual({ appeals: 1, decided_on_appeal: 1, reversed: 1 });
    // A member of the public is never named.
    expect(JSON.stringify(doc)).not.toContain(PERSON);
  });

  it('has a CSV with those figures, read from the stored record', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/transparency-reports/${reportId}/csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="transparency-report-2026-H1.csv"');
    expect(res.body.startsWith(CSV_BOM)).toBe(true);
    expect(res.body).not.toContain(PERSON);
    const parsed = parseCsv(res.body, ',');
    if (!parsed.ok) throw new Error('unparseable CSV');
    const [head, ...rows] = parsed.records.map((r) => r.cells);
    const row = (dimension: string, key: string) => Object.fromEntries(head!.map((c, i) => [c, rows.find((r) => r[0] === dimension && r[1] === key)![i]]));
    expect(row('total', 'all')).toMatchObject({
      requests: '5',
      items: '6',
      cases: '6',
      pending: '3',
      median_hours: '30',
      p90_hours: '46',
      authority_within_deadline_share: '0.25',
    });
    expect(row('requester', 'public_reports')).toMatchObject({ requester_kind: 'public_reporter', items: '1', pending: '1' });
    expect(row('appeals', 'facebook')).toMatchObject({ name: 'Facebook', appeals: '1', reversed: '1' });
  });

  it('is a logged public record whose body is the document served', async () => {
    await t.integrate();
    const doc = (await t.app.inject({ method: 'GET', url: `/api/v1/public/transparency-reports/${reportId}` })).json();
    expect(doc.log_index).toEqual(expect.any(Number));
    const record = (await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${doc.public_record_id}` })).json();
    expect(record).toMatchObject({ type: 'transparency_report', log_index: doc.log_index });
    const { id: _id, public_record_id: _r, log_index: _l, ...served } = doc;
    const { id: _rid, type: _t, published_at: _p, category: _c, platform: _pl, requester_kind: _k, log_index: _li, ...body } = record;
    expect(Object.fromEntries(Object.entries(body).filter(([k]) => k in served))).toEqual(served);
    expect(Object.keys(served).sort()).toEqual(
      Object.keys(body)
        .filter((k) => k !== 'superseded_by')
        .sort(),
    );
  });
});

describe('on demand', () => {
  const ask = (body: unknown, headers: Record<string, string> = asOperator) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/transparency-reports', headers, payload: body as object });

  it('the operator reports on any period of up to a year', async () => {
    const res = await ask({ from: '2026-01-01', to: '2026-07-01' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'on_demand', period: { half_year: null, first_day: '2026-01-01', last_day: '2026-06-30' }, totals: { requests: 5, items: 6 } });
    // A second, different period: the half-year's report is untouched, this one stands beside it.
    const march = await ask({ from: '2026-03-02', to: '2026-03-03' });
    expect(march.json().totals).toMatchObject({ requests: 4, items: 5 });
  });

  it.each([
    [{ from: '2026-03-01', to: '2026-03-01' }, 'to'],
    [{ from: '2026-01-01', to: '2027-01-02' }, 'to'],
    [{ from: '1 March', to: '2026-04-01' }, 'from'],
  ])('%j → 422 naming %s', async (body, field) => {
    const res = await ask(body);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('is the operator’s alone', async () => {
    expect((await ask({ from: '2026-01-01', to: '2026-02-01' }, {})).statusCode).toBe(401);
  });

  it('an unknown report is not found', async () => {
    for (const id of ['0190a000-0000-7000-8000-000000000000', 'nope']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/transparency-reports/${id}` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/transparency-reports/${id}/csv` })).statusCode).toBe(404);
    }
  });
});
