import type { Db } from '../db/db.ts';
import type { CaseStatus } from '../core/case-state.ts';
import type { OrgKind } from '../core/organization.ts';

export interface CaseRow {
  id: string;
  content_key: string;
  /** The service the content is on (the registry's slug; a website's registrable domain). */
  platform: string;
  canonical_url: string;
  status: CaseStatus;
  category: string;
  notice_count: number;
  authority_request: boolean;
  due_at: Date | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** Set when the case was merged into another (status `merged`). */
  merged_into: string | null;
}

const CASE_COLUMNS = `id, content_key, platform, canonical_url, status, category, notice_count, authority_request,
  due_at, decided_at, created_at, updated_at, version, merged_into`;

export async function findCase(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  const rows = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function findCasesByIds(db: Db, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function findCaseByContentKey(db: Db, contentKey: string): Promise<CaseRow | null> {
  const rows = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE content_key = $1`, [contentKey]);
  return rows[0] ?? null;
}

/** Which of these cases hold a notice item of this submitter (see case-visibility.ts). */
export async function findCasesJoinedBy(db: Db, caseIds: readonly string[], submitterOrgId: string): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db.query<{ case_id: string }>(
    `SELECT DISTINCT i.case_id FROM notice_items i JOIN notices n ON n.id = i.notice_id
     WHERE i.case_id = ANY($1::uuid[]) AND n.submitter_org_id = $2`,
    [caseIds, submitterOrgId],
  );
  return new Set(rows.map((r) => r.case_id));
}

export interface CaseFilter {
  /** Cases on these services (a platform's view, or a filter)… */
  platforms?: readonly string[];
  /** …or cases this submitter joined (a submitter's view)… */
  joinedBy?: string;
  /** …or cases on none of these services (the unassigned queue: every service some organization answers for). */
  notOn?: readonly string[];
  status?: CaseStatus;
  category?: string;
  overdue?: boolean;
  now: Date;
  afterId: string | null;
  limit: number;
  /** The statuses in which an answer is owed (OPEN_STATUSES), for `overdue`. */
  openStatuses: readonly CaseStatus[];
}

/** Polling: cases changed at or after `since`, oldest change first, after the cursor's (updated_at, id). */
export interface ChangedCaseFilter {
  platforms?: readonly string[];
  joinedBy?: string;
  status?: CaseStatus;
  category?: string;
  since: Date;
  after: { at: Date; id: string } | null;
  limit: number;
}

export async function listCases(db: Db, f: CaseFilter): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases c
     WHERE ($1::text[] IS NULL OR c.platform = ANY($1::text[]))
       AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM notice_items i JOIN notices n ON n.id = i.notice_id
                                         WHERE i.case_id = c.id AND n.submitter_org_id = $2::uuid))
       AND ($10::text[] IS NULL OR c.platform <> ALL($10::text[]))
       -- Merged cases are only listed when asked for: their notices are on the surviving case.
       AND (CASE WHEN $3::text IS NULL THEN c.status <> 'merged' ELSE c.status = $3 END)
       AND ($4::text IS NULL OR c.category = $4)
       AND ($5::boolean IS NULL OR ($5 = (c.status = ANY($9::text[]) AND c.due_at < $6)))
       AND ($7::uuid IS NULL OR c.id < $7::uuid)
     ORDER BY c.id DESC LIMIT $8`,
    [f.platforms ?? null, f.joinedBy ?? null, f.status ?? null, f.category ?? null, f.overdue ?? null, f.now, f.afterId, f.limit, f.openStatuses, f.notOn ?? null],
  );
}

export async function listChangedCases(db: Db, f: ChangedCaseFilter): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases c
     WHERE ($1::text[] IS NULL OR c.platform = ANY($1::text[]))
       AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM notice_items i JOIN notices n ON n.id = i.notice_id
                                         WHERE i.case_id = c.id AND n.submitter_org_id = $2::uuid))
       -- A poller is told of merges too: the merged case names the one to follow.
       AND ($3::text IS NULL OR c.status = $3)
       AND ($4::text IS NULL OR c.category = $4)
       -- Every change of a case is an event in the outbox (0017_poll_by_events.sql): the cases with
       -- one since then are the candidates, and updated_at orders them.
       -- (A merge's event is the surviving case's; the merged one changed too.)
       AND c.id IN (SELECT o.case_id FROM outbox o WHERE o.at >= $5 AND o.case_id IS NOT NULL
                    UNION ALL SELECT (o.data->>'merged_case_id')::uuid FROM outbox o WHERE o.at >= $5 AND o.case_id IS NOT NULL AND o.type = 'case.merged')
       AND c.updated_at >= $5
       AND ($6::timestamptz IS NULL OR (c.updated_at, c.id) > ($6::timestamptz, $7::uuid))
     ORDER BY c.updated_at, c.id LIMIT $8`,
    [f.platforms ?? null, f.joinedBy ?? null, f.status ?? null, f.category ?? null, f.since, f.after?.at ?? null, f.after?.id ?? null, f.limit],
  );
}

/** Compare-and-set on `version`, so two reviewers acting at once cannot both move the case. */
export async function updateCaseStatus(
  db: Db,
  c: Pick<CaseRow, 'id' | 'version'>,
  change: { status: CaseStatus; due_at?: Date | null; decided_at?: Date | null; at: Date },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE cases SET status = $3,
       due_at = CASE WHEN $4::boolean THEN $5::timestamptz ELSE due_at END,
       decided_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE decided_at END,
       updated_at = $8, version = version + 1
     WHERE id = $1 AND version = $2 RETURNING id`,
    [c.id, c.version, change.status, change.due_at !== undefined, change.due_at ?? null, change.decided_at !== undefined, change.decided_at ?? null, change.at],
  );
  return rows.length === 1;
}

/** The organizations whose notices joined the case, for the statement's source. */
export async function listCaseSubmitters(db: Db, caseId: string): Promise<{ kind: OrgKind; name: string }[]> {
  return db.query(
    `SELECT DISTINCT o.kind, o.name FROM notice_items i JOIN notices n ON n.id = i.notice_id
     JOIN organizations o ON o.id = n.submitter_org_id WHERE i.case_id = $1 ORDER BY o.kind, o.name`,
    [caseId],
  );
}

export async function countCasesByPlatform(db: Db): Promise<{ platform: string; status: CaseStatus; cases: number }[]> {
  return db.query(`SELECT platform, status, count(*)::int AS cases FROM cases WHERE status <> 'merged' GROUP BY platform, status ORDER BY platform, status`);
}
