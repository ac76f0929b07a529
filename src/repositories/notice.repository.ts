import type { Db } from '../db/db.ts';
import type { NoticeDraft } from '../core/notice.ts';

/** Inserts notices in one statement; returns the ids actually inserted (repeats are skipped). */
export async function insertNotices(db: Db, submitterOrgId: string, notices: readonly NoticeDraft[]): Promise<Set<string>> {
  if (notices.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `INSERT INTO notices (id, submitter_org_id, submitter_kind, category, category_specification, explanation,
                          legal_basis, content_language, urgency, fingerprint, due_at, created_at)
     SELECT t.id, $1, t.kind, t.category, t.specs::text[], t.explanation, t.legal_basis::jsonb, t.lang, t.urgency,
            t.fingerprint, t.due_at, t.created_at
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::timestamptz[], $12::timestamptz[])
          AS t(id, kind, category, specs, explanation, legal_basis, lang, urgency, fingerprint, due_at, created_at)
     ON CONFLICT (submitter_org_id, fingerprint) DO NOTHING
     RETURNING id`,
    [
      submitterOrgId,
      notices.map((n) => n.id),
      notices.map((n) => n.submitter_kind),
      notices.map((n) => n.category),
      // An array of arrays of different lengths is not a PostgreSQL array, so each travels as a literal.
      notices.map((n) => pgTextArrayLiteral(n.category_specification)),
      notices.map((n) => n.explanation),
      notices.map((n) => (n.legal_basis ? JSON.stringify(n.legal_basis) : null)),
      notices.map((n) => n.content_language),
      notices.map((n) => n.urgency),
      notices.map((n) => n.fingerprint),
      notices.map((n) => n.due_at.toISOString()),
      notices.map((n) => n.received_at.toISOString()),
    ],
  );
  return new Set(rows.map((r) => r.id));
}

function pgTextArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export async function findNoticeIdsByFingerprint(db: Db, submitterOrgId: string, fingerprints: readonly string[]): Promise<Map<string, string>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await db.query<{ id: string; fingerprint: string }>(
    `SELECT id, fingerprint FROM notices WHERE submitter_org_id = $1 AND fingerprint = ANY($2::text[])`,
    [submitterOrgId, fingerprints],
  );
  return new Map(rows.map((r) => [r.fingerprint, r.id]));
}

export interface NoticeItemRow {
  notice_id: string;
  position: number;
  case_id: string;
  url: string;
  text: string | null;
}

export async function insertNoticeItems(db: Db, items: readonly NoticeItemRow[]): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO notice_items (notice_id, position, case_id, url, text)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[])`,
    [items.map((i) => i.notice_id), items.map((i) => i.position), items.map((i) => i.case_id), items.map((i) => i.url), items.map((i) => i.text)],
  );
}

export interface NoticeRow {
  id: string;
  submitter_org_id: string;
  submitter_kind: string;
  submitter_name: string;
  category: string;
  category_specification: string[];
  explanation: string;
  legal_basis: Record<string, string> | null;
  content_language: string | null;
  urgency: string;
  due_at: Date;
  created_at: Date;
  items: { position: number; case_id: string; url: string; text: string | null }[];
}

const NOTICE_SELECT = `
  SELECT n.id, n.submitter_org_id, n.submitter_kind, o.name AS submitter_name, n.category, n.category_specification,
         n.explanation, n.legal_basis, n.content_language, n.urgency, n.due_at, n.created_at,
         (SELECT coalesce(json_agg(json_build_object('position', i.position, 'case_id', i.case_id, 'url', i.url, 'text', i.text)
                                   ORDER BY i.position), '[]'::json)::text
            FROM notice_items i WHERE i.notice_id = n.id) AS items
  FROM notices n JOIN organizations o ON o.id = n.submitter_org_id`;

function parseItems(rows: (Omit<NoticeRow, 'items'> & { items: string })[]): NoticeRow[] {
  return rows.map((r) => ({ ...r, items: JSON.parse(r.items) as NoticeRow['items'] }));
}

export async function findNoticeOfSubmitter(db: Db, submitterOrgId: string, id: string): Promise<NoticeRow | null> {
  const rows = await db.query<Omit<NoticeRow, 'items'> & { items: string }>(`${NOTICE_SELECT} WHERE n.id = $1 AND n.submitter_org_id = $2`, [id, submitterOrgId]);
  return parseItems(rows)[0] ?? null;
}

export async function listNoticesOfSubmitter(db: Db, submitterOrgId: string, afterId: string | null, limit: number): Promise<NoticeRow[]> {
  const rows = await db.query<Omit<NoticeRow, 'items'> & { items: string }>(
    `${NOTICE_SELECT} WHERE n.submitter_org_id = $1 AND ($2::uuid IS NULL OR n.id < $2::uuid) ORDER BY n.id DESC LIMIT $3`,
    [submitterOrgId, afterId, limit],
  );
  return parseItems(rows);
}

/** Notices that joined a case; with `submitterOrgId`, only that submitter's own. */
export async function listNoticesOfCase(db: Db, caseId: string, submitterOrgId: string | null): Promise<NoticeRow[]> {
  const rows = await db.query<Omit<NoticeRow, 'items'> & { items: string }>(
    `${NOTICE_SELECT}
     WHERE n.id IN (SELECT notice_id FROM notice_items WHERE case_id = $1) AND ($2::uuid IS NULL OR n.submitter_org_id = $2::uuid)
     ORDER BY n.id`,
    [caseId, submitterOrgId],
  );
  return parseItems(rows);
}
