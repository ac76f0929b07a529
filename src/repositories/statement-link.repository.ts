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

export interface NewStatementLink {
  id: string;
  decision_id: string;
  case_id: string;
  channel: 'api' | 'email';
  /** Null for an e-mail link until its e-mail job draws the token. */
  token_sha256: Buffer | null;
  created_at: Date;
  language: 'vi' | 'en';
  recipient_email: string | null;
}

export async function insertStatementLink(db: Db, link: NewStatementLink): Promise<void> {
  await db.query(
    `INSERT INTO statement_links (id, decision_id, case_id, channel, token_sha256, created_at, language, recipient_email, email_status)
     VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6, $7, $8, CASE WHEN $4 = 'email' THEN 'pending' END)`,
    [link.id, link.decision_id, link.case_id, link.channel, link.token_sha256 ? link.token_sha256.toString('hex') : null, link.created_at, link.language, link.recipient_email],
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
      channel: 'api' | 'email';
      language: 'vi' | 'en';
      platform_name: string;
      canonical_url: string;
      public_record_log_index: number | null;
    })
  | null
> {
  const rows = await db.query<never>(
    `SELECT l.id, l.decision_id, l.case_id, l.created_at, l.first_opened_at, l.last_opened_at, l.opens, l.revoked_at, l.channel, l.language,
            d.platform_org_id, d.outcome, d.statement, d.created_at AS decided_at, d.decided_by_person_id, d.decided_by_key_id,
            c.platform, c.category, c.status AS case_status, c.canonical_url, o.name AS platform_name,
            p.id AS public_record_id, (SELECT e.idx FROM log_entries e WHERE e.record_id = p.id)::float8 AS public_record_log_index
     FROM statement_links l JOIN decisions d ON d.id = l.decision_id JOIN cases c ON c.id = l.case_id
       JOIN organizations o ON o.id = d.platform_org_id
       LEFT JOIN LATERAL (SELECT r.id FROM public_records r WHERE r.type IN ('statement_of_reasons', 'no_action_decision') AND r.source_id = d.id LIMIT 1) p ON true
     WHERE l.token_sha256 = decode($1, 'hex') AND l.revoked_at IS NULL`,
    [tokenSha256.toString('hex')],
  );
  return rows[0] ?? null;
}

/** Counts one opening; `first` on the link's first. */
export async function recordStatementOpening(db: Db, id: string, at: Date): Promise<{ first: boolean }> {
  const rows = await db.query<{ opens: number }>(
    `UPDATE statement_links SET opens = opens + 1, first_opened_at = coalesce(first_opened_at, $2), last_opened_at = $2 WHERE id = $1 RETURNING opens`,
    [id, at],
  );
  return { first: rows[0]?.opens === 1 };
}

/** A decision as its links need it; locked, so a re-issue and a revocation of one decision take turns. */
export async function lockDecisionForLinks(db: Db, decisionId: string): Promise<{ id: string; case_id: string; platform_org_id: string } | null> {
  const rows = await db.query<{ id: string; case_id: string; platform_org_id: string }>(`SELECT id, case_id, platform_org_id FROM decisions WHERE id = $1 FOR UPDATE`, [
    decisionId,
  ]);
  return rows[0] ?? null;
}

/** Revokes every live link of a decision (a pending e-mail is not sent: its address goes too). */
export async function revokeStatementLinks(db: Db, decisionId: string, by: { org: string; person: string | null; key: string | null }, reason: string, at: Date): Promise<number> {
  const rows = await db.query(
    `UPDATE statement_links SET revoked_at = $2, revoked_by_org = $3, revoked_by_person = $4, revoked_by_key = $5, revoke_reason = $6, recipient_email = NULL,
            email_status = CASE WHEN email_status = 'pending' THEN 'not_sent' ELSE email_status END
     WHERE decision_id = $1 AND revoked_at IS NULL RETURNING id`,
    [decisionId, at, by.org, by.person, by.key, reason],
  );
  return rows.length;
}

export interface StatementLinkSummary {
  id: string;
  decision_id: string;
  channel: 'api' | 'email';
  language: 'vi' | 'en';
  created_at: Date;
  email_status: 'pending' | 'sent' | 'not_sent' | null;
  email_sent_at: Date | null;
  first_opened_at: Date | null;
  last_opened_at: Date | null;
  opens: number;
  revoked_at: Date | null;
}

/** The links of a case's decisions, for the platform's view of the case: never a token, never an address. */
export async function listStatementLinksOfCase(db: Db, caseId: string): Promise<StatementLinkSummary[]> {
  return db.query<StatementLinkSummary>(
    `SELECT id, decision_id, channel, language, created_at, email_status, email_sent_at, first_opened_at, last_opened_at, opens, revoked_at
     FROM statement_links WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
}

/** An e-mail link still to be sent, with what its e-mail says. */
export async function findPendingStatementEmail(
  db: Db,
  id: string,
): Promise<{ id: string; case_id: string; recipient_email: string; language: 'vi' | 'en'; platform: string; platform_name: string; decided_at: Date } | null> {
  const rows = await db.query<never>(
    `SELECT l.id, l.case_id, l.recipient_email, l.language, c.platform, o.name AS platform_name, d.created_at AS decided_at
     FROM statement_links l JOIN decisions d ON d.id = l.decision_id JOIN cases c ON c.id = l.case_id JOIN organizations o ON o.id = d.platform_org_id
     WHERE l.id = $1 AND l.channel = 'email' AND l.email_status = 'pending' AND l.recipient_email IS NOT NULL AND l.revoked_at IS NULL`,
    [id],
  );
  return rows[0] ?? null;
}

/** The token the e-mail is about to carry; a retried job draws a new one, so only the last e-mail sent opens the page. */
export async function setStatementEmailToken(db: Db, id: string, tokenSha256: Buffer): Promise<boolean> {
  const rows = await db.query(`UPDATE statement_links SET token_sha256 = decode($2, 'hex') WHERE id = $1 AND email_status = 'pending' AND revoked_at IS NULL RETURNING id`, [
    id,
    tokenSha256.toString('hex'),
  ]);
  return rows.length === 1;
}

/** Sent, or not to be sent: either way the address is forgotten. */
export async function finishStatementEmail(db: Db, id: string, status: 'sent' | 'not_sent', at: Date): Promise<void> {
  await db.query(
    `UPDATE statement_links SET recipient_email = NULL, email_status = $2, email_sent_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz END
     WHERE id = $1 AND email_status = 'pending'`,
    [id, status, at],
  );
}
