import type { Db } from '../db/db.ts';

export interface CaseEventRow {
  id: string;
  case_id: string;
  at: Date;
  actor_org_id: string | null;
  /** Who acted for the organization: a person or an API key; both absent for system events and the operator. */
  actor_person_id?: string | null;
  actor_key_id?: string | null;
  type: string;
  data: Record<string, unknown>;
}

export async function insertCaseEvents(db: Db, events: readonly CaseEventRow[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO case_events (id, case_id, at, actor_org_id, type, data, actor_person_id, actor_key_id)
     SELECT t.id, t.case_id, t.at, t.actor, t.type, t.data::jsonb, t.person, t.key
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::uuid[]) AS t(id, case_id, at, actor, type, data, person, key)`,
    [
      events.map((e) => e.id),
      events.map((e) => e.case_id),
      events.map((e) => e.at.toISOString()),
      events.map((e) => e.actor_org_id),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.actor_person_id ?? null),
      events.map((e) => e.actor_key_id ?? null),
    ],
  );
}

export interface CaseEventView extends CaseEventRow {
  actor_kind: string | null;
  actor_name: string | null;
  /** The person or key that acted, with what names them (case-timeline.ts shows them to the actor's organization only). */
  actor_person_id: string | null;
  actor_person_name: string | null;
  actor_key_id: string | null;
  actor_key_name: string | null;
  actor_key_prefix: string | null;
}

export async function listCaseEvents(db: Db, caseId: string): Promise<CaseEventView[]> {
  return db.query<CaseEventView>(
    `SELECT e.id, e.case_id, e.at, e.actor_org_id, o.kind AS actor_kind, o.name AS actor_name, e.type, e.data,
            e.actor_person_id, p.display_name AS actor_person_name, e.actor_key_id, k.name AS actor_key_name, k.prefix AS actor_key_prefix
     FROM case_events e LEFT JOIN organizations o ON o.id = e.actor_org_id
       LEFT JOIN people p ON p.id = e.actor_person_id LEFT JOIN api_keys k ON k.id = e.actor_key_id
     WHERE e.case_id = $1 ORDER BY e.at, e.id`,
    [caseId],
  );
}
