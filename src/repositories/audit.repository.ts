import type { Db } from '../db/db.ts';

export interface AuditRow {
  id: string;
  at: Date;
  /** A case_events type (`status_changed`, `decided`), or `notice_submitted`. */
  type: string;
  case_id: string | null;
  notice_id: string | null;
  data: Record<string, unknown>;
  person_id: string | null;
  person_name: string | null;
  key_id: string | null;
  key_name: string | null;
  key_prefix: string | null;
}

export interface AuditQuery {
  orgId: string;
  personId: string | null;
  /** Keyset: only rows with an id below this one (UUIDv7 ids sort by time in both tables). */
  beforeId: string | null;
  limit: number;
}

/**
 * An organization's own actions, newest first: what it did to cases (case_events it is the actor
 * of; the system's events have no actor) and the notices it submitted. Each side reads at most
 * `limit` rows through its (organization, id) index before the two are merged.
 */
export async function listAuditRows(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT a.id, a.at, a.type, a.case_id, a.notice_id, a.data, a.person_id, p.display_name AS person_name, a.key_id, k.name AS key_name, k.prefix AS key_prefix
     FROM (
       (SELECT e.id, e.at, e.type, e.case_id, NULL::uuid AS notice_id, e.data, e.actor_person_id AS person_id, e.actor_key_id AS key_id
        FROM case_events e
        WHERE e.actor_org_id = $1 AND ($2::uuid IS NULL OR e.actor_person_id = $2::uuid) AND ($3::uuid IS NULL OR e.id < $3::uuid)
        ORDER BY e.id DESC LIMIT $4)
       UNION ALL
       (SELECT n.id, n.created_at, 'notice_submitted', NULL::uuid, n.id,
               jsonb_build_object('category', n.category, 'urgency', n.urgency,
                 'case_ids', (SELECT coalesce(jsonb_agg(DISTINCT i.case_id), '[]'::jsonb) FROM notice_items i WHERE i.notice_id = n.id)),
               n.submitted_by_person_id, n.submitted_by_key_id
        FROM notices n
        WHERE n.submitter_org_id = $1 AND ($2::uuid IS NULL OR n.submitted_by_person_id = $2::uuid) AND ($3::uuid IS NULL OR n.id < $3::uuid)
        ORDER BY n.id DESC LIMIT $4)
     ) a
     LEFT JOIN people p ON p.id = a.person_id
     LEFT JOIN api_keys k ON k.id = a.key_id
     ORDER BY a.id DESC LIMIT $4`,
    [q.orgId, q.personId, q.beforeId, q.limit],
  );
}
