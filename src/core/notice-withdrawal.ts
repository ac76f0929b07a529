import type { CaseStatus } from './case-state.ts';
import { AppError } from './errors.ts';

export const MIN_WITHDRAWAL_REASON = 10;
export const MAX_WITHDRAWAL_REASON = 2000;

/**
 * A submitter withdraws its notice (issue 13): it no longer asks the platform to act, and says
 * why. The notice stays on record, as filed (history is the point: what was asked, and when it
 * was taken back); it is marked withdrawn, once, with who, when and why.
 *
 * Returns the reason trimmed, or a `validation_failed` naming `reason`.
 */
export function withdrawalReason(reason: string): string {
  const r = reason.trim();
  if (r.length < MIN_WITHDRAWAL_REASON) throw AppError.validation([{ field: 'reason', message: `must say why, in at least ${MIN_WITHDRAWAL_REASON} characters` }]);
  if (r.length > MAX_WITHDRAWAL_REASON) throw AppError.validation([{ field: 'reason', message: `must be at most ${MAX_WITHDRAWAL_REASON} characters` }]);
  return r;
}

/** A notice is withdrawn once: a second withdrawal is a `conflict` saying when the first was. */
export function checkNotWithdrawn(existing: { created_at: Date } | null): void {
  if (existing) {
    throw new AppError('conflict', `This notice was already withdrawn on ${existing.created_at.toISOString()}`, {
      extra: { reason: 'already_withdrawn', withdrawn_at: existing.created_at.toISOString() },
    });
  }
}

/**
 * Statuses in which a case owes its first answer: the only ones a withdrawal can change. A decided
 * (or closed) case keeps its decision: the withdrawal is recorded on it and changes nothing decided.
 * An appealed case owes an answer to the appeal, which is not the notices' (the affected user's,
 * or a submitter's act of its own), so it keeps its deadline too.
 */
export const WITHDRAWABLE_ANSWER_STATUSES: readonly CaseStatus[] = ['received', 'in_review'];

export interface CaseAfterWithdrawal {
  /** Whether the platform still owes this case an answer. */
  answer_owed: boolean;
  /** Whether its deadline is to be cleared now. */
  clear_deadline: boolean;
}

/**
 * What a withdrawal does to a case the notice is on, given how many of the case's notices are not
 * withdrawn once it is (`activeNotices`).
 *
 * When none is left on a case still owing its first answer, nobody asks for one any more: the
 * case's deadline is cleared (no due-soon, no overdue, no place at the top of a deadline queue).
 * The status stays: the platform may still review and decide on its own, and closing a case is a
 * platform's act that needs a decision (case-state.ts). A later notice on the same content sets a
 * deadline again, as on any open case (intake: `least(due_at, new)`, a cleared one counts as none).
 *
 * While other notices remain, the case owes them an answer and keeps its deadline: deadlines only
 * move earlier (as at intake), so the platform is never given less time by surprise, and the
 * earliest deadline is the one it has been working to.
 */
export function caseAfterWithdrawal(c: { status: CaseStatus; due_at: Date | null }, activeNotices: number): CaseAfterWithdrawal {
  if (!WITHDRAWABLE_ANSWER_STATUSES.includes(c.status)) return { answer_owed: c.status === 'appealed', clear_deadline: false };
  if (activeNotices > 0) return { answer_owed: true, clear_deadline: false };
  return { answer_owed: false, clear_deadline: c.due_at !== null };
}
