import type { LatestDecision } from '../core/notice-outcome.ts';
import type { Db } from '../db/db.ts';

export async function findNoticeIdsByFingerprint(db: Db, submitterOrgId: string, fingerprints: readonly string[]): Promise<Map<string, string>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await db.query<{ id: string; fingerprint: string }>(`SELECT id, fingerprint FROM notices WHERE submitter_org_id = $1 AND fingerprint = ANY($2::text[])`, [
    submitterOrgId,
    fingerprints,
  ]);
  return new Map(rows.map((r) => [r.fingerprint, r.id]));
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
  items: {
    position: number;
    case_id: string;
    url: string;
    text: string | null;
    case_status: string;
    latest_decision: LatestDecision | null;
    /** Attached images (migration 0033), in the order sent. */
    images: { sha256: string; mime: string; bytes: number; width: number; height: number }[];
  }[];
}

/** The case's latest decision and its public record, for the item's outcome (src/core/notice-outcome.ts). */
const LATEST_DECISION = `(SELECT json_build_object('id', d.id, 'outcome', d.outcome, 'created_at', d.created_at,
         'decision_visibility', CASE WHEN jsonb_typeof(d.statement->'decision_visibility') = 'array' THEN d.statement->'decision_visibility' END,
         'decision_account', d.statement->>'decision_account', 'decision_monetary', d.statement->>'decision_monetary',
         'decision_provision', d.statement->>'decision_provision',
         'public_record_id', (SELECT r.id FROM public_records r WHERE r.source_id = d.id AND r.type IN ('statement_of_reasons', 'no_action_decision') LIMIT 1))
       FROM decisions d WHERE d.id = c.last_decision_id)`;

/** An item's images (an index probe on notice_item_images' key: nothing for the many items without). */
const ITEM_IMAGES = `(SELECT coalesce(json_agg(json_build_object('sha256', im.sha256, 'mime', im.mime, 'bytes', im.bytes, 'width', im.width, 'height', im.height)
                                   ORDER BY x.ordinal), '[]'::json)
       FROM notice_item_images x JOIN images im ON im.sha256 = x.sha256 WHERE x.notice_id = i.notice_id AND x.position = i.position)`;

const NOTICE_SELECT = `
  SELECT n.id, n.submitter_org_id, n.submitter_kind, o.name AS submitter_name, n.category, n.category_specification,
         n.explanation, n.legal_basis, n.content_language, n.urgency, n.due_at, n.created_at,
         (SELECT coalesce(json_agg(json_build_object('position', i.position, 'case_id', i.case_id, 'url', i.url, 'text', i.text, 'case_status', c.status,
                                                     'latest_decision', ${LATEST_DECISION}, 'images', ${ITEM_IMAGES})
                                   ORDER BY i.position), '[]'::json)::text
            FROM notice_items i JOIN cases c ON c.id = i.case_id WHERE i.notice_id = n.id) AS items
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
