import type { DecisionOutcome } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';

/**
 * The aggregates behind the requesters' record (src/core/requester-stats.ts): per group of
 * organizations (the service decides the groups, from published names), only counts and
 * durations leave the database. Every figure is about the notices the group sent in the window:
 * their cases, and the decisions on those cases up to now.
 */

export interface RequesterOrgRow {
  id: string;
  kind: string;
  name: string;
}

/** Organizations of these kinds: few (dozens to thousands), so their names are redacted in the service. */
export async function organizationsOfKinds(db: Db, kinds: readonly string[]): Promise<RequesterOrgRow[]> {
  return db.query<RequesterOrgRow>(`SELECT id, kind, name FROM organizations WHERE kind = ANY($1::text[]) ORDER BY id`, [kinds]);
}

export interface RequesterCountsRow {
  grp: string;
  notices: number;
  items: number;
  cases: number;
  /** Of those cases, with a latest decision. */
  decided: number;
  /** Of those, whose latest decision restricted the content. */
  acted: number;
  /** Notice-and-case pairs with a decision taken after the notice. */
  answered: number;
  median_hours: number | null;
  p90_hours: number | null;
}

interface Window {
  orgIds: readonly string[];
  groups: readonly string[];
  since: Date;
  until: Date;
}

/** The group's notices received in the window, each with the cases of its items once. */
const PAIRS = `
  g AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS g(org_id, grp)),
  n AS MATERIALIZED (
    SELECT g.grp, n.id, n.created_at FROM notices n JOIN g ON g.org_id = n.submitter_org_id
     WHERE n.created_at >= $3::timestamptz AND n.created_at < $4::timestamptz),
  pairs AS MATERIALIZED (SELECT DISTINCT n.grp, n.id AS notice_id, n.created_at, i.case_id FROM n JOIN notice_items i ON i.notice_id = n.id)`;

/**
 * Per group: notices, items, cases (each once per group), the cases decided and acted on (their
 * latest decision, `cases.last_outcome`), and the median and 90th percentile of the hours from a
 * notice to the first decision on its case taken after it (a notice that joined a case already
 * restricted was answered by that decision, and is not timed).
 */
export async function requesterCounts(db: Db, w: Window): Promise<RequesterCountsRow[]> {
  const rows = await db.query<Omit<RequesterCountsRow, 'median_hours' | 'p90_hours'> & { q: number[] | null }>(
    `WITH ${PAIRS},
     items AS (SELECT n.grp, count(DISTINCT n.id)::int AS notices, count(*)::int AS items FROM n JOIN notice_items i ON i.notice_id = n.id GROUP BY n.grp),
     cs AS (
       SELECT p.grp, count(DISTINCT c.id)::int AS cases,
              count(DISTINCT c.id) FILTER (WHERE c.last_outcome IS NOT NULL)::int AS decided,
              count(DISTINCT c.id) FILTER (WHERE c.last_outcome = 'restriction')::int AS acted
         FROM pairs p JOIN cases c ON c.id = p.case_id GROUP BY p.grp),
     firsts AS (
       SELECT p.grp, date_part('epoch', f.at - p.created_at) / 3600 AS hours
         FROM pairs p CROSS JOIN LATERAL (SELECT min(d.created_at) AS at FROM decisions d WHERE d.case_id = p.case_id AND d.created_at >= p.created_at) f
        WHERE f.at IS NOT NULL),
     durations AS (SELECT grp, count(*)::int AS answered, percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (ORDER BY hours) AS q FROM firsts GROUP BY grp)
     SELECT items.grp, items.notices, items.items, coalesce(cs.cases, 0) AS cases, coalesce(cs.decided, 0) AS decided, coalesce(cs.acted, 0) AS acted,
            coalesce(durations.answered, 0) AS answered, durations.q
       FROM items LEFT JOIN cs USING (grp) LEFT JOIN durations USING (grp)
      ORDER BY items.grp`,
    [w.orgIds, w.groups, w.since, w.until],
  );
  return rows.map(({ q, ...r }) => ({ ...r, median_hours: q ? q[0]! : null, p90_hours: q ? q[1]! : null }));
}

export interface RequesterAppealRow {
  grp: string;
  /** The outcome of the decision appealed: the decision before the one on appeal, on the same case. */
  appealed_outcome: DecisionOutcome | null;
  outcome: DecisionOutcome;
  n: number;
}

/**
 * Decisions taken on appeal (timeline `decided` events from the appealed status, as
 * public-stats-charts.repository.ts reads them) on the group's cases after its notice, each once
 * per group, by their outcome and the outcome of the decision appealed.
 */
export async function requesterAppeals(db: Db, w: Window & { decided: string; appealedStatus: string }): Promise<RequesterAppealRow[]> {
  return db.query<RequesterAppealRow>(
    `WITH ${PAIRS},
     on_appeal AS MATERIALIZED (
       SELECT DISTINCT p.grp, (e.data->>'decision_id')::uuid AS decision_id, p.created_at
         FROM pairs p JOIN case_events e ON e.case_id = p.case_id AND e.type = $5 AND e.data->>'from' = $6),
     per_group AS (
       SELECT DISTINCT a.grp, d.id, d.outcome, prev.outcome AS appealed_outcome
         FROM on_appeal a JOIN decisions d ON d.id = a.decision_id AND d.created_at > a.created_at
         LEFT JOIN LATERAL (
           SELECT x.outcome FROM decisions x
            WHERE x.case_id = d.case_id AND (x.created_at, x.id) < (d.created_at, d.id)
            ORDER BY x.created_at DESC, x.id DESC LIMIT 1) prev ON true)
     SELECT grp, appealed_outcome, outcome, count(*)::int AS n FROM per_group GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [w.orgIds, w.groups, w.since, w.until, w.decided, w.appealedStatus],
  );
}
