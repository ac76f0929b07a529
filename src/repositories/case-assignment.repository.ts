import type { Db } from '../db/db.ts';

/** Gives the case to a person of the organization (replacing whoever had it there). */
export async function setAssignment(db: Db, a: { caseId: string; orgId: string; personId: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO case_assignments (case_id, org_id, person_id, assigned_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id, org_id) DO UPDATE SET person_id = EXCLUDED.person_id, assigned_at = EXCLUDED.assigned_at`,
    [a.caseId, a.orgId, a.personId, a.at],
  );
}

export async function clearAssignment(db: Db, caseId: string, orgId: string): Promise<void> {
  await db.query('DELETE FROM case_assignments WHERE case_id = $1 AND org_id = $2', [caseId, orgId]);
}

export interface AssigneeRow {
  person_id: string;
  display_name: string;
  assigned_at: Date;
}

export async function findAssignment(db: Db, caseId: string, orgId: string): Promise<AssigneeRow | null> {
  const rows = await db.query<AssigneeRow>(
    `SELECT a.person_id, p.display_name, a.assigned_at FROM case_assignments a JOIN people p ON p.id = a.person_id
     WHERE a.case_id = $1 AND a.org_id = $2`,
    [caseId, orgId],
  );
  return rows[0] ?? null;
}
