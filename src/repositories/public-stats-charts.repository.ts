import type { CaseStatus, DecisionOutcome } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';

/**
 * The aggregates behind the public statistics' charts. Only counts, durations and organizations'
 * names leave the database: no case, URL, notice text or person. The rules (which months, what a
 * decision's kind is, what a reversal is) are src/core/public-stats.ts's: these statements group
 * by the raw fields those rules read, or take them as parameters.
 */

export interface AuthorityMonthRow {
  org_id: string;
  /** The organization's name as stored: the service redacts it as publication does. */
  name: string;
  /** `YYYY-MM` in the time zone asked for. */
  month: string;
  requests: number;
}

/** Notices sent by organizations of `kind` since `since`, per organization and month of `timeZone`. */
export async function noticesBySubmitterAndMonth(db: Db, p: { kind: string; since: Date; timeZone: string }): Promise<AuthorityMonthRow[]> {
  return db.query<AuthorityMonthRow>(
    `SELECT n.submitter_org_id AS org_id, o.name, to_char(n.created_at AT TIME ZONE $3::text, 'YYYY-MM') AS month, count(*)::int AS requests
       FROM notices n JOIN organizations o ON o.id = n.submitter_org_id
      WHERE n.submitter_kind = $1 AND n.created_at >= $2::timestamptz
      GROUP BY 1, 2, 3 ORDER BY 1, 3`,
    [p.kind, p.since, p.timeZone],
  );
}

export interface DecisionGroupRow {
  platform: string;
  outcome: DecisionOutcome;
  decision_visibility: string[] | null;
  decision_account: string | null;
  decision_monetary: string | null;
  decision_provision: string | null;
  decisions: number;
}

/**
 * Every decision, per platform and per combination of the restrictions its statement names: the
 * combinations are few (the DSA's lists are short), and the service sorts each into its kind.
 */
export async function decisionsByRestrictions(db: Db): Promise<DecisionGroupRow[]> {
  return db.query<DecisionGroupRow>(
    `SELECT c.platform, d.outcome,
            CASE WHEN jsonb_typeof(d.statement->'decision_visibility') = 'array' THEN d.statement->'decision_visibility' END AS decision_visibility,
            d.statement->>'decision_account' AS decision_account,
            d.statement->>'decision_monetary' AS decision_monetary,
            d.statement->>'decision_provision' AS decision_provision,
            count(*)::int AS decisions
       FROM decisions d JOIN cases c ON c.id = d.case_id
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
}

export interface CaseDeadlineRow {
  platform: string;
  with_deadline: number;
  answered_late: number;
  open_overdue: number;
  authority_answered: number;
  authority_median_hours: number | null;
  authority_p90_hours: number | null;
}

/**
 * Per platform: cases with a deadline (answered or awaiting an answer), those answered after it,
 * those still unanswered past it at `now`; and for authority requests answered, the median and
 * 90th percentile of the hours from the start of the clock to the decision. Durations and
 * verdicts are measured as in public-stats.repository.ts (from `coalesce(clock_started_at,
 * created_at)`, the latest answer of a case), so the chart and the table agree.
 */
export async function deadlinesByPlatform(db: Db, p: { open: readonly CaseStatus[]; answered: readonly CaseStatus[]; now: Date }): Promise<CaseDeadlineRow[]> {
  const rows = await db.query<Omit<CaseDeadlineRow, 'authority_median_hours' | 'authority_p90_hours'> & { q: number[] | null }>(
    `WITH c AS NOT MATERIALIZED (
       SELECT platform, authority_request, due_at, decided_at,
              status = ANY($1::text[]) AS open,
              status = ANY($2::text[]) AND decided_at IS NOT NULL AS answered,
              date_part('epoch', decided_at - coalesce(clock_started_at, created_at)) / 3600 AS hours
         FROM cases WHERE status = ANY($1::text[]) OR status = ANY($2::text[])),
     counts AS (
       SELECT platform,
              count(*) FILTER (WHERE due_at IS NOT NULL AND (open OR answered))::int AS with_deadline,
              count(*) FILTER (WHERE answered AND decided_at > due_at)::int AS answered_late,
              count(*) FILTER (WHERE open AND due_at < $3::timestamptz)::int AS open_overdue,
              count(*) FILTER (WHERE answered AND authority_request)::int AS authority_answered
         FROM c GROUP BY platform),
     durations AS (
       SELECT platform, percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (ORDER BY hours) AS q
         FROM c WHERE answered AND authority_request GROUP BY platform)
     SELECT * FROM counts LEFT JOIN durations USING (platform) ORDER BY platform`,
    [p.open, p.answered, p.now],
  );
  return rows.map(({ q, ...r }) => ({ ...r, authority_median_hours: q ? q[0]! : null, authority_p90_hours: q ? q[1]! : null }));
}

export interface AppealGroupRow {
  platform: string;
  /** True: appeals made; false: decisions taken on an appeal. */
  appeal: boolean;
  /** For a decision on an appeal: the outcome of the decision before it on the case, the one appealed. */
  appealed_outcome: DecisionOutcome | null;
  outcome: DecisionOutcome | null;
  n: number;
}

export interface AppealEventNames {
  statusChanged: string;
  appealAction: string;
  decided: string;
  appealedStatus: string;
}

/**
 * Appeals (timeline events of the appeal action) and decisions on appeals (decided events from
 * the appealed status) per platform, the latter grouped by their outcome and the outcome of the
 * decision appealed: the decision before it on the same case (an appealed case cannot be decided
 * otherwise in between, case-state.ts). One pass over the timeline.
 */
export async function appealsByPlatform(db: Db, e: AppealEventNames): Promise<AppealGroupRow[]> {
  return db.query<AppealGroupRow>(
    `WITH e AS MATERIALIZED (
       SELECT case_id, type = $1 AS appeal, CASE WHEN type = $3 THEN (data->>'decision_id')::uuid END AS decision_id
         FROM case_events
        WHERE (type = $1 AND data->>'action' = $2) OR (type = $3 AND data->>'from' = $4))
     SELECT c.platform, e.appeal, prev.outcome AS appealed_outcome, d.outcome, count(*)::int AS n
       FROM e JOIN cases c ON c.id = e.case_id
       LEFT JOIN decisions d ON d.id = e.decision_id
       LEFT JOIN LATERAL (
         SELECT p.outcome FROM decisions p
          WHERE p.case_id = d.case_id AND (p.created_at, p.id) < (d.created_at, d.id)
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1) prev ON true
      GROUP BY 1, 2, 3, 4`,
    [e.statusChanged, e.appealAction, e.decided, e.appealedStatus],
  );
}
