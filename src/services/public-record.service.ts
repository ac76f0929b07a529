import { ANSWERED_STATUSES, OPEN_STATUSES } from '../core/case-state.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { publicDocument } from '../core/public-record-document.ts';
import { AUTHORITY_ANSWER_HOURS } from '../core/sla.ts';
import { countCasesByPlatform } from '../repositories/case.repository.ts';
import { countPublicRecords, findPublicRecord, searchPublicRecords, type PublicRecordFilter, type PublicRecordRow } from '../repositories/public-record.repository.ts';
import { deadlineStatsByPlatform, type DeadlineStatsRow } from '../repositories/public-stats.repository.ts';
import { listServices } from '../repositories/service.repository.ts';
import type { Db } from '../db/db.ts';
import type { ServiceContext } from './context.ts';
import { ttlCache } from './ttl-cache.ts';

/**
 * The public document, plus where it sits in the transparency log and the correction that
 * superseded it, if any (neither is part of what is hashed: both come after publication).
 */
export function presentRecord(r: PublicRecordRow) {
  return { ...publicDocument(r), log_index: r.log_index, superseded_by: r.superseded_by };
}

export type PublicSearch = Omit<PublicRecordFilter, 'afterId' | 'limit'> & { cursor?: string; limit?: number };

export async function searchRecords(ctx: ServiceContext, q: PublicSearch) {
  const afterId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && afterId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  if (q.from && q.to && q.from > q.to) throw AppError.validation([{ field: 'from', message: 'must not be after to' }]);
  const limit = q.limit ?? 50;
  const { cursor: _c, limit: _l, ...filter } = q;
  const page = pageOf(await searchPublicRecords(ctx.db, { ...filter, q: q.q?.trim() || undefined, afterId, limit: limit + 1 }), limit);
  return { items: page.items.map(presentRecord), next_cursor: page.next_cursor };
}

export async function getRecord(ctx: ServiceContext, id: string) {
  const r = isUuid(id) ? await findPublicRecord(ctx.db, id) : null;
  if (!r) throw AppError.notFound('Public record');
  return presentRecord(r);
}

/**
 * How long public totals may be stale. They are aggregates over every case (~350 ms on PostgreSQL,
 * ~530 ms on PGlite at 300k cases, deadline percentiles included) on a route anyone may call,
 * so each process computes them at most once per window.
 */
export const STATS_TTL_MS = 10_000;

const statsCaches = new WeakMap<Db, (now: Date) => Promise<PublicStatsDocument>>();

/** Totals the public can see, including cases on platforms nobody answers for yet; at most STATS_TTL_MS old. */
export function publicStats(ctx: ServiceContext): Promise<PublicStatsDocument> {
  let cached = statsCaches.get(ctx.db);
  if (!cached) {
    cached = ttlCache(STATS_TTL_MS, () => computePublicStats(ctx));
    statsCaches.set(ctx.db, cached);
  }
  return cached(ctx.now());
}

type PublicStatsDocument = Awaited<ReturnType<typeof computePublicStats>>;

async function computePublicStats(ctx: ServiceContext) {
  const [cases, records, registry, deadlines] = await Promise.all([
    countCasesByPlatform(ctx.db),
    countPublicRecords(ctx.db),
    listServices(ctx.db),
    deadlineStatsByPlatform(ctx.db, { open: OPEN_STATUSES, answered: ANSWERED_STATUSES, authorityHours: AUTHORITY_ANSWER_HOURS, now: ctx.now() }),
  ]);
  // Every registered service has its line, cases or not; websites nobody registered are summed
  // into one line (they may be thousands, and each has no one to hold to a deadline).
  const registered = new Set(registry.map((s) => s.slug));
  const platforms = registry.map((s) => {
    const rows = cases.filter((c) => c.platform === s.slug);
    return {
      platform: s.slug,
      name: s.name,
      onboarded: s.organization_id !== null,
      cases: rows.reduce((n, r) => n + r.cases, 0),
      by_status: Object.fromEntries(rows.map((r) => [r.status, r.cases])),
      public_records: records.filter((r) => r.platform === s.slug).reduce((n, r) => n + r.records, 0),
      ...deadlineFigures(deadlines.find((d) => d.platform === s.slug)),
    };
  });
  const elsewhere = cases.filter((c) => !registered.has(c.platform));
  const byStatus = new Map<string, number>();
  for (const r of elsewhere) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.cases);
  const unregistered = {
    sites: new Set(elsewhere.map((c) => c.platform)).size,
    cases: elsewhere.reduce((n, r) => n + r.cases, 0),
    by_status: Object.fromEntries(byStatus),
    public_records: records.filter((r) => !registered.has(r.platform)).reduce((n, r) => n + r.records, 0),
  };
  return {
    platforms,
    unregistered_websites: unregistered,
    cases_on_platforms_not_onboarded: platforms.filter((p) => !p.onboarded).reduce((n, p) => n + p.cases, 0) + unregistered.cases,
    public_records_by_type: Object.fromEntries([...new Set(records.map((r) => r.type))].map((t) => [t, records.filter((r) => r.type === t).reduce((n, r) => n + r.records, 0)])),
  };
}

/** A platform's deadline figures; a platform with no case has zeros, and no durations rather than zero ones. */
function deadlineFigures(d: DeadlineStatsRow | undefined) {
  const answered = d?.answered ?? 0;
  const late = d?.answered_late ?? 0;
  const authorityAnswered = d?.authority_answered ?? 0;
  const inTime = d?.authority_answered_in_time ?? 0;
  const unansweredPast = d?.authority_unanswered_past ?? 0;
  // Open requests past their 24 h count against the share: leaving a request unanswered must not
  // look better than answering it late. Open ones still inside their 24 h are not yet either.
  const judged = authorityAnswered + unansweredPast;
  return {
    deadlines: {
      answered,
      answered_within_deadline: answered - late,
      answered_late: late,
      median_hours_to_decision: d?.median_hours ?? null,
      p90_hours_to_decision: d?.p90_hours ?? null,
      open_overdue: d?.open_overdue ?? 0,
    },
    authority_requests: {
      answered: authorityAnswered,
      answered_within_24h: inTime,
      unanswered_after_24h: unansweredPast,
      answered_within_24h_share: judged === 0 ? null : Math.round((inTime / judged) * 10_000) / 10_000,
    },
  };
}
