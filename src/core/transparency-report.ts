import { CSV_BOM, toCsv } from './csv.ts';
import type { DecisionOutcome } from './case-state.ts';
import { DECISION_OUTCOME_KINDS, decisionOutcomeKind, isReversal, monthStart, overdueShare, publishedHours, STATS_TIME_ZONE, type DecisionRestrictions } from './public-stats.ts';
import { redactPublicName } from './redact.ts';
import { AUTHORITY_ANSWER_HOURS } from './sla.ts';
import type { FieldError } from './errors.ts';

/**
 * Transparency reports (issue 14): per deployment, per half-year and on demand, in the shape of
 * the large platforms' reports on government removal requests (Google's "Government requests to
 * remove content", Meta's "Content restrictions based on local law"): requests and items by
 * requester, category, platform and outcome, time to action, appeals and reversals. The figures
 * are made here from raw rows; the document made here is the body of a `transparency_report`
 * public record, sealed and logged, and the CSV is read from that stored body, never recomputed.
 *
 * Periods are [from, to) in Vietnamese time (STATS_TIME_ZONE, UTC+7 all year), like the public
 * statistics' months: a request sent at 23:30 on 30 June in Hanoi is the first half-year's.
 */

export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_KINDS = ['half_yearly', 'on_demand'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportPeriod {
  from: Date;
  to: Date;
  /** The first and last Vietnamese calendar days in the period (the last is the day before `to`). */
  first_day: string;
  last_day: string;
  /** `2026-H1` for a half-year, null for another period. */
  half_year: string | null;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Vietnamese calendar day an instant is in (`YYYY-MM-DD`). */
export function vietnamDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: STATS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Midnight in Vietnam at the start of a `YYYY-MM-DD` day, or null if it is no real date. */
export function vietnamMidnight(date: string): Date | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = monthStart(y, mo, STATS_TIME_ZONE);
  const at = new Date(start.getTime() + (d - 1) * DAY_MS);
  // 2026-02-30 would land on 2 March: refused rather than moved.
  return vietnamDate(at) === date ? at : null;
}

function periodOf(from: Date, to: Date, halfYear: string | null): ReportPeriod {
  return { from, to, first_day: vietnamDate(from), last_day: vietnamDate(new Date(to.getTime() - 1)), half_year: halfYear };
}

/** A stored report's period, described as when it was made. */
export function storedPeriod(from: Date, to: Date, kind: ReportKind): ReportPeriod {
  const first = vietnamDate(from);
  return periodOf(from, to, kind === 'half_yearly' ? `${first.slice(0, 4)}-H${first.slice(5, 7) === '01' ? 1 : 2}` : null);
}

/** H1 is January to June, H2 July to December, in Vietnamese time. */
export function halfYear(year: number, half: 1 | 2): ReportPeriod {
  const from = monthStart(year, half === 1 ? 1 : 7, STATS_TIME_ZONE);
  const to = half === 1 ? monthStart(year, 7, STATS_TIME_ZONE) : monthStart(year + 1, 1, STATS_TIME_ZONE);
  return periodOf(from, to, `${year}-H${half}`);
}

/** The last half-year wholly over at `now`: the one the worker reports on. */
export function lastCompletedHalfYear(now: Date): ReportPeriod {
  const [y, m] = vietnamDate(now).split('-').map(Number) as [number, number];
  return m <= 6 ? halfYear(y - 1, 2) : halfYear(y, 1);
}

/** An on-demand period may span at most this: a year, from a day to the same day a year on. */
export const MAX_ON_DEMAND_MONTHS = 12;

/**
 * An on-demand period from two Vietnamese days, `to` exclusive ([2026-01-01, 2026-04-01) is the
 * first quarter). Errors name the field: not a date, `from` not before `to`, more than a year,
 * or a period that has not begun.
 */
export function onDemandPeriod(input: { from: string; to: string }, now: Date): { ok: true; period: ReportPeriod } | { ok: false; errors: FieldError[] } {
  const from = vietnamMidnight(input.from);
  const to = vietnamMidnight(input.to);
  const errors: FieldError[] = [];
  if (!from) errors.push({ field: 'from', message: 'must be a date, YYYY-MM-DD (Vietnamese time)' });
  if (!to) errors.push({ field: 'to', message: 'must be a date, YYYY-MM-DD (Vietnamese time; the day after the last day reported)' });
  if (!from || !to) return { ok: false, errors };
  if (from >= to) return { ok: false, errors: [{ field: 'to', message: 'must be after from' }] };
  const [y, m, d] = input.from.split('-').map(Number) as [number, number, number];
  const limit = new Date(monthStart(y + MAX_ON_DEMAND_MONTHS / 12, m, STATS_TIME_ZONE).getTime() + (d - 1) * DAY_MS);
  if (to > limit) return { ok: false, errors: [{ field: 'to', message: 'must be at most one year after from' }] };
  if (from > now) return { ok: false, errors: [{ field: 'from', message: 'must not be in the future' }] };
  return { ok: true, period: periodOf(from, to, null) };
}

/** What happened to an item: the kind of decision that answered it, or nothing yet. */
export const ITEM_OUTCOMES = [...DECISION_OUTCOME_KINDS, 'pending'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** One item of a notice received in the period, as the repository reads it. */
export interface ReportItemRow {
  notice_id: string;
  submitter_kind: string;
  /** The requester's name as stored: redacted here as publication does (redactPublicName). */
  submitter_name: string;
  category: string;
  case_id: string;
  platform: string;
  received_at: Date;
  /** Whether the item's case awaits an answer now (received, in review, appealed). */
  case_open: boolean;
  /** The first decision on the case at or after the notice was received (before the report was made). */
  answer: (DecisionRestrictions & { decided_at: Date }) | null;
  /** The latest decision on the case before the notice was received. */
  prior: DecisionRestrictions | null;
}

/**
 * The outcome of an item: the first decision on its case after the request came (the answer to
 * it); failing that, when the case is not awaiting an answer, the decision it already stood
 * under (content removed before the request is removed for the requester too); else pending.
 * The kinds are the public statistics' (decisionOutcomeKind), so the two never disagree.
 */
export function itemOutcome(row: Pick<ReportItemRow, 'answer' | 'prior' | 'case_open'>): ItemOutcome {
  if (row.answer) return decisionOutcomeKind(row.answer);
  if (!row.case_open && row.prior) return decisionOutcomeKind(row.prior);
  return 'pending';
}

/**
 * Hours from the request to the decision that answered it; null when none has. Items decided
 * before the request have no time to action: nothing was done because of it.
 */
export function hoursToAction(row: Pick<ReportItemRow, 'answer' | 'received_at'>): number | null {
  return row.answer ? (row.answer.decided_at.getTime() - row.received_at.getTime()) / 3_600_000 : null;
}

/** PostgreSQL's percentile_cont over sorted values: linear between the two nearest ranks. */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface ReportMeasures {
  /** Notices (a request may name several items). */
  requests: number;
  /** Items: the URLs the notices named. */
  items: number;
  /** Cases: distinct content (items naming the same content are one case). */
  cases: number;
  outcomes: Record<ItemOutcome, number>;
  time_to_action: { answered: number; median_hours: number | null; p90_hours: number | null };
  /** Items requested by authorities, and those answered within AUTHORITY_ANSWER_HOURS of the request. */
  authority: { items: number; answered_within_deadline: number; share: number | null };
}

export interface AppealFigures {
  appeals: number;
  decided_on_appeal: number;
  reversed: number;
}

export interface TransparencyReportDocument {
  schema_version: typeof REPORT_SCHEMA_VERSION;
  report_id: string;
  kind: ReportKind;
  /** The deployment's public address (MINHBACH_PUBLIC_URL), when it has one. */
  deployment: string | null;
  time_zone: string;
  period: { from: string; to: string; first_day: string; last_day: string; half_year: string | null };
  generated_at: string;
  answer_hours: number;
  totals: ReportMeasures;
  by_requester: ({ requester_kind: string; name: string | null } & ReportMeasures)[];
  by_category: ({ category: string } & ReportMeasures)[];
  by_platform: ({ platform: string; name: string | null } & ReportMeasures)[];
  by_outcome: { outcome: ItemOutcome; requests: number; items: number; cases: number }[];
  appeals: { total: AppealFigures; platforms: ({ platform: string; name: string | null } & AppealFigures)[] };
}

/** Appeals made and decisions on appeal in the period, as the repository groups them. */
export interface ReportAppealRow {
  platform: string;
  appeal: boolean;
  appealed_outcome: DecisionOutcome | null;
  outcome: DecisionOutcome | null;
  n: number;
}

/** Websites nobody registered are one line, as in the public statistics: their labels stay bounded. */
export const OTHER_WEBSITES = 'other_websites';
/** Every public report is one anonymous line: a public reporter is a private person, never named. */
export const PUBLIC_REPORTS = 'public_reports';

class Tally {
  notices = new Set<string>();
  items = 0;
  cases = new Set<string>();
  outcomes = Object.fromEntries(ITEM_OUTCOMES.map((k) => [k, 0])) as Record<ItemOutcome, number>;
  hours: number[] = [];
  authorityItems = 0;
  authorityOnTime = 0;

  add(row: ReportItemRow, outcome: ItemOutcome, hours: number | null) {
    this.notices.add(row.notice_id);
    this.items++;
    this.cases.add(row.case_id);
    this.outcomes[outcome]++;
    if (hours !== null) this.hours.push(hours);
    if (row.submitter_kind === 'authority') {
      this.authorityItems++;
      if (hours !== null && hours <= AUTHORITY_ANSWER_HOURS) this.authorityOnTime++;
    }
  }

  measures(): ReportMeasures {
    const sorted = [...this.hours].sort((a, b) => a - b);
    return {
      requests: this.notices.size,
      items: this.items,
      cases: this.cases.size,
      outcomes: { ...this.outcomes },
      time_to_action: { answered: sorted.length, median_hours: publishedHours(percentileCont(sorted, 0.5)), p90_hours: publishedHours(percentileCont(sorted, 0.9)) },
      // The same share as the statistics' overdue share, read the other way round: on time over all.
      authority: { items: this.authorityItems, answered_within_deadline: this.authorityOnTime, share: overdueShare(this.authorityOnTime, 0, this.authorityItems) },
    };
  }
}

function tallyBy<K>(map: Map<string, { key: K; tally: Tally }>, id: string, key: K): Tally {
  let entry = map.get(id);
  if (!entry) map.set(id, (entry = { key, tally: new Tally() }));
  return entry.tally;
}

const byItems =
  <T extends { items: number }>(label: (x: T) => string) =>
  (a: T, b: T) =>
    b.items - a.items || label(a).localeCompare(label(b), 'vi');

/**
 * The report's document from the raw rows: every item of every notice received in the period,
 * the appeals of the period, and the registry's services (slug → name, in the registry's order).
 */
export function buildReport(args: {
  reportId: string;
  kind: ReportKind;
  period: ReportPeriod;
  generatedAt: Date;
  deployment: string | null;
  items: readonly ReportItemRow[];
  appeals: readonly ReportAppealRow[];
  services: readonly { slug: string; name: string }[];
}): TransparencyReportDocument {
  const serviceName = new Map(args.services.map((s) => [s.slug, s.name]));
  const platformKey = (slug: string) => (serviceName.has(slug) ? slug : OTHER_WEBSITES);
  const total = new Tally();
  const requesters = new Map<string, { key: { requester_kind: string; name: string | null }; tally: Tally }>();
  const categories = new Map<string, { key: string; tally: Tally }>();
  const platforms = new Map<string, { key: string; tally: Tally }>();
  const outcomes = new Map<string, { key: ItemOutcome; tally: Tally }>();
  for (const row of args.items) {
    const outcome = itemOutcome(row);
    const hours = hoursToAction(row);
    const isPublic = row.submitter_kind === 'public_reporter';
    // Two organizations publishing under one name are one line: the public could not tell them apart.
    const name = isPublic ? null : redactPublicName(row.submitter_name);
    for (const t of [
      total,
      tallyBy(requesters, `${row.submitter_kind}\u0000${name ?? ''}`, { requester_kind: row.submitter_kind, name }),
      tallyBy(categories, row.category, row.category),
      tallyBy(platforms, platformKey(row.platform), platformKey(row.platform)),
      tallyBy(outcomes, outcome, outcome),
    ])
      t.add(row, outcome, hours);
  }

  const appealBy = new Map<string, AppealFigures>();
  for (const a of args.appeals) {
    const key = platformKey(a.platform);
    const row = appealBy.get(key) ?? { appeals: 0, decided_on_appeal: 0, reversed: 0 };
    if (a.appeal) row.appeals += a.n;
    else if (a.outcome !== null) {
      row.decided_on_appeal += a.n;
      if (isReversal(a.appealed_outcome, a.outcome)) row.reversed += a.n;
    }
    appealBy.set(key, row);
  }
  const platformName = (key: string) => serviceName.get(key) ?? null;
  const platformOrder = (key: string) => {
    const i = args.services.findIndex((s) => s.slug === key);
    return i < 0 ? args.services.length : i;
  };
  const appealRows = [...appealBy].sort(([a], [b]) => platformOrder(a) - platformOrder(b)).map(([platform, f]) => ({ platform, name: platformName(platform), ...f }));

  return {
    schema_version: REPORT_SCHEMA_VERSION,
    report_id: args.reportId,
    kind: args.kind,
    deployment: args.deployment,
    time_zone: STATS_TIME_ZONE,
    period: {
      from: args.period.from.toISOString(),
      to: args.period.to.toISOString(),
      first_day: args.period.first_day,
      last_day: args.period.last_day,
      half_year: args.period.half_year,
    },
    generated_at: args.generatedAt.toISOString(),
    answer_hours: AUTHORITY_ANSWER_HOURS,
    totals: total.measures(),
    by_requester: [...requesters.values()]
      .map(({ key, tally }) => ({ ...key, ...tally.measures() }))
      .sort(byItems((r) => `${REQUESTER_ORDER.indexOf(r.requester_kind)}${r.name ?? ''}`)),
    by_category: [...categories.values()].map(({ key, tally }) => ({ category: key, ...tally.measures() })).sort(byItems((r) => r.category)),
    by_platform: [...platforms.values()]
      .map(({ key, tally }) => ({ platform: key, name: platformName(key), ...tally.measures() }))
      .sort((a, b) => platformOrder(a.platform) - platformOrder(b.platform)),
    by_outcome: ITEM_OUTCOMES.filter((k) => outcomes.has(k)).map((k) => {
      const m = outcomes.get(k)!.tally.measures();
      return { outcome: k, requests: m.requests, items: m.items, cases: m.cases };
    }),
    appeals: {
      total: {
        appeals: sum(appealRows.map((r) => r.appeals)),
        decided_on_appeal: sum(appealRows.map((r) => r.decided_on_appeal)),
        reversed: sum(appealRows.map((r) => r.reversed)),
      },
      platforms: appealRows,
    },
  };
}

const REQUESTER_ORDER = ['authority', 'trusted_flagger', 'rights_holder', 'public_reporter'];
const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);

/**
 * The CSV's columns, one row per (dimension, key) with the measures as columns (empty where a
 * measure does not apply to the dimension):
 *   dimension       total | requester | category | platform | outcome | appeals
 *   key             total: `all`; requester: the organization's published name, or `public_reports`;
 *                   category: the DSA code; platform: the service's slug or `other_websites`;
 *                   outcome: one of ITEM_OUTCOMES; appeals: a service's slug, or `all`
 *   requester_kind  authority | trusted_flagger | rights_holder | public_reporter (requester rows)
 *   name            the service's name (platform and appeals rows)
 *   requests, items, cases, and the items by outcome (content_removed … pending)
 *   answered, median_hours, p90_hours   items answered by a decision after the request; hours to it
 *   authority_items, authority_answered_within_deadline, authority_within_deadline_share
 *                   items requested by authorities; those answered within answer_hours (24)
 *   appeals, decided_on_appeal, reversed   appeals made, decided, and decisions reversed on appeal
 */
export const REPORT_CSV_COLUMNS = [
  'dimension',
  'key',
  'requester_kind',
  'name',
  'requests',
  'items',
  'cases',
  ...ITEM_OUTCOMES,
  'answered',
  'median_hours',
  'p90_hours',
  'authority_items',
  'authority_answered_within_deadline',
  'authority_within_deadline_share',
  'appeals',
  'decided_on_appeal',
  'reversed',
] as const;
type Column = (typeof REPORT_CSV_COLUMNS)[number];

const cell = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
/** A spreadsheet would run a name beginning with = + - @ as a formula; a leading ' keeps it text. */
const text = (v: string | null): string => (v !== null && /^[=+\-@\t\r]/.test(v) ? `'${v}` : cell(v));

function measureCells(m: ReportMeasures): Partial<Record<Column, string>> {
  return {
    requests: cell(m.requests),
    items: cell(m.items),
    cases: cell(m.cases),
    ...Object.fromEntries(ITEM_OUTCOMES.map((k) => [k, cell(m.outcomes[k])])),
    answered: cell(m.time_to_action.answered),
    median_hours: cell(m.time_to_action.median_hours),
    p90_hours: cell(m.time_to_action.p90_hours),
    authority_items: cell(m.authority.items),
    authority_answered_within_deadline: cell(m.authority.answered_within_deadline),
    authority_within_deadline_share: cell(m.authority.share),
  };
}

/**
 * The report as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read Vietnamese right), from the
 * stored document: the figures are those that were logged, never computed again.
 */
export function reportCsv(doc: TransparencyReportDocument): string {
  const rows: Partial<Record<Column, string>>[] = [
    { dimension: 'total', key: 'all', ...measureCells(doc.totals) },
    ...doc.by_requester.map((r) => ({
      dimension: 'requester',
      key: r.name === null ? PUBLIC_REPORTS : text(r.name),
      requester_kind: r.requester_kind,
      ...measureCells(r),
    })),
    ...doc.by_category.map((r) => ({ dimension: 'category', key: r.category, ...measureCells(r) })),
    ...doc.by_platform.map((r) => ({ dimension: 'platform', key: r.platform, name: text(r.name), ...measureCells(r) })),
    ...doc.by_outcome.map((r) => ({ dimension: 'outcome', key: r.outcome, requests: cell(r.requests), items: cell(r.items), cases: cell(r.cases) })),
    ...doc.appeals.platforms.map((r) => ({ dimension: 'appeals', key: r.platform, name: text(r.name), ...appealCells(r) })),
    { dimension: 'appeals', key: 'all', ...appealCells(doc.appeals.total) },
  ];
  return CSV_BOM + toCsv([[...REPORT_CSV_COLUMNS], ...rows.map((r) => REPORT_CSV_COLUMNS.map((c) => r[c] ?? ''))]);
}

const appealCells = (a: AppealFigures) => ({ appeals: cell(a.appeals), decided_on_appeal: cell(a.decided_on_appeal), reversed: cell(a.reversed) });

/** The CSV's file name: `transparency-report-2026-H1.csv`, or the first and last days. */
export function reportCsvFileName(doc: Pick<TransparencyReportDocument, 'period'>): string {
  return `transparency-report-${doc.period.half_year ?? `${doc.period.first_day}_${doc.period.last_day}`}.csv`;
}
