import type { EmailPurpose } from '../core/email/templates.ts';
import type { OrgKind } from '../core/organization.ts';
import type { Db } from '../db/db.ts';

export interface Contact {
  email: string;
  purpose: EmailPurpose;
}

export async function listContacts(db: Db, orgId: string): Promise<Contact[]> {
  return db.query<Contact>('SELECT email, purpose FROM organization_contacts WHERE org_id = $1 ORDER BY purpose, email', [orgId]);
}

/** Replaces an organization's contacts; call inside a transaction. */
export async function replaceContacts(db: Db, orgId: string, contacts: readonly Contact[], at: Date): Promise<void> {
  await db.query('DELETE FROM organization_contacts WHERE org_id = $1', [orgId]);
  if (contacts.length === 0) return;
  await db.query(
    `INSERT INTO organization_contacts (org_id, purpose, email, created_at)
     SELECT $1::uuid, t.purpose, t.email, $3::timestamptz FROM jsonb_to_recordset($2::text::jsonb) AS t(purpose text, email text)`,
    [orgId, JSON.stringify(contacts), at],
  );
}

/** The addresses of these organizations for a purpose, one row per (organization, address); disabled organizations get none. */
export async function contactsOf(db: Db, orgIds: readonly string[], purpose: EmailPurpose): Promise<{ org_id: string; email: string }[]> {
  if (orgIds.length === 0) return [];
  return db.query(
    `SELECT c.org_id, c.email FROM organization_contacts c JOIN organizations o ON o.id = c.org_id
     WHERE c.org_id = ANY($1::uuid[]) AND c.purpose = $2 AND o.disabled_at IS NULL ORDER BY c.org_id, c.email`,
    [orgIds, purpose],
  );
}

/** Who a service's mail goes to: the organization answering for it, or else the registry's contact address. */
export async function serviceRecipient(db: Db, service: string): Promise<{ org_id: string | null; contact_email: string | null } | null> {
  const [row] = await db.query<{ org_id: string | null; contact_email: string | null }>(`SELECT organization_id AS org_id, contact_email FROM services WHERE slug = $1`, [service]);
  return row ?? null;
}

/** A case's canonical URL: what a registry contact, who has no account, is told of. */
export async function caseCanonicalUrl(db: Db, caseId: string): Promise<string | null> {
  const [row] = await db.query<{ canonical_url: string }>(`SELECT canonical_url FROM cases WHERE id = $1`, [caseId]);
  return row?.canonical_url ?? null;
}

/** The organizations whose notices are on a case: the requesters. */
export async function caseRequesters(db: Db, caseId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT DISTINCT n.submitter_org_id AS id FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE i.case_id = $1 ORDER BY 1`, [
    caseId,
  ]);
  return rows.map((r) => r.id);
}

/** A notice's submitter, and whether the notice opened the case (its first notice). */
export async function noticeOnCase(db: Db, noticeId: string, caseId: string): Promise<{ kind: OrgKind; name: string; first: boolean } | null> {
  const [row] = await db.query<{ kind: OrgKind; name: string; first: boolean }>(
    `SELECT o.kind, o.name, (SELECT min(i.notice_id::text) FROM notice_items i WHERE i.case_id = $2::uuid) = n.id::text AS first
     FROM notices n JOIN organizations o ON o.id = n.submitter_org_id WHERE n.id = $1::uuid`,
    [noticeId, caseId],
  );
  return row ?? null;
}

/** The submitter of the first notice on a case. */
export async function firstSubmitter(db: Db, caseId: string): Promise<{ kind: OrgKind; name: string } | null> {
  const [row] = await db.query<{ kind: OrgKind; name: string }>(
    `SELECT o.kind, o.name FROM notice_items i JOIN notices n ON n.id = i.notice_id JOIN organizations o ON o.id = n.submitter_org_id
     WHERE i.case_id = $1 ORDER BY n.created_at, n.id LIMIT 1`,
    [caseId],
  );
  return row ?? null;
}

export async function organizationName(db: Db, orgId: string): Promise<{ name: string; kind: OrgKind } | null> {
  const [row] = await db.query<{ name: string; kind: OrgKind }>('SELECT name, kind FROM organizations WHERE id = $1', [orgId]);
  return row ?? null;
}

/** A decision as its e-mail tells it. */
export async function decisionSummary(
  db: Db,
  decisionId: string,
): Promise<{ case_id: string; outcome: 'restriction' | 'no_action'; visibility: string[]; created_at: Date; platform: string } | null> {
  const [row] = await db.query<{ case_id: string; outcome: 'restriction' | 'no_action'; visibility: string[] | null; created_at: Date; platform: string }>(
    `SELECT d.case_id, d.outcome, ARRAY(SELECT jsonb_array_elements_text(coalesce(d.statement->'decision_visibility', '[]'::jsonb))) AS visibility, d.created_at, c.platform
     FROM decisions d JOIN cases c ON c.id = d.case_id WHERE d.id = $1`,
    [decisionId],
  );
  return row ? { ...row, visibility: row.visibility ?? [] } : null;
}
