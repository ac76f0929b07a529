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
  /** When the clock towards `due_at` started (null: when the case was created); due soon is a share of that window. */
  clock_started_at: Date | null;
}

const CASE_COLUMNS = `id, content_key, platform, canonical_url, status, category, notice_count, authority_request,
  due_at, decided_at, created_at, updated_at, version, merged_into, clock_started_at`;
/** The same, for a query where the case table is `c`. */
const C_CASE_COLUMNS = CASE_COLUMNS.split(',')
  .map((col) => `c.${col.trim()}`)
  .join(', ');

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

/** The queue's orders: newest first (by id, a UUIDv7), or soonest deadline first (cases without one last). */
export type CaseSort = 'newest' | 'deadline';

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
  /** The organization whose assignments are read (the viewer's own). */
  viewerOrgId: string;
  /** Only cases its organization assigned to this person, or (`nobody`) to no one. */
  assignee?: string | 'nobody';
  sort: CaseSort;
  now: Date;
  /** Where the previous page ended: an id (newest), or a deadline and id (deadline). */
  after: { id: string; at?: Date } | null;
  limit: number;
  /** The statuses in which an answer is owed (OPEN_STATUSES), for `overdue`. */
  openStatuses: readonly CaseStatus[];
}

/** A case as a queue lists it: with whom the viewer's organization gave it to. */
export interface ListedCaseRow extends CaseRow {
  assignee_id: string | null;
  assignee_name: string | null;
}

/**
 * A deadline sort needs a total order: cases without a deadline sort after every real one, at
 * this date (the same expression as the index cases_platform_deadline_idx, migration 0022).
 */
export const NO_DEADLINE = new Date('9999-12-31T00:00:00Z');
const DEADLINE = `COALESCE(c.due_at, '9999-12-31T00:00:00Z'::timestamptz)`;

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

/** The filters a queue and its counts share ($1…$9). */
const QUEUE_WHERE = `($1::text[] IS NULL OR c.platform = ANY($1::text[]))
       AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM notice_items i JOIN notices n ON n.id = i.notice_id
                                         WHERE i.case_id = c.id AND n.submitter_org_id = $2::uuid))
       AND ($3::text[] IS NULL OR c.platform <> ALL($3::text[]))
       AND ($4::text IS NULL OR c.category = $4)
       AND ($5::text IS NULL OR ($5 = 'nobody' AND a.person_id IS NULL) OR a.person_id::text = $5)`;

function queueParams(f: Pick<CaseFilter, 'platforms' | 'joinedBy' | 'notOn' | 'category' | 'assignee'>): unknown[] {
  return [f.platforms ?? null, f.joinedBy ?? null, f.notOn ?? null, f.category ?? null, f.assignee ?? null];
}

export async function listCases(db: Db, f: CaseFilter): Promise<ListedCaseRow[]> {
  const byDeadline = f.sort === 'deadline';
  return db.query<ListedCaseRow>(
    `SELECT ${C_CASE_COLUMNS}, a.person_id AS assignee_id, p.display_name AS assignee_name
     FROM cases c
       LEFT JOIN case_assignments a ON a.case_id = c.id AND a.org_id = $6
       LEFT JOIN people p ON p.id = a.person_id
     WHERE ${QUEUE_WHERE}
       -- Merged cases are only listed when asked for: their notices are on the surviving case.
       AND (CASE WHEN $7::text IS NULL THEN c.status <> 'merged' ELSE c.status = $7 END)
       AND ($8::boolean IS NULL OR ($8 = (c.status = ANY($9::text[]) AND c.due_at < $10)))
       AND ${
         byDeadline
           ? `($11::uuid IS NULL OR (${DEADLINE}, c.id) > ($12::timestamptz, $11::uuid))
     ORDER BY ${DEADLINE}, c.id LIMIT $13`
           : `($11::uuid IS NULL OR c.id < $11::uuid) AND $12::timestamptz IS NULL
     ORDER BY c.id DESC LIMIT $13`
       }`,
    [...queueParams(f), f.viewerOrgId, f.status ?? null, f.overdue ?? null, f.openStatuses, f.now, f.after?.id ?? null, byDeadline ? (f.after?.at ?? null) : null, f.limit],
  );
}

export interface CaseCountRow {
  status: CaseStatus;
  cases: number;
  overdue: number;
  due_soon: number;
  assigned_to_me: number;
  unassigned: number;
}

/**
 * The queue's counts per status, under the same filters as the list (but status and overdue):
 * how many are past their deadline or due soon while an answer is owed, and
 * how many are assigned to this person, or to nobody in the viewer's organization.
 */
export async function countCases(
  db: Db,
  f: Pick<CaseFilter, 'platforms' | 'joinedBy' | 'notOn' | 'category' | 'assignee' | 'viewerOrgId' | 'now' | 'openStatuses'> & {
    personId: string | null;
    /** The share of a deadline's window left when it becomes due soon (core/sla.ts dueSoonFraction). */
    dueSoonFraction: number;
  },
): Promise<CaseCountRow[]> {
  return db.query<CaseCountRow>(
    `SELECT c.status, count(*)::int AS cases,
            (count(*) FILTER (WHERE c.status = ANY($7::text[]) AND c.due_at < $8))::int AS overdue,
            -- Due soon as the deadline sweep reckons it (sla-sweep.repository.ts): the last share of the window.
            (count(*) FILTER (WHERE c.status = ANY($7::text[]) AND c.due_at >= $8
                                AND c.due_at - (c.due_at - coalesce(c.clock_started_at, c.created_at)) * $9::float8 <= $8))::int AS due_soon,
            (count(*) FILTER (WHERE a.person_id = $10::uuid))::int AS assigned_to_me,
            (count(*) FILTER (WHERE a.person_id IS NULL))::int AS unassigned
     FROM cases c LEFT JOIN case_assignments a ON a.case_id = c.id AND a.org_id = $6
     WHERE ${QUEUE_WHERE} AND c.status <> 'merged'
     GROUP BY c.status ORDER BY c.status`,
    [...queueParams(f), f.viewerOrgId, f.openStatuses, f.now, f.dueSoonFraction, f.personId],
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
