import type { CounterNoticeStatus } from '../core/counter-notice.ts';
import type { Db } from '../db/db.ts';

export interface CounterNoticeRow {
  id: string;
  case_id: string;
  decision_id: string;
  statement_link_id: string;
  contact_name: string;
  contact_email: string;
  statement_text: string;
  /** Set when the retention sweep cleared the uploader's name, e-mail and statement. */
  personal_data_purged_at?: Date | null;
  status: CounterNoticeStatus;
  created_at: Date;
  wait_days: number;
  wait_until: Date;
  court_filing_at: Date | null;
  court_filing_filed_at: Date | null;
  court_filing_reference: string | null;
  court_filing_court: string | null;
  court_filing_org_id: string | null;
  resolved_at: Date | null;
  public_record_id: string;
  outcome_record_id: string | null;
}

const COLUMNS = `id, case_id, decision_id, statement_link_id, contact_name, contact_email, statement_text, status, created_at, wait_days, wait_until,
  court_filing_at, court_filing_filed_at, court_filing_reference, court_filing_court, court_filing_org_id, resolved_at, public_record_id, outcome_record_id, personal_data_purged_at`;

/** Inserts unless the decision has one already (one per decision); false when it had. */
export async function insertCounterNotice(
  db: Db,
  row: Pick<
    CounterNoticeRow,
    'id' | 'case_id' | 'decision_id' | 'statement_link_id' | 'contact_name' | 'contact_email' | 'statement_text' | 'created_at' | 'wait_days' | 'wait_until' | 'public_record_id'
  >,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO counter_notices (id, case_id, decision_id, statement_link_id, contact_name, contact_email, statement_text, consent, status, created_at, wait_days, wait_until, public_record_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, true, 'forwarded', $8, $9, $10, $11)
     ON CONFLICT (decision_id) DO NOTHING RETURNING id`,
    [
      row.id,
      row.case_id,
      row.decision_id,
      row.statement_link_id,
      row.contact_name,
      row.contact_email,
      row.statement_text,
      row.created_at,
      row.wait_days,
      row.wait_until,
      row.public_record_id,
    ],
  );
  return rows.length === 1;
}

export async function findCounterNotice(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<CounterNoticeRow | null> {
  const rows = await db.query<CounterNoticeRow>(`SELECT ${COLUMNS} FROM counter_notices WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function findCounterNoticeOfDecision(db: Db, decisionId: string): Promise<CounterNoticeRow | null> {
  const rows = await db.query<CounterNoticeRow>(`SELECT ${COLUMNS} FROM counter_notices WHERE decision_id = $1`, [decisionId]);
  return rows[0] ?? null;
}

export async function listCounterNoticesOfCase(db: Db, caseId: string): Promise<CounterNoticeRow[]> {
  return db.query<CounterNoticeRow>(`SELECT ${COLUMNS} FROM counter_notices WHERE case_id = $1 ORDER BY id`, [caseId]);
}

/** What the eligibility rule needs of a case: its latest decision and its rights holders with a notice on it. */
export async function counterNoticeCaseFacts(db: Db, caseId: string): Promise<{ latest_decision_id: string | null; rights_holder_org_ids: string[] }> {
  const [row] = await db.query<{ latest_decision_id: string | null; rights_holder_org_ids: string[] | null }>(
    `SELECT (SELECT d.id FROM decisions d WHERE d.case_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 1) AS latest_decision_id,
            (SELECT array_agg(DISTINCT n.submitter_org_id ORDER BY n.submitter_org_id) FROM notice_items i JOIN notices n ON n.id = i.notice_id
               JOIN organizations o ON o.id = n.submitter_org_id WHERE i.case_id = $1 AND o.kind = 'rights_holder') AS rights_holder_org_ids`,
    [caseId],
  );
  return { latest_decision_id: row?.latest_decision_id ?? null, rights_holder_org_ids: row?.rights_holder_org_ids ?? [] };
}

export async function recordCourtFiling(
  db: Db,
  id: string,
  f: { at: Date; filed_at: Date; reference: string; court: string; org_id: string; person_id: string | null; key_id: string | null; outcome_record_id: string },
): Promise<void> {
  await db.query(
    `UPDATE counter_notices SET status = 'court_action', resolved_at = $2, court_filing_at = $2, court_filing_filed_at = $3, court_filing_reference = $4,
       court_filing_court = $5, court_filing_org_id = $6, court_filing_person_id = $7, court_filing_key_id = $8, outcome_record_id = $9
     WHERE id = $1 AND status = 'forwarded'`,
    [id, f.at, f.filed_at, f.reference, f.court, f.org_id, f.person_id, f.key_id, f.outcome_record_id],
  );
}

/**
 * Counter-notices whose waiting period ended with no court filing, locked with their cases for
 * the caller's transaction. SKIP LOCKED: workers sweeping at once take different rows, a row
 * another worker resolved is gone from the next look (status no longer `forwarded`), and the
 * sweep never waits, so it cannot deadlock with a court filing (which locks the case, then the
 * counter-notice): a row busy now is taken by the next sweep.
 */
export async function claimDueCounterNotices(
  db: Db,
  now: Date,
  limit: number,
): Promise<(Pick<CounterNoticeRow, 'id' | 'case_id' | 'decision_id' | 'wait_until' | 'public_record_id'> & { platform: string; category: string })[]> {
  return db.query(
    `SELECT k.id, k.case_id, k.decision_id, k.wait_until, k.public_record_id, c.platform, c.category
     FROM counter_notices k JOIN cases c ON c.id = k.case_id
     WHERE k.status = 'forwarded' AND k.wait_until <= $1
     ORDER BY k.wait_until, k.id LIMIT $2 FOR UPDATE OF k, c SKIP LOCKED`,
    [now, limit],
  );
}

export async function markContentRestored(db: Db, id: string, at: Date, outcomeRecordId: string): Promise<void> {
  await db.query(`UPDATE counter_notices SET status = 'content_restored', resolved_at = $2, outcome_record_id = $3 WHERE id = $1 AND status = 'forwarded'`, [
    id,
    at,
    outcomeRecordId,
  ]);
}

/** The counter-notice as the e-mail to the rights holders needs it (planned in the dispatch transaction). */
export async function counterNoticeForEmail(
  db: Db,
  id: string,
): Promise<{ case_id: string; platform: string; contact_name: string; contact_email: string; created_at: Date; wait_until: Date } | null> {
  const rows = await db.query<never>(
    `SELECT k.case_id, c.platform, k.contact_name, k.contact_email, k.created_at, k.wait_until FROM counter_notices k JOIN cases c ON c.id = k.case_id WHERE k.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
