import { normalizeEmailAddress } from './email-address.ts';
import { AppError, type FieldError } from './errors.ts';
import type { CaseStatus, DecisionOutcome } from './case-state.ts';

/**
 * A counter-notice (issue 14): the uploader whose content was restricted on a rights holder's
 * notice answers that notice. minhbach forwards it, with the uploader's contact, to the rights
 * holder(s) of the case; unless a rights holder shows, within a waiting period, that it filed a
 * court action, the restriction no longer rests on the notice and the platform owes a decision
 * restoring the content. The model is the DMCA's (17 U.S.C. §512(g)(2)–(3)): a statement of good
 * faith, the uploader's name and address, consent to a court's jurisdiction / to the contact
 * being passed to the complainant, and restoration "not less than 10, nor more than 14, business
 * days" after the counter-notice unless the complainant files an action first.
 *
 * The uploader's contact and statement are personal data: stored in `counter_notices`, shown to
 * the rights holders of the case only (they need them to go to court), never published, never in
 * an event (events leave the system), never shown to the platform.
 */

export const MAX_COUNTER_NOTICE_STATEMENT = 5000;
export const MAX_CONTACT_NAME = 200;

/**
 * The waiting period, in calendar days (MINHBACH_COUNTER_NOTICE_WAIT_DAYS). 10 by default; the
 * DMCA counts 10–14 *business* days (§512(g)(2)(C)), about 14–20 calendar days, so a deployment
 * following that rule to the letter sets 14 or more.
 */
export const DEFAULT_COUNTER_NOTICE_WAIT_DAYS = 10;
export const MIN_COUNTER_NOTICE_WAIT_DAYS = 1;
export const MAX_COUNTER_NOTICE_WAIT_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Where a counter-notice stands. It is forwarded in the transaction that records it (the rights
 * holders read it on the case at once; the e-mail and webhooks follow from the outbox), so there
 * is no stored "received" state. It ends either way once: `court_action` (a rights holder showed
 * a court filing before the period ended: the restriction stays) or `content_restored` (the
 * period ended without one: the platform is told to restore, and owes a decision doing so).
 */
export const COUNTER_NOTICE_STATUSES = ['forwarded', 'court_action', 'content_restored'] as const;
export type CounterNoticeStatus = (typeof COUNTER_NOTICE_STATUSES)[number];

/** How a counter-notice ended, as published (`counter_notice_outcome`). */
export type CounterNoticeOutcome = 'restored' | 'court_action';

/** The timeline entries of a counter-notice on its case (case_events.type). */
export const COUNTER_NOTICE_CASE_EVENTS = ['counter_notice_received', 'counter_notice_forwarded', 'court_action_shown', 'content_restored'] as const;

/**
 * Once the period ends with no court filing, the platform owes a decision restoring the content:
 * minhbach cannot restore it itself. The case goes back to review with this deadline (the
 * shortest of the SLA's, as for an authority's request: the content has been down for the whole
 * waiting period already), so the deadline sweep escalates a platform that does not act.
 */
export const RESTORATION_DEADLINE_MS = 24 * 3_600_000;

export function counterNoticeWaitUntil(filedAt: Date, waitDays: number): Date {
  return new Date(filedAt.getTime() + waitDays * DAY_MS);
}

/** What the eligibility rule reads of the decision behind a statement link and of its case. */
export interface CounterNoticeSubject {
  outcome: DecisionOutcome;
  /** The decision the link is for, and the case's latest decision. */
  decision_id: string;
  latest_decision_id: string | null;
  case_status: CaseStatus;
  /** Organizations of kind rights_holder with a notice on the case: whom the counter-notice goes to. */
  rights_holders: number;
  /** A counter-notice already filed on this decision. */
  existing: boolean;
}

export type CounterNoticeRefusal = 'no_restriction' | 'no_rights_holder' | 'not_latest_decision' | 'case_merged' | 'already_filed';

const REFUSAL_MESSAGES: Record<CounterNoticeRefusal, string> = {
  no_restriction: 'This decision restricted nothing: there is no restriction to answer with a counter-notice',
  no_rights_holder: 'A counter-notice answers a rights holder’s notice (copyright), and no rights holder filed a notice on this case; to contest the decision, appeal it instead',
  not_latest_decision: 'The platform decided on this content again since this decision: a counter-notice answers the latest decision only',
  case_merged: 'This case was merged into another as a duplicate; its latest decision is on that case',
  already_filed: 'A counter-notice was already filed on this decision; its status is shown on this page',
};

/**
 * Whether the uploader may file a counter-notice now, or why not: the decision restricted the
 * content, a rights holder's notice is on the case (a copyright case: someone to forward it to and
 * who could go to court), the decision is still the case's latest, and none was filed on it yet
 * (one per decision: a second would restart nothing and only repeat the first).
 */
export function counterNoticeRefusal(s: CounterNoticeSubject): CounterNoticeRefusal | null {
  if (s.outcome !== 'restriction') return 'no_restriction';
  if (s.rights_holders === 0) return 'no_rights_holder';
  if (s.case_status === 'merged') return 'case_merged';
  if (s.latest_decision_id !== s.decision_id) return 'not_latest_decision';
  if (s.existing) return 'already_filed';
  return null;
}

/** The refusal as the API answers it: 409, with the reason as a code the page can translate. */
export function assertCounterNoticeAllowed(s: CounterNoticeSubject): void {
  const refusal = counterNoticeRefusal(s);
  if (refusal) throw new AppError('conflict', REFUSAL_MESSAGES[refusal], { extra: { reason: refusal } });
}

export interface CounterNoticeInput {
  statement: string;
  contact_name: string;
  contact_email: string;
  consent_to_forward_contact: boolean;
}

export interface CheckedCounterNotice {
  statement: string;
  contact_name: string;
  contact_email: string;
}

/** Checks a counter-notice as sent, naming every bad field at once, or returns it ready to store. */
export function checkCounterNotice(input: CounterNoticeInput): CheckedCounterNotice {
  const errors: FieldError[] = [];
  const statement = input.statement.trim();
  if (statement === '') errors.push({ field: 'statement', message: 'must say in good faith why the content was removed by mistake or misidentified: it is blank' });
  else if ([...statement].length > MAX_COUNTER_NOTICE_STATEMENT) errors.push({ field: 'statement', message: `must be at most ${MAX_COUNTER_NOTICE_STATEMENT} characters` });
  const name = input.contact_name.trim();
  if (name === '') errors.push({ field: 'contact_name', message: 'is required: the rights holder needs it to take the matter to court' });
  else if ([...name].length > MAX_CONTACT_NAME) errors.push({ field: 'contact_name', message: `must be at most ${MAX_CONTACT_NAME} characters` });
  const email = normalizeEmailAddress(input.contact_email);
  if (!email) errors.push({ field: 'contact_email', message: 'must be an e-mail address where the rights holder can reach you' });
  if (input.consent_to_forward_contact !== true) {
    errors.push({ field: 'consent_to_forward_contact', message: 'must be accepted: a counter-notice is forwarded with your contact to the rights holder, who may go to court' });
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return { statement, contact_name: name, contact_email: email! };
}

export const MAX_COURT_REFERENCE = 200;
export const MAX_COURT_NAME = 300;

export interface CourtFilingInput {
  reference: string;
  court: string;
  filed_at: string;
}

export interface CheckedCourtFiling {
  reference: string;
  court: string;
  filed_at: Date;
}

/**
 * A rights holder's court filing, shown before the waiting period ends: it keeps the restriction.
 * It must be filed by the time it is shown (a filing announced for later proves nothing), and
 * only while the period runs (`shownAt < waitUntil`; after it the content is due back: 409).
 */
export function checkCourtFiling(input: CourtFilingInput, shownAt: Date): CheckedCourtFiling {
  const errors: FieldError[] = [];
  const reference = input.reference.trim();
  if (reference === '') errors.push({ field: 'reference', message: 'must give the court’s case number' });
  else if ([...reference].length > MAX_COURT_REFERENCE) errors.push({ field: 'reference', message: `must be at most ${MAX_COURT_REFERENCE} characters` });
  const court = input.court.trim();
  if (court === '') errors.push({ field: 'court', message: 'must name the court the action was filed with' });
  else if ([...court].length > MAX_COURT_NAME) errors.push({ field: 'court', message: `must be at most ${MAX_COURT_NAME} characters` });
  const filedAt = new Date(input.filed_at);
  if (!/^\d{4}-\d{2}-\d{2}/.test(input.filed_at) || Number.isNaN(filedAt.getTime())) errors.push({ field: 'filed_at', message: 'must be a date (YYYY-MM-DD or an ISO 8601 time)' });
  else if (filedAt.getTime() > shownAt.getTime()) errors.push({ field: 'filed_at', message: 'must not be in the future: show a filing once it is made' });
  if (errors.length > 0) throw AppError.validation(errors);
  return { reference, court, filed_at: filedAt };
}

/** A court filing counts while the waiting period runs; after it, the content is due back. */
export function assertWithinWaitingPeriod(status: CounterNoticeStatus, waitUntil: Date, shownAt: Date): void {
  if (status === 'court_action') throw new AppError('conflict', 'A court filing was already shown for this counter-notice', { extra: { status } });
  if (status !== 'forwarded' || shownAt.getTime() >= waitUntil.getTime()) {
    throw new AppError('conflict', `The waiting period ended at ${waitUntil.toISOString()}: a court filing must be shown before it ends`, {
      extra: { status, wait_until: waitUntil.toISOString() },
    });
  }
}
