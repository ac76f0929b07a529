import type { Db } from '../db/db.ts';

export interface DecisionRow {
  id: string;
  case_id: string;
  platform_org_id: string;
  outcome: 'restriction' | 'no_action';
  puid: string | null;
  statement: Record<string, unknown>;
  created_at: Date;
  /** Who decided for the platform: a person or an API key (both absent: the operator). */
  decided_by_person_id?: string | null;
  decided_by_key_id?: string | null;
}

/**
 * Returns false when the platform already used this puid. The case row learns its latest decision
 * in the same statement: intake reads it there, under the row lock, to tell whether a new notice
 * reopens the case. `version` is left alone: the caller's compare-and-set of the status follows.
 */
export async function insertDecision(db: Db, d: DecisionRow): Promise<boolean> {
  const rows = await db.query(
    `WITH d AS (
       INSERT INTO decisions (id, case_id, platform_org_id, outcome, puid, statement, created_at, decided_by_person_id, decided_by_key_id)
       VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9)
       ON CONFLICT (platform_org_id, puid) DO NOTHING RETURNING id, case_id, outcome
     ),
     c AS (
       UPDATE cases SET last_decision_id = d.id, last_outcome = d.outcome FROM d WHERE cases.id = d.case_id RETURNING cases.id
     )
     SELECT id FROM d`,
    [d.id, d.case_id, d.platform_org_id, d.outcome, d.puid, JSON.stringify(d.statement), d.created_at, d.decided_by_person_id ?? null, d.decided_by_key_id ?? null],
  );
  return rows.length === 1;
}

export async function findDecisionByPuid(db: Db, platformOrgId: string, puid: string): Promise<{ id: string; case_id: string } | null> {
  const rows = await db.query<{ id: string; case_id: string }>(`SELECT id, case_id FROM decisions WHERE platform_org_id = $1 AND puid = $2`, [platformOrgId, puid]);
  return rows[0] ?? null;
}

export async function listDecisionsOfCase(db: Db, caseId: string): Promise<(DecisionRow & { public_record_id: string | null })[]> {
  return db.query(
    `SELECT d.id, d.case_id, d.platform_org_id, d.outcome, d.puid, d.statement, d.created_at, p.id AS public_record_id
     FROM decisions d LEFT JOIN public_records p ON p.type IN ('statement_of_reasons', 'no_action_decision') AND p.source_id = d.id
     WHERE d.case_id = $1 ORDER BY d.created_at, d.id`,
    [caseId],
  );
}
