import type { CaseStatus } from '../core/case-state.ts';
import type { DigestCounts } from '../core/email/templates.ts';
import type { OrgKind } from '../core/organization.ts';
import type { Db } from '../db/db.ts';

/**
 * Claims today's digest for every organization with a digest address that has none yet for `day`,
 * and returns them. The primary key (org_id, day) makes planning twice, or in two workers, a no-op.
 */
export async function claimDigests(db: Db, day: string, at: Date): Promise<{ org_id: string; name: string; kind: OrgKind; services: string[] }[]> {
  return db.query(
    `WITH claimed AS (
       INSERT INTO email_digests (org_id, day, planned_at)
       SELECT DISTINCT c.org_id, $1::date, $2::timestamptz FROM organization_contacts c JOIN organizations o ON o.id = c.org_id
       WHERE c.purpose = 'digest' AND o.disabled_at IS NULL
       ORDER BY 1
       ON CONFLICT (org_id, day) DO NOTHING
       RETURNING org_id)
     SELECT o.id AS org_id, o.name, o.kind, ARRAY(SELECT sv.slug FROM services sv WHERE sv.organization_id = o.id ORDER BY sv.slug) AS services FROM claimed JOIN organizations o ON o.id = claimed.org_id ORDER BY o.id`,
    [day, at],
  );
}

/**
 * An organization's cases in figures: a platform's own cases, or the cases a submitter's notices
 * are on. Due soon is read from the sweep's marks (escalated for the current deadline, not yet past).
 */
export async function digestCounts(
  db: Db,
  org: { org_id: string; kind: OrgKind; services: readonly string[] },
  open: readonly CaseStatus[],
  now: Date,
  since: Date,
): Promise<DigestCounts> {
  // Both parameters are always named, so their types are known whichever scope applies.
  const scope =
    org.kind === 'platform'
      ? `SELECT id FROM cases WHERE platform = ANY($5::text[]) AND $4::uuid IS NOT NULL`
      : `SELECT DISTINCT i.case_id AS id FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.submitter_org_id = $4::uuid AND $5::text[] IS NOT NULL`;
  const [row] = await db.query<DigestCounts>(
    `WITH s AS (${scope})
     SELECT count(*) FILTER (WHERE c.status = ANY($1::text[]))::int AS open,
            count(*) FILTER (WHERE c.status = ANY($1::text[]) AND c.due_at >= $2 AND c.due_soon_escalated_for = c.due_at)::int AS due_soon,
            count(*) FILTER (WHERE c.status = ANY($1::text[]) AND c.due_at < $2)::int AS overdue,
            count(*) FILTER (WHERE c.created_at >= $3)::int AS new_cases,
            (SELECT count(*) FROM decisions d WHERE d.case_id IN (SELECT id FROM s) AND d.created_at >= $3)::int AS decisions
     FROM cases c WHERE c.id IN (SELECT id FROM s)`,
    [open, now, since, org.org_id, org.services],
  );
  return row!;
}
