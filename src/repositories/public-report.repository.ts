import type { DecisionOutcome } from '../core/case-state.ts';
import type { ReportCaseRow } from '../core/public-report-status.ts';
import type { Db } from '../db/db.ts';

/** The challenge-signing secret: `candidate` is stored when there is none yet; the stored one is returned. */
export async function ensureReportSecret(db: Db, candidate: Buffer): Promise<Buffer> {
  await db.query(`INSERT INTO public_report_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [candidate]);
  const [row] = await db.query<{ secret: Uint8Array }>(`SELECT secret FROM public_report_secret WHERE id = 1`);
  return Buffer.from(row!.secret);
}

/** Marks a challenge used; false when it already was (a replay). Expired ones are dropped on the way. */
export async function spendChallenge(db: Db, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.query(`DELETE FROM public_report_spent_challenges WHERE expires_at < $1`, [now]);
  const rows = await db.query(`INSERT INTO public_report_spent_challenges (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING RETURNING nonce`, [nonce, expiresAt]);
  return rows.length === 1;
}

export interface PublicReportRow {
  id: string;
  notice_id: string;
  code_hash: Buffer;
  choice: string;
  contact_email: string | null;
  evidence: string | null;
  created_at: Date;
}

export async function insertPublicReport(db: Db, r: PublicReportRow): Promise<void> {
  await db.query(`INSERT INTO public_reports (id, notice_id, code_hash, choice, contact_email, evidence, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    r.id,
    r.notice_id,
    r.code_hash,
    r.choice,
    r.contact_email,
    r.evidence,
    r.created_at,
  ]);
}

/** A report by its code's hash: what its status page needs, nothing of the reporter. */
export async function findPublicReportByCode(db: Db, codeHash: Buffer): Promise<{ id: string; notice_id: string; choice: string; created_at: Date } | null> {
  const [row] = await db.query<{ id: string; notice_id: string; choice: string; created_at: Date }>(
    `SELECT id, notice_id, choice, created_at FROM public_reports WHERE code_hash = $1`,
    [codeHash],
  );
  return row ?? null;
}

/**
 * Where the case of each URL of a notice stands (the surviving case when one was merged): its
 * status, deadline, latest decision and that decision's public record, when it last went into
 * review, and whether an organization answers for its service.
 */
export async function findReportCases(db: Db, noticeId: string): Promise<ReportCaseRow[]> {
  return db.query<ReportCaseRow>(
    `SELECT i.position, c.platform, c.canonical_url, c.status, c.due_at, c.decided_at, c.last_outcome,
            (SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id AND e.data->>'to' IN ('in_review', 'appealed')) AS review_at,
            (SELECT r.id FROM public_records r WHERE r.source_id = c.last_decision_id AND r.type IN ('statement_of_reasons', 'no_action_decision') LIMIT 1) AS public_record_id,
            EXISTS (SELECT 1 FROM services s WHERE s.slug = c.platform AND s.organization_id IS NOT NULL) AS platform_onboarded
     FROM notice_items i
     JOIN cases k ON k.id = i.case_id
     JOIN cases c ON c.id = coalesce(k.merged_into, k.id)
     WHERE i.notice_id = $1
     ORDER BY i.position`,
    [noticeId],
  );
}

export interface KnownContent {
  last_outcome: DecisionOutcome | null;
  decided_at: Date | null;
  public_record_id: string | null;
  public_record_type: string | null;
}

/** The case holding a content key, if any (the surviving one when merged), and its latest published decision. */
export async function findKnownContent(db: Db, contentKey: string): Promise<KnownContent | null> {
  const [row] = await db.query<KnownContent>(
    `SELECT c.last_outcome, c.decided_at, r.id AS public_record_id, r.type AS public_record_type
     FROM cases k
     JOIN cases c ON c.id = coalesce(k.merged_into, k.id)
     LEFT JOIN LATERAL (SELECT r.id, r.type FROM public_records r
                        WHERE r.source_id = c.last_decision_id AND r.type IN ('statement_of_reasons', 'no_action_decision') LIMIT 1) r ON true
     WHERE k.content_key = $1`,
    [contentKey],
  );
  return row ?? null;
}
