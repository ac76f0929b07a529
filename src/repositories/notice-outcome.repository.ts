import type { Db } from '../db/db.ts';

export interface AnsweredNotice {
  id: string;
  submitter_org_id: string;
}

/** The notices on a case that are not withdrawn: those a decision on it answers. */
export async function activeNoticesOfCase(db: Db, caseId: string): Promise<AnsweredNotice[]> {
  return db.query<AnsweredNotice>(
    `SELECT n.id, n.submitter_org_id FROM notices n
     WHERE n.id IN (SELECT notice_id FROM notice_items WHERE case_id = $1)
       AND NOT EXISTS (SELECT 1 FROM notice_withdrawals w WHERE w.notice_id = n.id)
     ORDER BY n.id`,
    [caseId],
  );
}

/**
 * The contact addresses left with the public reports of a notice (several senders of the same
 * report share one notice), each once. Read only to e-mail the outcome; no route shows them.
 */
export async function reportContactsOfNotice(db: Db, noticeId: string): Promise<{ email: string }[]> {
  return db.query<{ email: string }>(
    `SELECT min(contact_email) AS email FROM public_reports
     WHERE notice_id = $1 AND contact_email IS NOT NULL AND contact_email <> ''
     GROUP BY lower(contact_email) ORDER BY 1`,
    [noticeId],
  );
}
