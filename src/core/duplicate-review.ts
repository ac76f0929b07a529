import type { MergeableCase } from './case-merge.ts';
import type { CaseStatus } from './case-state.ts';
import { AppError } from './errors.ts';

/**
 * A platform reviewer's answer to a suggested duplicate (a `case_links` row the linker made):
 * the two cases hold the same content (`duplicate`: they are merged), or they do not
 * (`not_duplicate`: the link stays, dismissed, and is no longer offered).
 */
export const DUPLICATE_DECISIONS = ['duplicate', 'not_duplicate'] as const;
export type DuplicateDecision = (typeof DUPLICATE_DECISIONS)[number];

/**
 * Statuses in which a case may take part in a confirmed merge, on either side: open, before any
 * decision. A decided case's statement of reasons names its own content (and is published), so it
 * neither absorbs another URL nor joins another case; an appealed or closed one has a decision too.
 */
export const CONFIRMABLE_STATUSES: readonly CaseStatus[] = ['received', 'in_review'];

const WHY_NOT: Partial<Record<CaseStatus, string>> = {
  decided: 'is decided: its statement of reasons names its own content. Decide the other case the same way instead',
  appealed: 'is appealed: it has a decision, whose statement of reasons names its own content. Decide the other case on its own',
  closed: 'is closed: it has a decision, whose statement of reasons names its own content. Decide the other case on its own',
  merged: 'was already merged into another case',
};

/**
 * Which case survives when a platform confirms that two linked cases hold the same content, or a
 * `conflict` saying why they cannot be merged.
 *
 * The platform's confirmation is the evidence (`MergeEvidence.platform_confirmed` in
 * case-merge.ts): no text rule is needed. What remains are the rules about the cases:
 * - both on the same service: the platform that answers for a service decides its cases, so the
 *   same content on two services is two cases, linked, never merged;
 * - both open before any decision (`CONFIRMABLE_STATUSES`);
 * - the case under review survives, so the reviewer who started on it keeps it (its assignment,
 *   its place in the queue); when both or neither are under review, the older one survives, as
 *   with automatic merges (`mergePlan`), so the case submitters learnt of first stays where it is.
 * Which of the two the reviewer was looking at does not matter: the answer is the same from
 * either side.
 */
export function confirmedMergePlan(a: MergeableCase, b: MergeableCase): { from: string; into: string } {
  if (a.id === b.id) throw new AppError('conflict', 'A case cannot be a duplicate of itself', { extra: { reason: 'same_case' } });
  if (a.platform !== b.platform) {
    throw new AppError(
      'conflict',
      `The cases are on different services (${a.platform}, ${b.platform}): each is answered for on its own service, so they are not merged. Leave the link as information, or mark it not a duplicate`,
      { extra: { reason: 'different_services' } },
    );
  }
  for (const c of [a, b]) {
    if (!CONFIRMABLE_STATUSES.includes(c.status)) {
      throw new AppError('conflict', `Case ${c.id} ${WHY_NOT[c.status] ?? `is ${c.status}`}`, { extra: { reason: 'not_open', case_id: c.id, case_status: c.status } });
    }
  }
  const aReviewed = a.status === 'in_review';
  const bReviewed = b.status === 'in_review';
  if (aReviewed !== bReviewed) return aReviewed ? { from: b.id, into: a.id } : { from: a.id, into: b.id };
  const aFirst = a.created_at.getTime() < b.created_at.getTime() || (a.created_at.getTime() === b.created_at.getTime() && a.id < b.id);
  return aFirst ? { from: b.id, into: a.id } : { from: a.id, into: b.id };
}

/** A link already marked not a duplicate is not marked again: `conflict`, saying when it was. */
export function checkNotDismissed(link: { dismissed_at: Date | null }): void {
  if (link.dismissed_at) {
    throw new AppError('conflict', `This related case was already marked not a duplicate on ${link.dismissed_at.toISOString()}`, {
      extra: { reason: 'already_dismissed', dismissed_at: link.dismissed_at.toISOString() },
    });
  }
}

/** A reviewer's note, trimmed; a blank one is no note (it would only clutter the timeline). */
export function reviewNote(note: string | undefined): string | undefined {
  const trimmed = note?.trim();
  return trimmed ? trimmed : undefined;
}
