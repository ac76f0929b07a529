import type { FactCheckVerdict } from '../core/fact-check.ts';
import type { Db } from '../db/db.ts';
import type { PublicRecordRow } from './public-record.repository.ts';

export interface FactCheckRow {
  id: string;
  case_id: string;
  organization_id: string;
  created_by_person: string | null;
  created_by_key: string | null;
  verdict: FactCheckVerdict;
  claim: string | null;
  explanation: string;
  sources: string[];
  public_record_id: string;
  created_at: Date;
}

export async function insertFactCheck(db: Db, f: FactCheckRow): Promise<void> {
  await db.query(
    `INSERT INTO fact_checks (id, case_id, organization_id, created_by_person, created_by_key, verdict, claim, explanation, sources, public_record_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11)`,
    [f.id, f.case_id, f.organization_id, f.created_by_person, f.created_by_key, f.verdict, f.claim, f.explanation, JSON.stringify(f.sources), f.public_record_id, f.created_at],
  );
}

/** A case's verdicts, newest first, with the name of each fact-checker. */
export async function listCaseFactChecks(db: Db, caseId: string): Promise<(FactCheckRow & { organization_name: string })[]> {
  return db.query(
    `SELECT f.id, f.case_id, f.organization_id, f.created_by_person, f.created_by_key, f.verdict, f.claim, f.explanation, f.sources,
            f.public_record_id, f.created_at, o.name AS organization_name
     FROM fact_checks f JOIN organizations o ON o.id = f.organization_id
     WHERE f.case_id = $1 ORDER BY f.id DESC LIMIT 200`,
    [caseId],
  );
}

/** The case a fact-check is on, or null (the label check of a statement of reasons). */
export async function findFactCheckCase(db: Db, id: string): Promise<{ case_id: string } | null> {
  const rows = await db.query<{ case_id: string }>(`SELECT case_id FROM fact_checks WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

const RECORD_COLUMNS = `r.id, r.type, r.published_at, r.category, r.platform, r.requester_kind, r.body, r.withdrawn_by,
  (SELECT e.idx FROM log_entries e WHERE e.record_id = r.id)::float8 AS log_index`;

/**
 * Published fact-check records, newest first, by the public record's id (a UUIDv7: the cursor).
 * Withdrawn ones are left out: their body is gone, and a ClaimReview of nothing says nothing.
 */
export async function listPublishedFactChecks(
  db: Db,
  f: { caseId?: string; verdict?: string; factCheckId?: string; afterId: string | null; limit: number },
): Promise<PublicRecordRow[]> {
  return db.query<PublicRecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM fact_checks f JOIN public_records r ON r.id = f.public_record_id
     WHERE r.withdrawn_by IS NULL
       AND ($1::uuid IS NULL OR f.case_id = $1)
       AND ($2::text IS NULL OR f.verdict = $2)
       AND ($3::uuid IS NULL OR f.id = $3)
       AND ($4::uuid IS NULL OR r.id < $4::uuid)
     ORDER BY r.id DESC LIMIT $5`,
    [f.caseId ?? null, f.verdict ?? null, f.factCheckId ?? null, f.afterId, f.limit],
  );
}
