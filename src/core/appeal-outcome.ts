import type { DecisionOutcome } from './case-state.ts';
import { AppError } from './errors.ts';
import { isUuid } from './ids.ts';
import { isReversal } from './public-stats.ts';
import { APPELLANTS, type Appellant } from './appeal.ts';

/**
 * What a decision on an appeal did to the decision appealed: `reversed` when the outcome changed
 * (a restriction lifted to no action, or no action turned into a restriction: the public
 * statistics' reversal, public-stats.ts), `upheld` when it restricts exactly the same things
 * until the same dates (or again restricts nothing), `modified` otherwise (removed, then only
 * demoted; an account suspension shortened).
 */
export const APPEAL_OUTCOMES = ['upheld', 'reversed', 'modified'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** The fields of a statement of reasons that say what is restricted, and until when. */
export const RESTRICTION_FIELDS = [
  'decision_visibility',
  'decision_account',
  'decision_monetary',
  'decision_provision',
  'end_date_visibility_restriction',
  'end_date_account_restriction',
  'end_date_monetary_restriction',
  'end_date_service_restriction',
] as const;

export interface DecisionTerms {
  outcome: DecisionOutcome;
  statement: Record<string, unknown>;
}

/** A field's value compared as a set when it is a list (decision_visibility's order says nothing). */
function normalized(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return JSON.stringify([...value].map(String).sort());
  return JSON.stringify(value);
}

export function appealOutcome(appealed: DecisionTerms, onAppeal: DecisionTerms): AppealOutcome {
  if (isReversal(appealed.outcome, onAppeal.outcome)) return 'reversed';
  if (appealed.outcome === 'no_action') return 'upheld';
  const same = RESTRICTION_FIELDS.every((f) => normalized(appealed.statement[f]) === normalized(onAppeal.statement[f]));
  return same ? 'upheld' : 'modified';
}

/**
 * DSA Art. 20(6): decisions on complaints are taken "not solely on the basis of automated means".
 * A decision on an appeal that says it was fully automated is refused, naming the field.
 */
export function checkNotFullyAutomated(statement: Record<string, unknown>): void {
  if (statement.automated_decision === 'AUTOMATED_DECISION_FULLY') {
    throw AppError.validation([
      {
        field: 'automated_decision',
        message: 'a decision on an appeal must not be fully automated (DSA Art. 20(6)): a person reviews it; use AUTOMATED_DECISION_PARTIALLY or AUTOMATED_DECISION_NOT_AUTOMATED',
      },
    ]);
  }
}

/** The `appeal` member of a decision on an appeal: the link to the first decision, server-made. */
export interface AppealLink {
  appeal_id: string;
  appealed_decision_id: string;
  appealed_record_id: string | null;
  outcome: AppealOutcome;
  appellant: Appellant;
}

/**
 * The `appeal` member as published: only the members the server makes, each checked to be what
 * it should (ids, one of the outcomes, one of the appellant kinds), so nothing typed by anyone
 * reaches the public record through it. Anything else is dropped.
 */
export function publicAppealLink(value: unknown): AppealLink | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const id = (x: unknown) => (typeof x === 'string' && isUuid(x) ? x : null);
  const appealId = id(v.appeal_id);
  const decisionId = id(v.appealed_decision_id);
  const outcome = APPEAL_OUTCOMES.find((o) => o === v.outcome);
  const appellant = APPELLANTS.find((a) => a === v.appellant);
  if (!appealId || !decisionId || !outcome || !appellant) return undefined;
  return { appeal_id: appealId, appealed_decision_id: decisionId, appealed_record_id: id(v.appealed_record_id), outcome, appellant };
}
