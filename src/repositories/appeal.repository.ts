import type { Appellant, AppealStatus } from '../core/appeal.ts';
import type { AppealOutcome } from '../core/appeal-outcome.ts';
import type { Db } from '../db/db.ts';

export interface AppealRow {
  id: string;
  case_id: string;
  decision_id: string;
  appellant: Appellant;
  appellant_org_id: string | null;
  statement_link_id: string | null;
  text: string;
  urls: string[];
  created_at: Date;
  due_at: Date;
  assigned_person_id: string | null;
  assigned_at: Date | null;
  assigned_by: string | null;
  status: AppealStatus;
  outcome: AppealOutcome | null;
  outcome_decision_id: string | null;
  decided_at: Date | null;
}

const COLUMNS = `a.id, a.case_id, a.decision_id, a.appellant, a.appellant_org_id, a.statement_link_id, a.text, a.urls, a.created_at, a.due_at,
  a.assigned_person_id, a.assigned_at, a.assigned_by, a.status, a.outcome, a.outcome_decision_id, a.decided_at`;

export async function insertAppeal(
  db: Db,
  a: Pick<AppealRow, 'id' | 'case_id' | 'decision_id' | 'appellant' | 'appellant_org_id' | 'statement_link_id' | 'text' | 'urls' | 'created_at' | 'due_at'>,
): Promise<void> {
  await db.query(
    `INSERT INTO appeals (id, case_id, decision_id, appellant, appellant_org_id, statement_link_id, text, urls, created_at, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10)`,
    [a.id, a.case_id, a.decision_id, a.appellant, a.appellant_org_id, a.statement_link_id, a.text, JSON.stringify(a.urls), a.created_at, a.due_at],
  );
}

export async function findAppeal(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<AppealRow | null> {
  const rows = await db.query<AppealRow>(`SELECT ${COLUMNS} FROM appeals a WHERE a.id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function findAppealOfLink(db: Db, statementLinkId: string): Promise<AppealRow | null> {
  const rows = await db.query<AppealRow>(`SELECT ${COLUMNS} FROM appeals a WHERE a.statement_link_id = $1`, [statementLinkId]);
  return rows[0] ?? null;
}

export async function findOpenAppealOfCase(db: Db, caseId: string): Promise<AppealRow | null> {
  const rows = await db.query<AppealRow>(`SELECT ${COLUMNS} FROM appeals a WHERE a.case_id = $1 AND a.status = 'open'`, [caseId]);
  return rows[0] ?? null;
}

/** A case's appeals, oldest first, with the assignee's name and the answering decision's public record. */
export async function listAppealsOfCase(
  db: Db,
  caseId: string,
): Promise<(AppealRow & { assignee_name: string | null; outcome_record_id: string | null; appellant_org_name: string | null })[]> {
  return db.query(
    `SELECT ${COLUMNS}, p.display_name AS assignee_name, o.name AS appellant_org_name,
            (SELECT r.id FROM public_records r WHERE r.type IN ('statement_of_reasons', 'no_action_decision') AND r.source_id = a.outcome_decision_id LIMIT 1) AS outcome_record_id
       FROM appeals a LEFT JOIN people p ON p.id = a.assigned_person_id LEFT JOIN organizations o ON o.id = a.appellant_org_id
      WHERE a.case_id = $1 ORDER BY a.created_at, a.id`,
    [caseId],
  );
}

export async function setAppealReviewer(db: Db, id: string, r: { personId: string; at: Date; by: string | null }): Promise<void> {
  await db.query(`UPDATE appeals SET assigned_person_id = $2, assigned_at = $3, assigned_by = $4 WHERE id = $1`, [id, r.personId, r.at, r.by]);
}

export async function closeAppeal(db: Db, id: string, c: { outcome: AppealOutcome; decisionId: string; at: Date }): Promise<void> {
  await db.query(`UPDATE appeals SET status = 'decided', outcome = $2, outcome_decision_id = $3, decided_at = $4 WHERE id = $1 AND status = 'open'`, [
    id,
    c.outcome,
    c.decisionId,
    c.at,
  ]);
}

export interface AppealAnswerRow {
  /** Null: every platform together. */
  platform: string | null;
  decided: number;
  upheld: number;
  reversed: number;
  modified: number;
  median_hours: number | null;
  p90_hours: number | null;
}

/**
 * Per platform, then all together (platform null): appeals decided, by outcome, and the median and
 * 90th percentile of the hours from the appeal to the decision that answered it (the public
 * statistics' time to answer an appeal). Appeals made before appeals had rows are not in it.
 */
export async function appealAnswersByPlatform(db: Db): Promise<AppealAnswerRow[]> {
  const rows = await db.query<Omit<AppealAnswerRow, 'median_hours' | 'p90_hours'> & { q: number[] | null }>(
    `SELECT c.platform,
            count(*)::int AS decided,
            count(*) FILTER (WHERE a.outcome = 'upheld')::int AS upheld,
            count(*) FILTER (WHERE a.outcome = 'reversed')::int AS reversed,
            count(*) FILTER (WHERE a.outcome = 'modified')::int AS modified,
            percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (ORDER BY date_part('epoch', a.decided_at - a.created_at) / 3600) AS q
       FROM appeals a JOIN cases c ON c.id = a.case_id
      WHERE a.status = 'decided'
      GROUP BY ROLLUP (c.platform) ORDER BY c.platform NULLS LAST`,
  );
  return rows.map(({ q, ...r }) => ({ ...r, median_hours: q ? q[0]! : null, p90_hours: q ? q[1]! : null }));
}

/** The decision an appeal is about, with who took it and its public record. */
export async function findAppealedDecision(
  db: Db,
  id: string,
): Promise<{
  id: string;
  case_id: string;
  platform_org_id: string;
  outcome: 'restriction' | 'no_action';
  statement: Record<string, unknown>;
  created_at: Date;
  decided_by_person_id: string | null;
  decided_by_key_id: string | null;
  public_record_id: string | null;
} | null> {
  const rows = await db.query<never>(
    `SELECT d.id, d.case_id, d.platform_org_id, d.outcome, d.statement, d.created_at, d.decided_by_person_id, d.decided_by_key_id,
            (SELECT p.id FROM public_records p WHERE p.type IN ('statement_of_reasons', 'no_action_decision') AND p.source_id = d.id LIMIT 1) AS public_record_id
       FROM decisions d WHERE d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The case's latest decision (the one an appeal made now is about). */
export async function latestDecisionIdOfCase(db: Db, caseId: string): Promise<{ id: string; created_at: Date } | null> {
  const rows = await db.query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM decisions WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [caseId]);
  return rows[0] ?? null;
}
