import type { Actor } from '../core/organization.ts';
import type { Db } from '../db/db.ts';
import { listAppealsOfCase, type AppealRow } from '../repositories/appeal.repository.ts';

/**
 * A case's appeals as its viewer may see them. The platform decides them, so it reads them all,
 * with what each appellant wrote (the affected user's text may hold personal data: it is shown
 * here and nowhere else). A submitter sees its own appeals only; never the affected user's.
 */
export async function appealsForViewer(db: Db, caseId: string, actor: Actor) {
  const rows = await listAppealsOfCase(db, caseId);
  const isPlatform = actor.kind === 'platform';
  return rows
    .filter((a) => isPlatform || a.appellant_org_id === actor.orgId)
    .map((a) => ({
      id: a.id,
      decision_id: a.decision_id,
      appellant: a.appellant,
      appellant_org: a.appellant_org_id ? { id: a.appellant_org_id, name: a.appellant_org_name ?? '' } : null,
      text: a.text,
      urls: a.urls,
      created_at: a.created_at.toISOString(),
      due_at: a.due_at.toISOString(),
      // Whom the platform gave the appeal to is its own business.
      ...(isPlatform ? { assignee: a.assigned_person_id ? { id: a.assigned_person_id, display_name: a.assignee_name ?? '' } : null } : {}),
      status: a.status,
      outcome: a.outcome,
      outcome_decision_id: a.outcome_decision_id,
      outcome_record_id: a.outcome_record_id,
      decided_at: a.decided_at ? a.decided_at.toISOString() : null,
    }));
}

/** What the affected user sees of an appeal made through their link: its course, never anyone's name nor text. */
export function presentLinkAppeal(a: AppealRow & { outcome_record_id?: string | null }) {
  return {
    id: a.id,
    status: a.status,
    created_at: a.created_at.toISOString(),
    due_at: a.due_at.toISOString(),
    outcome: a.outcome,
    decided_at: a.decided_at ? a.decided_at.toISOString() : null,
    // The new statement of reasons, in the transparency database (GET /api/v1/public/records/{id}).
    outcome_record_id: a.outcome_record_id ?? null,
  };
}

export type LinkAppeal = ReturnType<typeof presentLinkAppeal>;

/**
 * The appeals made through one statement link (at most one: a link appeals once), with the
 * outcome once decided: the statement page's `appeals` (statement-link.service.ts). No text, as
 * the page opens for whoever holds the link.
 */
export async function appealsOfLink(db: Db, link: { id: string; case_id: string }): Promise<LinkAppeal[]> {
  const rows = await listAppealsOfCase(db, link.case_id);
  return rows.filter((a) => a.statement_link_id === link.id).map(presentLinkAppeal);
}
