import type { CaseStatus, DecisionOutcome } from './case-state.ts';
import type { DomainEvent } from './events.ts';
import { decisionOutcomeKind, type DecisionOutcomeKind } from './public-stats.ts';

/**
 * What a submitter is told of the answer to its notice: per item, the decision on the item's case
 * (GET /api/v1/notices/{id}), and a `notice.answered` event per notice when a decision is taken
 * (decision.service.ts → notice-outcome.service.ts). The rules are here once.
 */

/** The case's latest decision as the notice query reads it (notice.repository.ts). */
export interface LatestDecision {
  id: string;
  outcome: DecisionOutcome;
  created_at: string;
  public_record_id: string | null;
  decision_visibility: string[] | null;
  decision_account: string | null;
  decision_monetary: string | null;
  decision_provision: string | null;
}

export interface ItemOutcome {
  decision_id: string;
  outcome: DecisionOutcome;
  decided_at: string;
  public_record_id: string | null;
  /** The DSA `decision_visibility` codes of the decision ([] for no action). */
  decision_visibility: string[];
  /** The one kind the public statistics count it under (public-stats.ts). */
  kind: DecisionOutcomeKind;
}

/**
 * The outcome an item shows: the case's latest decision, unless the case owes an answer again
 * before it has any (received or in review: a case reopened by a notice, or by its platform, has
 * a decision that the new review will replace, so the notice is not answered yet). An appealed
 * case keeps its decision until the platform decides on the appeal: it stands meanwhile.
 */
export function itemOutcome(status: CaseStatus, latest: LatestDecision | null): ItemOutcome | null {
  if (!latest || status === 'received' || status === 'in_review' || status === 'merged') return null;
  const visibility = Array.isArray(latest.decision_visibility) ? latest.decision_visibility : [];
  return {
    decision_id: latest.id,
    outcome: latest.outcome,
    decided_at: new Date(latest.created_at).toISOString(),
    public_record_id: latest.public_record_id,
    decision_visibility: latest.outcome === 'no_action' ? [] : visibility,
    kind: decisionOutcomeKind({ ...latest, decision_visibility: visibility }),
  };
}

/**
 * `notice.answered` is for its submitter alone: the other organizations on the case (and the
 * platform) learn of the decision from `decision.created`; this one names a notice, which is its
 * submitter's (webhook.handler.ts delivers it to that organization's endpoints only).
 */
export function eventAudience(e: Pick<DomainEvent, 'type' | 'data'>): string | null {
  if (e.type !== 'notice.answered') return null;
  const to = e.data.submitter_org_id;
  // An answer with no submitter named goes to nobody rather than to everyone who sees the case.
  return typeof to === 'string' && to !== '' ? to : '';
}
