import type { Db } from '../db/db.ts';

export interface CaseEventRow {
  id: string;
  case_id: string;
  at: Date;
  actor_org_id: string | null;
  type: string;
  data: Record<string, unknown>;
}

export async function insertCaseEvents(db: Db, events: readonly CaseEventRow[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO case_events (id, case_id, at, actor_org_id, type, data)
     SELECT t.id, t.case_id, t.at, t.actor, t.type, t.data::jsonb
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[]) AS t(id, case_id, at, actor, type, data)`,
    [
      events.map((e) => e.id),
      events.map((e) => e.case_id),
      events.map((e) => e.at.toISOString()),
      events.map((e) => e.actor_org_id),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
}

export interface CaseEventView extends CaseEventRow {
  actor_kind: string | null;
  actor_name: string | null;
}

export async function listCaseEvents(db: Db, caseId: string): Promise<CaseEventView[]> {
  return db.query<CaseEventView>(
    `SELECT e.id, e.case_id, e.at, e.actor_org_id, o.kind AS actor_kind, o.name AS actor_name, e.type, e.data
     FROM case_events e LEFT JOIN organizations o ON o.id = e.actor_org_id WHERE e.case_id = $1 ORDER BY e.at, e.id`,
    [caseId],
  );
}
