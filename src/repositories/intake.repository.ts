import type { Db } from '../db/db.ts';
import type { NoticeDraft } from '../core/notice.ts';
import type { Platform } from '../core/organization.ts';
import type { PublicRecordDraft } from '../core/public-record.ts';
import { pgTextArrayLiteral } from './notice.repository.ts';
import { searchText } from './public-record.repository.ts';

export interface CaseCandidate {
  id: string;
  content_key: string;
  platform: Platform;
  canonical_url: string;
  category: string;
  at: Date;
}

export interface IntakeWrite {
  submitterOrgId: string;
  notices: readonly NoticeDraft[];
  /** One per distinct content key the notices name; used only where no case exists yet. */
  cases: readonly CaseCandidate[];
  /** Public records of the notices; `items` get their case ids inside the statement. */
  records: readonly (PublicRecordDraft & { items: { content_key: string; url: string }[] })[];
}

export interface IntakeWritten {
  inserted: Set<string>;
  cases: { id: string; content_key: string; created: boolean }[];
  onboarded: Set<Platform>;
}

/**
 * The whole of intake in ONE statement (data-modifying CTEs, an implicit transaction): notices
 * (repeats skipped by their fingerprint), cases created or joined, items linked to cases, public
 * records with their case ids. Only notices actually inserted count towards cases, items and
 * records. One round trip instead of seven is most of the latency of a single POST, and keeps
 * the database's per-statement overhead out of the batch path.
 */
export async function writeIntake(db: Db, w: IntakeWrite): Promise<IntakeWritten> {
  const items = w.notices.flatMap((n) => n.items.map((i) => ({ notice_id: n.id, ...i })));
  const recordItems = w.records.flatMap((r) => r.items.map((i, pos) => ({ record_id: r.id, pos, ...i })));
  const rows = await db.query<{ k: 'n' | 'c' | 'o'; id: string; content_key: string | null; created: boolean | null }>(
    `WITH n AS (
       INSERT INTO notices (id, submitter_org_id, submitter_kind, category, category_specification, explanation,
                            legal_basis, content_language, urgency, fingerprint, due_at, created_at)
       SELECT t.id, $1, t.kind, t.category, t.specs::text[], t.explanation, t.legal_basis::jsonb, t.lang, t.urgency,
              t.fingerprint, t.due_at, t.created_at
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::timestamptz[], $12::timestamptz[])
            AS t(id, kind, category, specs, explanation, legal_basis, lang, urgency, fingerprint, due_at, created_at)
       ON CONFLICT (submitter_org_id, fingerprint) DO NOTHING
       RETURNING id, submitter_kind, due_at
     ),
     it AS (
       SELECT * FROM unnest($13::uuid[], $14::int[], $15::text[], $16::text[], $17::text[]) AS t(notice_id, position, content_key, url, text)
     ),
     joined AS (
       SELECT it.content_key, count(*)::int AS notices, bool_or(n.submitter_kind = 'authority') AS authority, min(n.due_at) AS due_at
       FROM it JOIN n ON n.id = it.notice_id GROUP BY it.content_key
     ),
     cs AS (
       INSERT INTO cases AS c (id, content_key, platform, canonical_url, category, notice_count, authority_request, due_at, created_at, updated_at)
       SELECT k.id, k.content_key, k.platform, k.canonical_url, k.category, j.notices, j.authority, j.due_at, k.at, k.at
       FROM unnest($18::uuid[], $19::text[], $20::text[], $21::text[], $22::text[], $23::timestamptz[])
            AS k(id, content_key, platform, canonical_url, category, at)
       JOIN joined j ON j.content_key = k.content_key
       -- A fixed order, so concurrent batches lock shared cases in the same order and never deadlock.
       ORDER BY k.content_key
       ON CONFLICT (content_key) DO UPDATE SET
         notice_count = c.notice_count + excluded.notice_count,
         authority_request = c.authority_request OR excluded.authority_request,
         -- A new notice can only bring the deadline forward, and only while an answer is owed.
         due_at = CASE WHEN c.status IN ('received', 'in_review', 'appealed') THEN least(c.due_at, excluded.due_at) ELSE c.due_at END,
         updated_at = excluded.updated_at,
         version = c.version + 1
       RETURNING id, content_key, (xmax = 0) AS created
     ),
     i AS (
       INSERT INTO notice_items (notice_id, position, case_id, url, text)
       SELECT it.notice_id, it.position, cs.id, it.url, it.text FROM it JOIN n ON n.id = it.notice_id JOIN cs ON cs.content_key = it.content_key
     ),
     ri AS (
       SELECT * FROM unnest($33::uuid[], $34::int[], $35::text[], $36::text[]) AS t(record_id, pos, content_key, url)
     ),
     p AS (
       INSERT INTO public_records (id, type, source_id, published_at, category, platform, requester_kind, body, search)
       SELECT r.id, r.type, r.source_id, r.published_at, r.category, r.platform, r.requester_kind,
              r.body::jsonb || jsonb_build_object('items', (
                SELECT coalesce(jsonb_agg(jsonb_build_object('url', ri.url, 'case_id', cs.id) ORDER BY ri.pos), '[]'::jsonb)
                FROM ri JOIN cs ON cs.content_key = ri.content_key WHERE ri.record_id = r.id)),
              to_tsvector('simple', r.search_text)
       FROM unnest($24::uuid[], $25::text[], $26::uuid[], $27::timestamptz[], $28::text[], $29::text[], $30::text[], $31::text[], $32::text[])
            AS r(id, type, source_id, published_at, category, platform, requester_kind, body, search_text)
       JOIN n ON n.id = r.source_id
     )
     SELECT 'n' AS k, id::text AS id, NULL::text AS content_key, NULL::boolean AS created FROM n
     UNION ALL SELECT 'c', id::text, content_key, created FROM cs
     UNION ALL SELECT 'o', platform, NULL, NULL FROM organizations WHERE kind = 'platform'`,
    [
      w.submitterOrgId,
      w.notices.map((n) => n.id),
      w.notices.map((n) => n.submitter_kind),
      w.notices.map((n) => n.category),
      w.notices.map((n) => pgTextArrayLiteral(n.category_specification)),
      w.notices.map((n) => n.explanation),
      w.notices.map((n) => (n.legal_basis ? JSON.stringify(n.legal_basis) : null)),
      w.notices.map((n) => n.content_language),
      w.notices.map((n) => n.urgency),
      w.notices.map((n) => n.fingerprint),
      w.notices.map((n) => n.due_at.toISOString()),
      w.notices.map((n) => n.received_at.toISOString()),
      items.map((i) => i.notice_id),
      items.map((i) => i.position),
      items.map((i) => i.content_key),
      items.map((i) => i.url),
      items.map((i) => i.text),
      w.cases.map((c) => c.id),
      w.cases.map((c) => c.content_key),
      w.cases.map((c) => c.platform),
      w.cases.map((c) => c.canonical_url),
      w.cases.map((c) => c.category),
      w.cases.map((c) => c.at.toISOString()),
      w.records.map((r) => r.id),
      w.records.map((r) => r.type),
      w.records.map((r) => r.source_id),
      w.records.map((r) => r.published_at.toISOString()),
      w.records.map((r) => r.category),
      w.records.map((r) => r.platform),
      w.records.map((r) => r.requester_kind),
      w.records.map((r) => JSON.stringify(r.body)),
      w.records.map((r) => searchText(r)),
      recordItems.map((r) => r.record_id),
      recordItems.map((r) => r.pos),
      recordItems.map((r) => r.content_key),
      recordItems.map((r) => r.url),
    ],
  );
  const out: IntakeWritten = { inserted: new Set(), cases: [], onboarded: new Set() };
  for (const r of rows) {
    if (r.k === 'n') out.inserted.add(r.id);
    else if (r.k === 'c') out.cases.push({ id: r.id, content_key: r.content_key!, created: r.created! });
    else out.onboarded.add(r.id as Platform);
  }
  return out;
}
