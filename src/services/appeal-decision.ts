import { appealOutcome, checkNotFullyAutomated, type AppealLink } from '../core/appeal-outcome.ts';
import { AppError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import type { Db } from '../db/db.ts';
import { closeAppeal, findAppealedDecision, findOpenAppealOfCase, type AppealRow } from '../repositories/appeal.repository.ts';
import type { CaseRow } from '../repositories/case.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';

type AppealedDecision = NonNullable<Awaited<ReturnType<typeof findAppealedDecision>>>;

/**
 * DSA Art. 20(4): an appeal is decided by someone other than who took the decision appealed.
 * "Took part" is read as: decided it (the person signed in, or the API key that sent it). Earlier
 * decisions on the case are not counted: a reviewer who decided a first notice may well review a
 * later appeal of another reviewer's decision. The error names the decision and the field.
 */
export function reviewerTookPart(decision: AppealedDecision, who: { personId: string | null; keyId: string | null }, field: string): AppError | null {
  const byPerson = who.personId !== null && who.personId === decision.decided_by_person_id;
  const byKey = who.keyId !== null && who.keyId === decision.decided_by_key_id;
  if (!byPerson && !byKey) return null;
  const whoTook = byPerson ? 'this person' : 'this API key';
  return new AppError('conflict', `An appeal must be reviewed by someone who took no part in the decision appealed: ${whoTook} took decision ${decision.id}`, {
    fields: [{ field, message: `decided the decision appealed (${decision.id}); choose another reviewer` }],
    extra: { reason: 'reviewer_took_part', appealed_decision_id: decision.id },
  });
}

export interface DecisionOnAppeal {
  appeal: AppealRow;
  appealed: AppealedDecision;
}

/**
 * Called by decision.service.ts before an appealed case is decided: the case's open appeal (none
 * for a case appealed before appeals had rows), after checking who decides. The decider must not
 * have decided the decision appealed; once the platform assigned the appeal, a person deciding
 * it must be that reviewer. An API key may decide an appeal whose decision it did not send: a
 * platform's own moderation system relays its reviewers' decisions through one key, and the
 * person behind it is the platform's to assign (the key that sent the first decision is refused,
 * so a pipeline cannot rubber-stamp itself). Art. 20(6): never fully automated.
 */
export async function appealUnderDecision(tx: Db, actor: Actor, c: CaseRow, statement: Record<string, unknown>): Promise<DecisionOnAppeal | null> {
  if (c.status !== 'appealed') return null;
  const appeal = await findOpenAppealOfCase(tx, c.id);
  if (!appeal) return null;
  const appealed = await findAppealedDecision(tx, appeal.decision_id);
  if (!appealed) return null;
  checkNotFullyAutomated(statement);
  const tookPart = reviewerTookPart(appealed, actor, actor.personId !== null ? 'decided_by' : 'api_key');
  if (tookPart) throw tookPart;
  if (appeal.assigned_person_id !== null && actor.personId !== null && actor.personId !== appeal.assigned_person_id) {
    throw new AppError('conflict', 'This appeal is assigned to another reviewer: only they (or your platform’s API key) may decide it; reassign it first', {
      extra: { reason: 'appeal_assigned_to_another', appeal_id: appeal.id, assigned_person_id: appeal.assigned_person_id },
    });
  }
  return { appeal, appealed };
}

/** The `appeal` member of the new decision's statement: what it did to the decision appealed. */
export function appealLinkOf(d: DecisionOnAppeal, outcome: 'restriction' | 'no_action', statement: Record<string, unknown>): AppealLink {
  return {
    appeal_id: d.appeal.id,
    appealed_decision_id: d.appealed.id,
    appealed_record_id: d.appealed.public_record_id,
    outcome: appealOutcome({ outcome: d.appealed.outcome, statement: d.appealed.statement }, { outcome, statement }),
    appellant: d.appeal.appellant,
  };
}

/** The decision answers the appeal: it is closed with its outcome, and `appeal.decided` goes out. */
export async function answerAppeal(tx: Db, d: DecisionOnAppeal, link: AppealLink, r: { decisionId: string; recordId: string; at: Date; platform: string }): Promise<void> {
  const caseId = d.appeal.case_id;
  await closeAppeal(tx, d.appeal.id, { outcome: link.outcome, decisionId: r.decisionId, at: r.at });
  await appendEvents(tx, [
    {
      id: uuidv7(r.at.getTime()),
      type: 'appeal.decided',
      at: r.at,
      // The platform's, whose decision this is.
      org_id: d.appealed.platform_org_id,
      case_id: caseId,
      data: {
        appeal_id: d.appeal.id,
        case_id: caseId,
        platform: r.platform,
        appellant: d.appeal.appellant,
        appealed_decision_id: d.appealed.id,
        decision_id: r.decisionId,
        public_record_id: r.recordId,
        outcome: link.outcome,
      },
    },
  ]);
}
