import type { Db } from '../db/db.ts';

/**
 * Each statement clears at most `batch` rows (`SKIP LOCKED`: rows another worker is clearing, or
 * a use case holds, wait for the next round), so a backlog is cleared in short transactions; the
 * worker calls again while rows were cleared.
 */

/**
 * A public report's contact and evidence, once its purpose ended: created before the cutoff and no
 * case of its notice still owes an answer (`open`: the statuses in which one is owed).
 */
export async function purgePublicReportContacts(db: Db, args: { cutoff: Date; open: readonly string[]; at: Date; batch: number }): Promise<number> {
  const rows = await db.query(
    `UPDATE public_reports SET contact_email = NULL, evidence = NULL, personal_data_purged_at = $3
     WHERE id IN (
       SELECT r.id FROM public_reports r
       WHERE r.personal_data_purged_at IS NULL AND r.created_at < $1
         AND (r.contact_email IS NOT NULL OR r.evidence IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM notice_items i JOIN cases c ON c.id = i.case_id WHERE i.notice_id = r.notice_id AND c.status = ANY($2::text[]))
       LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [args.cutoff, args.open, args.at, args.batch],
  );
  return rows.length;
}

/** An uploader's name, e-mail and statement, once the counter-notice ended before the cutoff. */
export async function purgeCounterNoticeContacts(db: Db, args: { cutoff: Date; at: Date; batch: number }): Promise<number> {
  const rows = await db.query(
    `UPDATE counter_notices SET contact_name = '', contact_email = '', statement_text = '', personal_data_purged_at = $2
     WHERE id IN (
       SELECT id FROM counter_notices
       WHERE personal_data_purged_at IS NULL AND resolved_at IS NOT NULL AND resolved_at < $1
       LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [args.cutoff, args.at, args.batch],
  );
  return rows.length;
}

/** The payloads of e-mails sent before the cutoff, emptied (they carry recipients' addresses). */
export async function purgeSentEmailPayloads(db: Db, args: { cutoff: Date; kinds: readonly string[]; batch: number }): Promise<number> {
  const rows = await db.query(
    `UPDATE jobs SET payload = '{}'::jsonb
     WHERE id IN (
       SELECT id FROM jobs
       WHERE status = 'done' AND kind = ANY($2::text[]) AND finished_at < $1 AND payload <> '{}'::jsonb
       LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [args.cutoff, args.kinds, args.batch],
  );
  return rows.length;
}
