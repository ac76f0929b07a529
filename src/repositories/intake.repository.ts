import { OPEN_STATUSES, REOPENED_BY_NOTICE, type CaseStatus, type DecisionOutcome } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';
import type { NoticeDraft } from '../core/notice.ts';

export interface CaseCandidate {
  id: string;
  content_key: string;
  platform: string;
  canonical_url: string;
  category: string;
  at: Date;
  /** The id of the event recording a reopening, should the notice reopen an existing case. */
  event_id: string;
}

export interface IntakeWrite {
  /** Notices of one or several submitters. */
  notices: readonly { orgId: string; draft: NoticeDraft; personId?: string | null; keyId?: string | null }[];
  /** One per distinct content key the notices name; used only where no case exists yet. */
  cases: readonly CaseCandidate[];
}

export interface IntakeWritten {
  inserted: Set<string>;
  /** By the content key each item named (a merged key maps to the case it was merged into). */
  cases: JoinedCaseRow[];
  onboarded: Set<string>;
}

export interface JoinedCaseRow {
  id: string;
  content_key: string;
  created: boolean;
  /** The case's status once the notices joined it. */
  status: CaseStatus;
  /** Set when these notices reopened the case: the status it had. */
  reopened_from: CaseStatus | null;
  /** The case's latest decision, if any. */
  last_decision: { id: string; outcome: DecisionOutcome; decided_at: Date } | null;
}

/**
 * Whether the notices of this statement reopen the conflicting case `c` (REOPENED_BY_NOTICE, $5
 * to $6): answered without restricting anything, and one of the notices comes from an
 * organization with no notice on the case yet. One that has was answered by the decision, and
 * contests it by appeal, once; a new notice of its own must not reopen the case again and again.
 * The nested CASE keeps the look-up of earlier submitters to those few cases.
 */
const REOPENS = `(CASE WHEN c.status = ANY($5::text[]) AND c.last_outcome = ANY($6::text[]) THEN EXISTS (
         SELECT 1 FROM it JOIN n ON n.id = it.notice_id WHERE it.content_key = c.content_key
           AND NOT EXISTS (SELECT 1 FROM notice_items pi JOIN notices pn ON pn.id = pi.notice_id
                           WHERE pi.case_id = c.id AND pn.submitter_org_id = n.submitter_org_id))
       ELSE false END)`;

/** A timestamp as the API writes it (ISO 8601, UTC, milliseconds), inside jsonb_build_object. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The intake statement; $1 notices, $2 items, $3 case candidates, each a JSON array (see
 * writeIntake); $4 to $7 the rules of case-state.ts it applies: the statuses whose clock runs, and
 * REOPENED_BY_NOTICE (from which statuses, after which outcomes, to which status).
 */
export const INTAKE_SQL = `WITH n AS (
   INSERT INTO notices (id, submitter_org_id, submitter_kind, category, category_specification, explanation,
                        legal_basis, content_language, urgency, fingerprint, due_at, created_at, submitted_by_person_id, submitted_by_key_id)
   SELECT t.id, t.org, t.kind, t.category, ARRAY(SELECT jsonb_array_elements_text(t.specs)), t.explanation,
          nullif(t.legal_basis, 'null'::jsonb), t.lang, t.urgency, t.fingerprint, t.due_at, t.created_at, t.person, t.key
   FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, org uuid, kind text, category text, specs jsonb, explanation text, legal_basis jsonb,
                                          lang text, urgency text, fingerprint text, due_at timestamptz, created_at timestamptz, person uuid, key uuid)
   ON CONFLICT (submitter_org_id, fingerprint) DO NOTHING
   RETURNING id, submitter_org_id, submitter_kind, category, urgency, due_at, created_at
 ),
 -- Each content key the batch names, resolved through case_aliases: the key of a case merged
 -- into another (a duplicate) leads to the surviving case. A subquery per key, so that each
 -- is two primary-key lookups: as joins, the planner (which guesses 100 rows for any
 -- jsonb_to_recordset) hashed the whole cases table for every statement, a cost that grew
 -- with the number of cases (bench/intake: single notices 0.8 → 2.4 ms of PostgreSQL CPU each).
 km AS (
   SELECT k.content_key AS orig_key,
          coalesce((SELECT tc.content_key FROM case_aliases a JOIN cases tc ON tc.id = a.case_id WHERE a.content_key = k.content_key), k.content_key) AS content_key,
          k.id, k.platform, k.canonical_url, k.category, k.at, k.event_id
   FROM jsonb_to_recordset($3::text::jsonb) AS k(id uuid, content_key text, platform text, canonical_url text, category text, at timestamptz, event_id uuid)
 ),
 it AS (
   SELECT t.notice_id, t.position, km.content_key, t.url, t.text
   FROM jsonb_to_recordset($2::text::jsonb) AS t(notice_id uuid, position int, content_key text, url text, text text)
   JOIN km ON km.orig_key = t.content_key
 ),
 joined AS (
   SELECT it.content_key, count(DISTINCT it.notice_id)::int AS notices, bool_or(n.submitter_kind = 'authority') AS authority, min(n.due_at) AS due_at
   FROM it JOIN n ON n.id = it.notice_id GROUP BY it.content_key
 ),
 cs AS (
   INSERT INTO cases AS c (id, content_key, platform, canonical_url, category, notice_count, authority_request, due_at, created_at, updated_at)
   SELECT k.id, k.content_key, k.platform, k.canonical_url, k.category, j.notices, j.authority, j.due_at, k.at, k.at
   -- One row per resolved key: a key and its alias in the same batch are the same case.
   FROM (SELECT DISTINCT ON (content_key) * FROM km ORDER BY content_key, orig_key) k
   JOIN joined j ON j.content_key = k.content_key
   -- A fixed order, so concurrent batches lock shared cases in the same order and never deadlock.
   ORDER BY k.content_key
   ON CONFLICT (content_key) DO UPDATE SET
     notice_count = c.notice_count + excluded.notice_count,
     authority_request = c.authority_request OR excluded.authority_request,
     -- A notice on a case answered by restricting nothing reopens it, on the notice's clock
     -- (REOPENS). Every expression here reads the row as it was before this update.
     status = CASE WHEN ${REOPENS} THEN $7::text ELSE c.status END,
     reopened_from = CASE WHEN ${REOPENS} THEN c.status END,
     -- Otherwise a new notice can only bring the deadline forward, and only while an answer is owed.
     due_at = CASE WHEN ${REOPENS} THEN excluded.due_at
                   WHEN c.status = ANY($4::text[]) THEN least(c.due_at, excluded.due_at) ELSE c.due_at END,
     updated_at = excluded.updated_at,
     version = c.version + 1
   -- A case merged while this statement waited for its row lock hands its items to the survivor.
   RETURNING coalesce(merged_into, id) AS id, content_key, (xmax = 0) AS created, status, reopened_from, due_at,
             last_decision_id, last_outcome, decided_at, platform, category, canonical_url, authority_request
 ),
 -- The reopening on the case's timeline, naming the notices that caused it.
 ev AS (
   INSERT INTO case_events (id, case_id, at, actor_org_id, type, data)
   SELECT k.event_id, cs.id, k.at, NULL, 'reopened_by_notice',
          jsonb_build_object('from', cs.reopened_from, 'to', cs.status, 'previous_decision_id', cs.last_decision_id,
            'due_at', ${iso('cs.due_at')},
            'notice_ids', (SELECT jsonb_agg(DISTINCT it.notice_id) FROM it JOIN n ON n.id = it.notice_id WHERE it.content_key = cs.content_key))
   FROM cs JOIN (SELECT DISTINCT ON (content_key) content_key, event_id, at FROM km ORDER BY content_key, orig_key) k ON k.content_key = cs.content_key
   WHERE cs.reopened_from IS NOT NULL
 ),
 -- The domain events of this intake, in the outbox (issue 12), under the cases' row locks so a
 -- case's events keep the order of its commits: the case created or reopened first, then each
 -- notice that joined it. No submitter's identity: a notice names its kind, never its URL as sent.
 ob AS (
   INSERT INTO outbox (id, type, at, org_id, case_id, data)
   SELECT gen_random_uuid(), e.type, e.at, e.org_id, e.case_id, e.data FROM (
     SELECT cs.id AS case_id, 0 AS o, 'case.created' AS type, k.at, NULL::uuid AS org_id,
            jsonb_build_object('case_id', cs.id, 'platform', cs.platform, 'category', cs.category, 'canonical_url', cs.canonical_url,
              'authority_request', cs.authority_request, 'status', cs.status, 'due_at', ${iso('cs.due_at')}) AS data
     FROM cs JOIN (SELECT DISTINCT ON (content_key) content_key, at FROM km ORDER BY content_key, orig_key) k ON k.content_key = cs.content_key WHERE cs.created
     UNION ALL
     SELECT cs.id, 1, 'case.updated', k.at, NULL,
            jsonb_build_object('case_id', cs.id, 'platform', cs.platform, 'change', 'reopened_by_notice', 'from', cs.reopened_from, 'status', cs.status, 'due_at', ${iso('cs.due_at')})
     FROM cs JOIN (SELECT DISTINCT ON (content_key) content_key, at FROM km ORDER BY content_key, orig_key) k ON k.content_key = cs.content_key WHERE cs.reopened_from IS NOT NULL
     UNION ALL
     SELECT cs.id, 2, 'notice.received', n.created_at, n.submitter_org_id,
            jsonb_build_object('notice_id', n.id, 'case_id', cs.id, 'platform', cs.platform, 'category', n.category, 'submitter_kind', n.submitter_kind,
              'urgency', n.urgency, 'notice_due_at', ${iso('n.due_at')}, 'case_due_at', ${iso('cs.due_at')})
     FROM (SELECT DISTINCT notice_id, content_key FROM it) x JOIN n ON n.id = x.notice_id JOIN cs ON cs.content_key = x.content_key
   ) e ORDER BY e.case_id, e.o, e.at
 ),
 i AS (
   INSERT INTO notice_items (notice_id, position, case_id, url, text)
   SELECT it.notice_id, it.position, cs.id, it.url, it.text FROM it JOIN n ON n.id = it.notice_id JOIN cs ON cs.content_key = it.content_key
 )
 SELECT 'n' AS k, id::text AS id, NULL::text AS content_key, NULL::boolean AS created, NULL::text AS status, NULL::text AS reopened_from,
        NULL::uuid AS last_decision_id, NULL::text AS last_outcome, NULL::timestamptz AS decided_at FROM n
 UNION ALL SELECT 'c', cs.id::text, km.orig_key, cs.created, cs.status, cs.reopened_from, cs.last_decision_id, cs.last_outcome, cs.decided_at
   FROM km JOIN cs ON cs.content_key = km.content_key
 UNION ALL SELECT 'o', s.slug, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM services s
   WHERE s.organization_id IS NOT NULL AND s.slug IN (SELECT platform FROM km)`;

/** The rules INTAKE_SQL applies, as its parameters $4 to $7. */
export const INTAKE_RULES = [OPEN_STATUSES, REOPENED_BY_NOTICE.from, REOPENED_BY_NOTICE.outcomes, REOPENED_BY_NOTICE.to] as const;

/**
 * Intake's cases and notices in ONE statement (data-modifying CTEs): notices (repeats skipped by
 * their fingerprint), cases created or joined, items linked to cases. Only notices actually
 * inserted count towards cases and items. The public records follow in a second statement of
 * the same transaction, once their items' case ids are known and their digests computed. Two
 * round trips instead of eight is most of the latency of a single POST, and keeps the
 * database's per-statement overhead out of the batch path.
 */
export async function writeIntake(db: Db, w: IntakeWrite): Promise<IntakeWritten> {
  // Each set travels as one JSON document read by jsonb_to_recordset: PostgreSQL parses JSON in C,
  // where array literals of long texts cost the server an escaping pass per string.
  // Sorted like the unique index, so two statements inserting the same notices wait on each
  // other in one order and never deadlock.
  const sorted = [...w.notices].sort((a, b) => (a.orgId === b.orgId ? cmp(a.draft.fingerprint, b.draft.fingerprint) : cmp(a.orgId, b.orgId)));
  const notices = sorted.map(({ orgId, draft: n, personId, keyId }) => ({
    id: n.id,
    org: orgId,
    kind: n.submitter_kind,
    category: n.category,
    specs: n.category_specification,
    explanation: n.explanation,
    legal_basis: n.legal_basis,
    lang: n.content_language,
    urgency: n.urgency,
    fingerprint: n.fingerprint,
    due_at: n.due_at,
    created_at: n.received_at,
    person: personId ?? null,
    key: keyId ?? null,
  }));
  const items = w.notices.flatMap(({ draft: n }) => n.items.map((i) => ({ notice_id: n.id, position: i.position, content_key: i.content_key, url: i.url, text: i.text })));
  const rows = await db.query<{
    k: 'n' | 'c' | 'o';
    id: string;
    content_key: string | null;
    created: boolean | null;
    status: CaseStatus | null;
    reopened_from: CaseStatus | null;
    last_decision_id: string | null;
    last_outcome: DecisionOutcome | null;
    decided_at: Date | null;
  }>(INTAKE_SQL, [JSON.stringify(notices), JSON.stringify(items), JSON.stringify(w.cases), ...INTAKE_RULES]);
  const out: IntakeWritten = { inserted: new Set(), cases: [], onboarded: new Set() };
  for (const r of rows) {
    if (r.k === 'n') out.inserted.add(r.id);
    else if (r.k === 'c') {
      out.cases.push({
        id: r.id,
        content_key: r.content_key!,
        created: r.created!,
        status: r.status!,
        reopened_from: r.reopened_from,
        last_decision: r.last_decision_id ? { id: r.last_decision_id, outcome: r.last_outcome!, decided_at: r.decided_at! } : null,
      });
    } else out.onboarded.add(r.id);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
