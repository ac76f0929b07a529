import { AppError } from './errors.ts';
import { kindInASentence, type OrgKind } from './organization.ts';

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The life of a case. A platform reviews, decides (a statement of reasons), the affected user or a
 * submitter may appeal, the platform decides again, and the case is closed. The table below is the
 * whole rule: anything not in it is refused, so a case can never skip its statement of reasons.
 */
/**
 * `merged`: the case's content turned out to be a duplicate of an older case on the same platform
 * and joined it (see case-merge.ts); nothing more happens on it, its notices live on the other case.
 */
export const CASE_STATUSES = ['received', 'in_review', 'decided', 'appealed', 'closed', 'merged'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = ['start_review', 'decide', 'appeal', 'close', 'reopen'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Each action as a refusal names it: "… cannot start reviewing a case". */
const ACTION_IN_A_SENTENCE: Record<CaseAction, string> = { start_review: 'start reviewing', decide: 'decide', appeal: 'appeal', close: 'close', reopen: 'reopen' };

interface Transition {
  from: readonly CaseStatus[];
  to: CaseStatus;
  /** Who may take the action; access to the particular case is checked by the use case. */
  by: readonly OrgKind[];
}

const SUBMITTERS = ['authority', 'trusted_flagger', 'rights_holder', 'public_reporter'] as const;

export const TRANSITIONS: Record<CaseAction, Transition> = {
  start_review: { from: ['received'], to: 'in_review', by: ['platform'] },
  // Deciding straight from `received` is allowed: a platform that acts at once still owes reasons.
  decide: { from: ['received', 'in_review', 'appealed'], to: 'decided', by: ['platform'] },
  // The platform records an appeal from the affected user (DSA Art. 20); a submitter may contest too.
  // From `closed` too: closing is the platform's bookkeeping, and DSA Art. 20(1) keeps a decision
  // open to appeal for six months whatever the case's status (appeal.ts, APPEAL_WINDOW_MONTHS).
  appeal: { from: ['decided', 'closed'], to: 'appealed', by: ['platform', ...SUBMITTERS] },
  // Closing before a decision would leave a notice unanswered, so only decided cases close.
  close: { from: ['decided'], to: 'closed', by: ['platform'] },
  reopen: { from: ['closed'], to: 'in_review', by: ['platform'] },
};

/** Statuses in which the platform still owes an answer, so the SLA clock runs. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'in_review', 'appealed'];

/** What a decision did: restricted the content (a statement of reasons), or nothing. */
export type DecisionOutcome = 'restriction' | 'no_action';

/**
 * A new notice on a case the platform has answered. When that answer restricted nothing, the
 * notice is a request the answer never weighed (an authority's 24 h request must not land on a
 * closed file with no clock, shielded by someone else's earlier notice): the case goes back to
 * review, with the new notice's deadline. Only a notice from an organization with no notice on
 * the case yet does so: the decision answered the others, who contest it by appeal, once. When
 * the content was restricted, the existing decision answers the notice, and the case stays as it
 * is (see `ANSWERED_STATUSES`). Intake applies this in its one statement, with these values as
 * parameters (intake.repository.ts).
 */
export const REOPENED_BY_NOTICE = { from: ['decided', 'closed'], outcomes: ['no_action'], to: 'in_review' } as const satisfies {
  from: readonly CaseStatus[];
  outcomes: readonly DecisionOutcome[];
  to: CaseStatus;
};

/** Statuses in which a case's latest decision answers a notice that joins it. */
export const ANSWERED_STATUSES: readonly CaseStatus[] = ['decided', 'closed'];

/** The next status, or an `invalid_transition` error that says what is allowed instead. */
export function nextStatus(from: CaseStatus, action: CaseAction, actorKind: OrgKind): CaseStatus {
  const t = TRANSITIONS[action];
  if (!t.by.includes(actorKind)) {
    throw new AppError('forbidden', `${capitalized(kindInASentence(actorKind))} cannot ${ACTION_IN_A_SENTENCE[action]} a case`);
  }
  if (from === 'merged') {
    throw new AppError('invalid_transition', `Cannot ${action.replace('_', ' ')} a case that was merged into another as a duplicate; act on the case in merged_into`, {
      extra: { case_status: from, action, allowed_actions: [] },
    });
  }
  if (!t.from.includes(from)) {
    const allowed = CASE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(from));
    throw new AppError('invalid_transition', `Cannot ${action.replace('_', ' ')} a case that is ${from}; allowed from ${from}: ${allowed.join(', ') || 'nothing'}`, {
      extra: { case_status: from, action, allowed_actions: allowed },
    });
  }
  return t.to;
}

/** What the appeal rule reads of a case's history (its `case_events`, oldest first). */
export interface CaseHistoryEvent {
  type: string;
  actor_org_id: string | null;
  data: Record<string, unknown>;
}

/**
 * A submitter contests a decision once. The platform's decision on the appeal is the answer to
 * it: were it open to a new appeal by the same organization, every answer would restart the 48 h
 * clock, without end. A decision reached on a new review (the case reopened by a new notice, or
 * by the platform) starts afresh and may be appealed again. The platform records the appeals of
 * affected users, which are theirs, not one organization's: it is not limited here.
 * Throws `conflict` naming the decision already appealed.
 */
export function checkAppealOnce(history: readonly CaseHistoryEvent[], actor: { orgId: string; kind: OrgKind }): void {
  if (actor.kind === 'platform') return;
  let contested: string | null = null;
  let appellants = new Set<string>();
  for (const e of history) {
    if (e.type === 'decided' && e.data.from !== 'appealed') {
      contested = typeof e.data.decision_id === 'string' ? e.data.decision_id : null;
      appellants = new Set();
    } else if (e.type === 'status_changed' && e.data.action === 'appeal' && e.actor_org_id) {
      appellants.add(e.actor_org_id);
    }
  }
  if (appellants.has(actor.orgId)) {
    throw new AppError('conflict', 'You already appealed this decision: a decision may be appealed once, and the decision on your appeal answers it', {
      extra: { appealed_decision_id: contested },
    });
  }
}
