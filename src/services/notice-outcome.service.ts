import type { DecisionOutcome } from '../core/case-state.ts';
import type { EmailPayload } from '../core/email/templates.ts';
import type { DomainEvent, OutboxEvent } from '../core/events.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Db } from '../db/db.ts';
import { decisionSummary } from '../repositories/contact.repository.ts';
import { activeNoticesOfCase, reportContactsOfNotice } from '../repositories/notice-outcome.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';

export interface AnsweredBy {
  case_id: string;
  platform: string;
  decision_id: string;
  outcome: DecisionOutcome;
  public_record_id: string;
  /** The platform that decided: the organization whose action the events record. */
  platform_org_id: string;
  at: Date;
}

/**
 * Tells each submitter its notice was answered: one `notice.answered` per notice on the case that
 * is not withdrawn, in the decision's transaction (called by decision.service.ts after its own
 * events, under the case's row lock, so they follow `decision.created` in the outbox). Per notice,
 * not per organization: a submitter follows its notices (GET /api/v1/notices/{id}), and a public
 * report's answer is e-mailed to the addresses left with that notice's reports. A decision on an
 * appeal answers again, with its new outcome.
 */
export async function recordNoticeAnswers(tx: Db, d: AnsweredBy): Promise<void> {
  const notices = await activeNoticesOfCase(tx, d.case_id);
  const events: DomainEvent[] = notices.map((n) => ({
    id: uuidv7(d.at.getTime()),
    type: 'notice.answered',
    at: d.at,
    org_id: d.platform_org_id,
    case_id: d.case_id,
    data: {
      notice_id: n.id,
      case_id: d.case_id,
      platform: d.platform,
      decision_id: d.decision_id,
      outcome: d.outcome,
      public_record_id: d.public_record_id,
      // Whom the event is for (core/notice-outcome.ts `eventAudience`): its webhooks alone get it.
      // No submitter kind: a webhook body drops what names a public reporter (webhook-signature.ts).
      submitter_org_id: n.submitter_org_id,
    },
  }));
  await appendEvents(tx, events);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The e-mails of a `notice.answered` (email.handler.ts): only to the addresses members of the
 * public left with their reports, since they have no account, no webhook and no contacts.
 * Organizations' `decisions` contacts already get the `decision` e-mail of every decision on a
 * case their notices are on (one per case and decision, rather than one per notice, so an
 * organization with several notices on a case is not sent the same news several times).
 */
export async function planNoticeAnsweredEmails(tx: Db, e: OutboxEvent): Promise<{ to: { email: string }[]; email: EmailPayload } | null> {
  const noticeId = str(e.data.notice_id);
  const decisionId = str(e.data.decision_id);
  if (!noticeId || !decisionId) return null;
  // Only a public report's notice has public_reports rows.
  const to = await reportContactsOfNotice(tx, noticeId);
  if (to.length === 0) return null;
  const d = await decisionSummary(tx, decisionId);
  if (!d) return null;
  return {
    to,
    email: {
      template: 'report_answered',
      platform: d.platform,
      outcome: d.outcome,
      visibility: d.visibility,
      decided_at: d.created_at.toISOString(),
      public_record_id: str(e.data.public_record_id),
    },
  };
}
