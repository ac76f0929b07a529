import { OPEN_STATUSES } from '../core/case-state.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import { searchTextOf } from '../core/public-record.ts';
import { APPEAL_EVENTS } from '../core/public-stats.ts';
import {
  buildReport,
  lastCompletedHalfYear,
  onDemandPeriod,
  reportCsv,
  reportCsvFileName,
  storedPeriod,
  type ReportKind,
  type ReportPeriod,
  type TransparencyReportDocument,
} from '../core/transparency-report.ts';
import type { Db } from '../db/db.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { listServices } from '../repositories/service.repository.ts';
import { anyNoticeBefore, claimReport, findReport, listReports, reportAppeals, reportItems, type ReportListRow } from '../repositories/transparency-report.repository.ts';
import type { ServiceContext } from './context.ts';

export interface ReportOptions {
  /** The deployment's public address (MINHBACH_PUBLIC_URL), named in the report; null without one. */
  deployment: string | null;
}

/**
 * Makes a report and publishes it in one transaction: the period claimed (a half-year once,
 * whoever asks), the figures read, the document sealed as a `transparency_report` public record,
 * which the log integrator then logs. Null when the half-year was already reported.
 */
async function makeReport(tx: Db, now: Date, kind: ReportKind, period: ReportPeriod, createdBy: string, options: ReportOptions) {
  const reportId = uuidv7(now.getTime());
  const recordId = uuidv7(now.getTime());
  const claimed = await claimReport(tx, { id: reportId, kind, period_from: period.from, period_to: period.to, public_record_id: recordId, created_at: now, created_by: createdBy });
  if (!claimed) return null;
  const [items, appeals, services] = await Promise.all([
    reportItems(tx, { from: period.from, to: period.to, asOf: now, open: OPEN_STATUSES }),
    reportAppeals(tx, { from: period.from, to: period.to, events: APPEAL_EVENTS }),
    listServices(tx),
  ]);
  const doc = buildReport({ reportId, kind, period, generatedAt: now, deployment: options.deployment, items, appeals, services });
  const body = doc as unknown as Record<string, unknown>;
  const record = sealPublicRecord({
    id: recordId,
    type: 'transparency_report' as const,
    source_id: reportId,
    published_at: now,
    // A report is about every category and every service: neither is one of them.
    category: '',
    platform: '',
    requester_kind: null,
    body,
    // From the body alone, as every record's (public-record.ts), so a rebuild of the search words
    // (migrate.ts) finds what publication found. A report has no free text: it is found by type.
    search_text: searchTextOf(body),
  });
  await insertPublicRecords(tx, [record]);
  return presentDocument(reportId, recordId, null, doc);
}

/** The operator's report on any period of up to a year (`to` exclusive, Vietnamese days). */
export async function makeOnDemandReport(ctx: ServiceContext, input: { from: string; to: string }, options: ReportOptions) {
  const now = ctx.now();
  const checked = onDemandPeriod(input, now);
  if (!checked.ok) throw AppError.validation(checked.errors);
  const made = await ctx.db.transaction((tx) => makeReport(tx, now, 'on_demand', checked.period, 'operator', options));
  // On demand, nothing is claimed twice: every period may have as many reports as are asked for.
  return made!;
}

/**
 * The worker's periodic task: once a half-year is over, its report, made once however many
 * workers run (the period's unique key). A half-year before the deployment's first notice has
 * nothing to report and gets none. Returns the reports made (0 or 1).
 */
export async function makeDueHalfYearReport(ctx: ServiceContext, options: ReportOptions): Promise<number> {
  const now = ctx.now();
  const period = lastCompletedHalfYear(now);
  if (!(await anyNoticeBefore(ctx.db, period.to))) return 0;
  const made = await ctx.db.transaction((tx) => makeReport(tx, now, 'half_yearly', period, 'worker', options));
  return made ? 1 : 0;
}

function presentListRow(r: ReportListRow) {
  const p = storedPeriod(new Date(r.period_from), new Date(r.period_to), r.kind);
  return {
    id: r.id,
    kind: r.kind,
    period: { from: p.from.toISOString(), to: p.to.toISOString(), first_day: p.first_day, last_day: p.last_day, half_year: p.half_year },
    public_record_id: r.public_record_id,
    log_index: r.log_index,
    created_at: new Date(r.created_at).toISOString(),
  };
}

function presentDocument(id: string, publicRecordId: string, logIndex: number | null, doc: TransparencyReportDocument) {
  return { ...doc, id, public_record_id: publicRecordId, log_index: logIndex };
}

export async function listTransparencyReports(ctx: ServiceContext) {
  return { items: (await listReports(ctx.db, { limit: 500 })).map(presentListRow) };
}

async function storedDocument(ctx: ServiceContext, id: string) {
  const r = isUuid(id) ? await findReport(ctx.db, id) : null;
  if (!r) throw AppError.notFound('Transparency report');
  // Withdrawn by the operator (withdrawal.service.ts): the logged tombstone says why.
  if (!r.body) throw new AppError('not_found', 'This transparency report was withdrawn; its public record says why', { extra: { public_record_id: r.public_record_id } });
  return { row: r, doc: r.body as unknown as TransparencyReportDocument };
}

/** The report as archived: its public record's body, never computed again. */
export async function getTransparencyReport(ctx: ServiceContext, id: string) {
  const { row, doc } = await storedDocument(ctx, id);
  return presentDocument(row.id, row.public_record_id, row.log_index, doc);
}

/** The report's CSV, read from the same stored body. */
export async function getTransparencyReportCsv(ctx: ServiceContext, id: string): Promise<{ fileName: string; csv: string }> {
  const { doc } = await storedDocument(ctx, id);
  return { fileName: reportCsvFileName(doc), csv: reportCsv(doc) };
}
