import { describe, expect, it } from 'vitest';
import { CSV_BOM, parseCsv } from './csv.ts';
import {
  buildReport,
  halfYear,
  itemOutcome,
  lastCompletedHalfYear,
  onDemandPeriod,
  percentileCont,
  REPORT_CSV_COLUMNS,
  reportCsv,
  reportCsvFileName,
  storedPeriod,
  vietnamMidnight,
  type ReportItemRow,
} from './transparency-report.ts';

const removed = {
  outcome: 'restriction' as const,
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
  decision_account: null,
  decision_monetary: null,
  decision_provision: null,
};
const labelled = { ...removed, decision_visibility: ['DECISION_VISIBILITY_LABELLED'] };
const accountOnly = { ...removed, decision_visibility: null, decision_account: 'DECISION_ACCOUNT_SUSPENDED' };
const noAction = { outcome: 'no_action' as const, decision_visibility: null, decision_account: null, decision_monetary: null, decision_provision: null };

describe('periods in Vietnamese time', () => {
  it('H1 runs from midnight on 1 January to midnight on 1 July in Hanoi', () => {
    const h1 = halfYear(2026, 1);
    expect(h1.from.toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(h1.to.toISOString()).toBe('2026-06-30T17:00:00.000Z');
    expect(h1).toMatchObject({ first_day: '2026-01-01', last_day: '2026-06-30', half_year: '2026-H1' });
    expect(halfYear(2026, 2)).toMatchObject({ first_day: '2026-07-01', last_day: '2026-12-31', half_year: '2026-H2' });
    expect(halfYear(2026, 2).to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('the worker reports on the last half-year over in Hanoi, not in UTC', () => {
    // 00:30 on 1 July in Hanoi is still 30 June in UTC.
    expect(lastCompletedHalfYear(new Date('2026-06-30T17:30:00Z')).half_year).toBe('2026-H1');
    expect(lastCompletedHalfYear(new Date('2026-06-30T16:30:00Z')).half_year).toBe('2025-H2');
    expect(lastCompletedHalfYear(new Date('2026-12-07T20:00:00Z')).half_year).toBe('2026-H1');
    expect(lastCompletedHalfYear(new Date('2026-12-31T17:00:00Z')).half_year).toBe('2026-H2');
  });

  it('a stored period is described again as it was made', () => {
    const h2 = halfYear(2025, 2);
    expect(storedPeriod(h2.from, h2.to, 'half_yearly')).toEqual(h2);
    expect(storedPeriod(h2.from, h2.to, 'on_demand').half_year).toBeNull();
  });

  it('reads days as Vietnamese midnights and refuses dates that do not exist', () => {
    expect(vietnamMidnight('2026-03-01')?.toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(vietnamMidnight('2026-02-30')).toBeNull();
    expect(vietnamMidnight('2026-3-1')).toBeNull();
  });

  const now = new Date('2026-12-07T12:00:00Z');
  it.each([
    [{ from: '2026-01-01', to: '2027-01-01' }, null],
    [{ from: '2026-02-29', to: '2026-03-01' }, 'from'],
    [{ from: '2026-03-01', to: 'March' }, 'to'],
    [{ from: '2026-03-01', to: '2026-03-01' }, 'to'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'to'],
    [{ from: '2026-01-01', to: '2027-01-02' }, 'to'],
    [{ from: '2027-01-01', to: '2027-02-01' }, 'from'],
  ])('on demand %j → error on %s', (input, field) => {
    const out = onDemandPeriod(input, now);
    if (field === null) expect(out).toMatchObject({ ok: true, period: { first_day: '2026-01-01', last_day: '2026-12-31', half_year: null } });
    else expect(out.ok ? [] : out.errors.map((e) => e.field)).toContain(field);
  });
});

describe('what happened to an item', () => {
  const at = new Date('2026-03-01T00:00:00Z');
  it('is the first decision after the request, else the one the closed case stood under, else pending', () => {
    expect(itemOutcome({ answer: { ...labelled, decided_at: at }, prior: removed, case_open: false })).toBe('other_content_restriction');
    expect(itemOutcome({ answer: null, prior: removed, case_open: false })).toBe('content_removed');
    // Reopened by the request (a no-action answer before it): the answer it is owed is pending.
    expect(itemOutcome({ answer: null, prior: noAction, case_open: true })).toBe('pending');
    expect(itemOutcome({ answer: null, prior: null, case_open: false })).toBe('pending');
  });

  it('percentiles are PostgreSQL percentile_cont', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([1, 2, 3, 10], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3, 10], 0.9)).toBeCloseTo(7.9);
  });
});

describe('a report from raw rows', () => {
  const period = halfYear(2026, 1);
  const t0 = new Date('2026-03-01T00:00:00Z');
  const h = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
  let seq = 0;
  const item = (over: Partial<ReportItemRow>): ReportItemRow => ({
    notice_id: `n${seq}`,
    submitter_kind: 'authority',
    submitter_name: 'Bộ A',
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    case_id: `c${seq++}`,
    platform: 'facebook',
    received_at: t0,
    case_open: false,
    answer: null,
    prior: null,
    ...over,
  });
  const rows: ReportItemRow[] = [
    // Bộ A: one notice of two items: removed in 10 h, labelled in 30 h.
    item({ notice_id: 'a1', answer: { ...removed, decided_at: h(10) } }),
    item({ notice_id: 'a1', answer: { ...labelled, decided_at: h(30) }, platform: 'youtube' }),
    // Bộ B (its name carries a phone number, redacted as published): one item, pending.
    item({ notice_id: 'b1', submitter_name: 'Sở B, hotline 0912 345 678', case_open: true }),
    // A trusted flagger: account only in 2 h, on a website nobody registered.
    item({
      notice_id: 'f1',
      submitter_kind: 'trusted_flagger',
      submitter_name: 'Flagger',
      answer: { ...accountOnly, decided_at: h(2) },
      platform: 'tin-abc.vn',
      category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
    }),
    // Two public reports on the same content: no action in 50 h; never named.
    item({ notice_id: 'p1', submitter_kind: 'public_reporter', submitter_name: '', case_id: 'shared', answer: { ...noAction, decided_at: h(50) } }),
    item({ notice_id: 'p2', submitter_kind: 'public_reporter', submitter_name: '', case_id: 'shared', answer: { ...noAction, decided_at: h(50) } }),
  ];
  const doc = buildReport({
    reportId: 'r1',
    kind: 'half_yearly',
    period,
    generatedAt: new Date('2026-07-01T01:00:00Z'),
    deployment: 'https://minhbach.example.vn',
    items: rows,
    appeals: [
      { platform: 'facebook', appeal: true, appealed_outcome: null, outcome: null, n: 2 },
      { platform: 'facebook', appeal: false, appealed_outcome: 'restriction', outcome: 'no_action', n: 1 },
      { platform: 'facebook', appeal: false, appealed_outcome: 'restriction', outcome: 'restriction', n: 1 },
    ],
    services: [
      { slug: 'facebook', name: 'Facebook' },
      { slug: 'youtube', name: 'YouTube' },
    ],
  });

  it('counts requests, items and cases, and what was done', () => {
    expect(doc.totals).toMatchObject({
      requests: 5,
      items: 6,
      cases: 5,
      outcomes: { content_removed: 1, content_disabled: 0, other_content_restriction: 1, account_or_service_only: 1, no_action: 2, pending: 1 },
      // Hours 2, 10, 30, 50, 50.
      time_to_action: { answered: 5, median_hours: 30, p90_hours: 50 },
      // Authority items: 3, one answered within 24 h.
      authority: { items: 3, answered_within_deadline: 1, share: 0.3333 },
    });
  });

  it('names authorities and flaggers as published, and public reports as one anonymous line', () => {
    expect(doc.by_requester.map((r) => [r.requester_kind, r.name, r.requests, r.items])).toEqual([
      ['authority', 'Bộ A', 1, 2],
      ['public_reporter', null, 2, 2],
      ['authority', expect.not.stringContaining('0912'), 1, 1],
      ['trusted_flagger', 'Flagger', 1, 1],
    ]);
    expect(doc.by_requester.find((r) => r.requester_kind === 'public_reporter')).toMatchObject({ cases: 1, outcomes: { no_action: 2 } });
  });

  it('breaks down by category, platform (unregistered websites together) and outcome', () => {
    expect(doc.by_category.map((r) => [r.category, r.items])).toEqual([
      ['STATEMENT_CATEGORY_SCAMS_AND_FRAUD', 5],
      ['STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 1],
    ]);
    expect(doc.by_platform.map((r) => [r.platform, r.name, r.requests, r.items])).toEqual([
      ['facebook', 'Facebook', 4, 4],
      ['youtube', 'YouTube', 1, 1],
      ['other_websites', null, 1, 1],
    ]);
    expect(doc.by_outcome).toEqual([
      { outcome: 'content_removed', requests: 1, items: 1, cases: 1 },
      { outcome: 'other_content_restriction', requests: 1, items: 1, cases: 1 },
      { outcome: 'account_or_service_only', requests: 1, items: 1, cases: 1 },
      { outcome: 'no_action', requests: 2, items: 2, cases: 1 },
      { outcome: 'pending', requests: 1, items: 1, cases: 1 },
    ]);
    expect(doc.appeals).toEqual({
      total: { appeals: 2, decided_on_appeal: 2, reversed: 1 },
      platforms: [{ platform: 'facebook', name: 'Facebook', appeals: 2, decided_on_appeal: 2, reversed: 1 }],
    });
  });

  it('is a document with its schema version, period and deployment', () => {
    expect(doc).toMatchObject({
      schema_version: 1,
      report_id: 'r1',
      kind: 'half_yearly',
      deployment: 'https://minhbach.example.vn',
      time_zone: 'Asia/Ho_Chi_Minh',
      period: { from: '2025-12-31T17:00:00.000Z', to: '2026-06-30T17:00:00.000Z', half_year: '2026-H1' },
      answer_hours: 24,
    });
    // What is logged must survive JSON unchanged (I-JSON: no undefined, no NaN).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('as CSV: one row per dimension and key, the measures as columns, UTF-8 with a BOM', () => {
    const csv = reportCsv(doc);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const parsed = parseCsv(csv, ',');
    if (!parsed.ok) throw new Error('unparseable');
    const [head, ...body] = parsed.records.map((r) => r.cells);
    expect(head).toEqual([...REPORT_CSV_COLUMNS]);
    const row = (dimension: string, key: string) => {
      const cells = body.find((r) => r[0] === dimension && r[1] === key);
      if (!cells) throw new Error(`no row ${dimension}/${key}`);
      return Object.fromEntries(head!.map((c, i) => [c, cells[i]]));
    };
    expect(row('total', 'all')).toMatchObject({
      requests: '5',
      items: '6',
      cases: '5',
      pending: '1',
      no_action: '2',
      median_hours: '30',
      p90_hours: '50',
      authority_within_deadline_share: '0.3333',
    });
    expect(row('requester', 'public_reports')).toMatchObject({ requester_kind: 'public_reporter', requests: '2', items: '2', authority_within_deadline_share: '' });
    expect(row('requester', 'Bộ A')).toMatchObject({ requester_kind: 'authority', content_removed: '1', other_content_restriction: '1' });
    expect(row('platform', 'other_websites')).toMatchObject({ name: '', account_or_service_only: '1' });
    expect(row('outcome', 'no_action')).toMatchObject({ requests: '2', items: '2', cases: '1', median_hours: '' });
    expect(row('appeals', 'all')).toMatchObject({ appeals: '2', decided_on_appeal: '2', reversed: '1', requests: '' });
    expect(body).toHaveLength(1 + 4 + 2 + 3 + 5 + 1 + 1);
    expect(reportCsvFileName(doc)).toBe('transparency-report-2026-H1.csv');
  });

  it('keeps a name that looks like a formula as text', () => {
    const onDemand = storedPeriod(period.from, period.to, 'on_demand');
    const evil = buildReport({
      ...{ reportId: 'r2', kind: 'on_demand', period: onDemand, generatedAt: t0, deployment: null, appeals: [], services: [] },
      items: [item({ submitter_name: '=HYPERLINK("x")' })],
    });
    expect(reportCsv(evil)).toContain(`"'=HYPERLINK(""x"")"`);
    expect(reportCsvFileName(evil)).toBe('transparency-report-2026-01-01_2026-06-30.csv');
  });
});
