import type { Db } from '../db/db.ts';

export interface StatementLinkRow {
  id: string;
  decision_id: string;
  case_id: string;
  created_at: Date;
  first_opened_at: Date | null;
  last_opened_at: Date | null;
  opens: number;
  revoked_at: Date | null;
}

export async function insertStatementLink(
  db: Db,
  link: { id: string; decision_id: string; case_id: string; token_sha256: Buffer; created_at: Date; recipient_email: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO statement_links (id, decision_id, case_id, token_sha256, created_at, recipient_email) VALUES ($1, $2, $3, decode($4, 'hex'), $5, $6)`,
    [link.id, link.decision_id, link.case_id, link.token_sha256.toString('hex'), link.created_at, link.recipient_email],
  );
}

/** The live link with this token digest, with what the statement page needs of its decision. */
export async function findLiveStatementLink(
  db: Db,
  tokenSha256: Buffer,
): Promise<
  | (StatementLinkRow & {
      platform_org_id: string;
      outcome: 'restriction' | 'no_action';
      statement: Record<string, unknown>;
      decided_at: Date;
      decided_by_person_id: string | null;
      decided_by_key_id: string | null;
      platform: string;
      category: string;
      case_status: string;
      public_record_id: string | null;
    })
  | null
> {
  const rows = await db.query<never>(
    `SELECT l.id, l.decision_id, l.case_id, l.created_at, l.first_opened_at, l.last_opened_at, l.opens, l.revoked_at,
            d.platform_org_id, d.outcome, d.statement, d.created_at AS decided_at, d.decided_by_person_id, d.decided_by_key_id,
            c.platform, c.category, c.status AS case_status,
            (SELECT p.id FROM public_records p WHERE p.type IN ('statement_of_reasons', 'no_action_decision') AND p.source_id = d.id LIMIT 1) AS public_record_id
     FROM statement_links l JOIN decisions d ON d.id = l.decision_id JOIN cases c ON c.id = l.case_id
     WHERE l.token_sha256 = decode($1, 'hex') AND l.revoked_at IS NULL`,
    [tokenSha256.toString('hex')],
  );
  return rows[0] ?? null;
}
