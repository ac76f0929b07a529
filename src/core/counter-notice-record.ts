import type { CounterNoticeOutcome } from './counter-notice.ts';
import { uuidv7 } from './ids.ts';
import { searchTextOf, type PublicRecordDraft } from './public-record.ts';

/**
 * What the public learns of a counter-notice: that one was filed on decision X of case Y, when,
 * until when the rights holder may go to court, and later how it ended. Nothing the uploader or
 * the rights holder wrote: no name, no e-mail address, no statement, no court or case number
 * (a court filing is shown as a fact and a date). Every member is made by the server (ids, dates,
 * enums), so there is nothing to redact; the builders take no free text at all, so none can slip
 * in.
 */

export interface CounterNoticeFacts {
  counterNoticeId: string;
  caseId: string;
  decisionId: string;
  /** The published statement of reasons the counter-notice answers, when there is one. */
  decisionRecordId: string | null;
  platform: string;
  category: string;
  filedAt: Date;
  waitUntil: Date;
  waitDays: number;
}

export function publicRecordForCounterNotice(f: CounterNoticeFacts): PublicRecordDraft {
  const body = {
    counter_notice_id: f.counterNoticeId,
    case_id: f.caseId,
    decision_id: f.decisionId,
    decision_record_id: f.decisionRecordId,
    filed_at: f.filedAt.toISOString(),
    waiting_period_days: f.waitDays,
    wait_until: f.waitUntil.toISOString(),
    forwarded_to: 'rights_holder',
  };
  return {
    id: uuidv7(f.filedAt.getTime()),
    type: 'counter_notice',
    source_id: f.counterNoticeId,
    published_at: f.filedAt,
    category: f.category,
    platform: f.platform,
    requester_kind: null,
    body,
    search_text: searchTextOf({ category: f.category }),
  };
}

export interface CounterNoticeOutcomeFacts {
  counterNoticeId: string;
  counterNoticeRecordId: string | null;
  caseId: string;
  decisionId: string;
  platform: string;
  category: string;
  outcome: CounterNoticeOutcome;
  at: Date;
  waitUntil: Date;
}

/**
 * How it ended. `restored`: the waiting period ended with no court filing shown, so the platform
 * was told to restore the content and owes a decision doing so (published in its turn).
 * `court_action`: a rights holder showed a court filing before the end; the restriction stays.
 */
export function publicRecordForCounterNoticeOutcome(f: CounterNoticeOutcomeFacts): PublicRecordDraft {
  const body = {
    counter_notice_id: f.counterNoticeId,
    counter_notice_record_id: f.counterNoticeRecordId,
    case_id: f.caseId,
    decision_id: f.decisionId,
    outcome: f.outcome,
    wait_until: f.waitUntil.toISOString(),
    ...(f.outcome === 'court_action' ? { court_filing_shown_at: f.at.toISOString() } : { restoration_due_at: f.at.toISOString() }),
  };
  return {
    id: uuidv7(f.at.getTime()),
    type: 'counter_notice_outcome',
    source_id: f.counterNoticeId,
    published_at: f.at,
    category: f.category,
    platform: f.platform,
    requester_kind: null,
    body,
    search_text: searchTextOf({ category: f.category }),
  };
}
