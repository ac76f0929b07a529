import type { CaseStatus } from '../core/case-state.ts';
import type { ReportAppealRow, ReportItemRow, ReportKind } from '../core/transparency-report.ts';
import type { Db } from '../db/db.ts';

/**
 * Transparency reports: the raw rows a report is made from (src/core/transparency-report.ts
 * applies the rules), and the table saying which period each report covers. The report's
 * figures themselves live only in its public record's body.
 */

const DECISION_FIELDS = (d: string) => `jsonb_build_object(
  'outcome', ${d}.outcome,
  'decision_visibility', CASE WHEN jsonb_typeof(${d}.statement->'decision_visibility') = 'array' THEN ${d}.statement->'decision_visibility' END,
  'decision_account', ${d}.statement->>'decision_account',
  'decision_monetary', ${d}.statement->>'decision_monetary',
  'decision_provision', ${d}.statement->>'decision_provision',
  'decided_at', ${d}.created_at)`;

/**
 * Every item of every notice received in [from, to), with its case's first decision at or after
 * the notice (taken no later than `asOf`) and the latest decision before it. Names of public
 * reporters are not read: the core never names them, so they never leave the database.
 */
export async function reportItems(db: Db, p: { from: Date; to: Date; asOf: Date; open: readonly CaseStatus[] }): Promise<ReportItemRow[]> {
  const rows = await db.query<Omit<ReportItemRow, 'answer' | 'prior'> & { answer: Record<string, unknown> | null; prior: Record<string, unknown> | null }>(
    `SELECT n.id AS notice_id, n.submitter_kind,
            CASE WHEN n.submitter_kind = 'public_reporter' THEN '' ELSE o.name END AS submitter_name,
            n.category, i.case_id, c.platform, n.created_at AS received_at, c.status = ANY($4::text[]) AS case_open,
            answer.d AS answer, prior.d AS prior
       FROM notices n
       JOIN organizations o ON o.id = n.submitter_org_id
       JOIN notice_items i ON i.notice_id = n.id
       JOIN cases c ON c.id = i.case_id
       LEFT JOIN LATERAL (
         SELECT ${DECISION_FIELDS('d')} AS d FROM decisions d
          WHERE d.case_id = i.case_id AND d.created_at >= n.created_at AND d.created_at <= $3
          ORDER BY d.created_at, d.id LIMIT 1) answer ON true
       LEFT JOIN LATERAL (
         SELECT ${DECISION_FIELDS('d')} AS d FROM decisions d
          WHERE d.case_id = i.case_id AND d.created_at < n.created_at
          ORDER BY d.created_at DESC, d.id DESC LIMIT 1) prior ON true
      WHERE n.created_at >= $1 AND n.created_at < $2
      ORDER BY n.id, i.position`,
    [p.from, p.to, p.asOf, p.open],
  );
  return rows.map((r) => ({
    ...r,
    received_at: new Date(r.received_at),
    answer: r.answer ? ({ ...r.answer, decided_at: new Date(r.answer.decided_at as string) } as ReportItemRow['answer']) : null,
    prior: r.prior as ReportItemRow['prior'],
  }));
}

/**
 * Appeals made in [from, to) and decisions on appeal taken in it, per platform, the latter with
 * the outcome of the decision appealed (the one before it on the case): the same reading of the
 * timeline as the public statistics' chart (public-stats-charts.repository.ts), within a period.
 */
export async function reportAppeals(
  db: Db,
  p: { from: Date; to: Date; events: { statusChanged: string; appealAction: string; decided: string; appealedStatus: string } },
): Promise<ReportAppealRow[]> {
  return db.query<ReportAppealRow>(
    `WITH e AS MATERIALIZED (
       SELECT case_id, type = $1 AS appeal, CASE WHEN type = $3 THEN (data->>'decision_id')::uuid END AS decision_id
         FROM case_events
        WHERE at >= $5 AND at < $6 AND ((type = $1 AND data->>'action' = $2) OR (type = $3 AND data->>'from' = $4)))
     SELECT c.platform, e.appeal, prev.outcome AS appealed_outcome, d.outcome, count(*)::int AS n
       FROM e JOIN cases c ON c.id = e.case_id
       LEFT JOIN decisions d ON d.id = e.decision_id
       LEFT JOIN LATERAL (
         SELECT q.outcome FROM decisions q
          WHERE q.case_id = d.case_id AND (q.created_at, q.id) < (d.created_at, d.id)
          ORDER BY q.created_at DESC, q.id DESC LIMIT 1) prev ON true
      GROUP BY 1, 2, 3, 4`,
    [p.events.statusChanged, p.events.appealAction, p.events.decided, p.events.appealedStatus, p.from, p.to],
  );
}

/** Whether any notice was received before `before`: a half-year before the first has nothing to report. */
export async function anyNoticeBefore(db: Db, before: Date): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM notices WHERE created_at < $1) AS found`, [before]);
  return rows[0]!.found;
}

export interface NewReportRow {
  id: string;
  kind: ReportKind;
  period_from: Date;
  period_to: Date;
  public_record_id: string;
  created_at: Date;
  created_by: string;
}

/**
 * Claims a report's period. A half-year already claimed (by this or another worker, whose
 * transaction this waits for) returns false and the caller makes nothing. The record it names
 * is inserted later in the same transaction (the foreign key is checked at commit).
 */
export async function claimReport(db: Db, r: NewReportRow): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO transparency_reports (id, kind, period_from, period_to, public_record_id, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (period_from, period_to) WHERE kind = 'half_yearly' DO NOTHING
     RETURNING id`,
    [r.id, r.kind, r.period_from, r.period_to, r.public_record_id, r.created_at, r.created_by],
  );
  return rows.length === 1;
}

export interface ReportListRow {
  id: string;
  kind: ReportKind;
  period_from: Date;
  period_to: Date;
  public_record_id: string;
  log_index: number | null;
  created_at: Date;
}

const LIST_COLUMNS = `t.id, t.kind, t.period_from, t.period_to, t.public_record_id, t.created_at,
  (SELECT e.idx FROM log_entries e WHERE e.record_id = t.public_record_id)::float8 AS log_index`;

/** Newest period first. Two half-years a year and the operator's few: one page of `limit` holds years of them. */
export async function listReports(db: Db, p: { limit: number }): Promise<ReportListRow[]> {
  return db.query<ReportListRow>(`SELECT ${LIST_COLUMNS} FROM transparency_reports t ORDER BY t.period_from DESC, t.period_to DESC, t.id DESC LIMIT $1`, [p.limit]);
}

/** A report with its record's stored body (null once withdrawn). */
export async function findReport(db: Db, id: string): Promise<(ReportListRow & { body: Record<string, unknown> | null }) | null> {
  const rows = await db.query<ReportListRow & { body: Record<string, unknown> | null }>(
    `SELECT ${LIST_COLUMNS}, CASE WHEN r.withdrawn_by IS NULL THEN r.body END AS body
       FROM transparency_reports t JOIN public_records r ON r.id = t.public_record_id WHERE t.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
