import { confirmedMergePlan, checkNotDismissed, reviewNote, type DuplicateDecision } from '../core/duplicate-review.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { dismissCaseLinks, findCaseLink } from '../repositories/case-duplicate.repository.ts';
import { lockCases, mergeCases } from '../repositories/case-merge.repository.ts';
import { findCase } from '../repositories/case.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { caseSummary, loadVisibleCase } from './case.service.ts';
import { visibleCaseIds } from './case-visibility.ts';
import type { ServiceContext } from './context.ts';

export interface RelatedCaseReview {
  decision: DuplicateDecision;
  note?: string;
}

const notLinked = (relatedId: string) =>
  new AppError('not_found', `Case ${relatedId.slice(0, 36)} is not among this case's related cases (GET /api/v1/cases/{id} lists them in related_cases)`);

/**
 * A platform reviewer answers a suggested duplicate (issue 13): `duplicate` merges the two cases
 * (the rule of which survives is `confirmedMergePlan`), `not_duplicate` dismisses the link.
 *
 * The viewed case must be one the platform answers for (else 404) and the other case one of its
 * related cases (else 404). Both rows are locked, in id order, before anything is read that
 * decides: the linker may be merging one of them, or a reviewer deciding it.
 *
 * A dismissal is per direction (`case_links` holds both): the link as seen from the viewed case,
 * and from the other case too when the platform answers for it as well. Another platform's case
 * keeps its own suggestion, for its own reviewer. Both answers are on the timeline of each case
 * they touched, naming who answered; a merge also tells others (`case.merged` in the outbox).
 */
export async function reviewRelatedCase(ctx: ServiceContext, actor: Actor, caseId: string, relatedId: string, input: RelatedCaseReview) {
  const note = reviewNote(input.note);
  return ctx.db.transaction(async (tx) => {
    const viewed = await loadVisibleCase(tx, actor, caseId);
    if (!isUuid(relatedId)) throw notLinked(relatedId);
    const locked = await lockCases(tx, [viewed.id, relatedId]);
    const self = locked.find((c) => c.id === viewed.id)!;
    const other = locked.find((c) => c.id === relatedId);
    // Read under both locks: a merge moves links only while it holds both of its cases.
    const link = other ? await findCaseLink(tx, viewed.id, relatedId) : null;
    if (!other || !link) throw notLinked(relatedId);
    const at = ctx.now();
    const by = { actor_org_id: actor.orgId, actor_person_id: actor.personId, actor_key_id: actor.keyId };
    const score = Math.round(link.score * 1000) / 1000;
    // What the suggestion was found on, so the timeline says what the reviewer answered.
    const basis = { basis: link.basis, ...(link.distance !== null ? { distance: link.distance } : {}) };

    if (input.decision === 'duplicate') {
      const plan = confirmedMergePlan(self, other);
      const moved = await mergeCases(tx, { ...plan, score: link.score, at });
      // A reviewer may confirm a pair marked not the same before (only the machine never merges it): said so.
      const confirmed = {
        confirmed_by_platform: true,
        level: link.level,
        ...basis,
        ...(link.dismissed_at ? { previously_dismissed_at: link.dismissed_at.toISOString() } : {}),
        ...(note ? { note } : {}),
      };
      await insertCaseEvents(tx, [
        { id: uuidv7(at.getTime()), case_id: plan.into, at, ...by, type: 'case_merged', data: { merged_case_id: plan.from, score, notice_items: moved, ...confirmed } },
        { id: uuidv7(at.getTime()), case_id: plan.from, at, ...by, type: 'merged_into', data: { case_id: plan.into, score, ...confirmed } },
      ]);
      // Under both cases' row locks, like every event of a case; the note stays on the timeline.
      await appendEvents(tx, [
        {
          id: uuidv7(at.getTime()),
          type: 'case.merged',
          at,
          org_id: actor.orgId,
          case_id: plan.into,
          data: { case_id: plan.into, merged_case_id: plan.from, score, notice_items: moved, confirmed_by_platform: true },
        },
      ]);
      const survivor = (await findCase(tx, plan.into))!;
      return {
        decision: input.decision,
        case_id: viewed.id,
        related_case_id: relatedId,
        merge: { from: plan.from, into: plan.into, notice_items: moved },
        dismissed_at: null,
        case: caseSummary(survivor, at, actor),
      };
    }

    checkNotDismissed(link);
    // The other direction too when this platform answers for the other case.
    const alsoOther = (await visibleCaseIds(tx, actor, [{ id: other.id, platform: other.platform, merged_into: null }], { toAct: true })).has(other.id);
    const directions = [{ case_id: viewed.id, related_case_id: other.id }, ...(alsoOther ? [{ case_id: other.id, related_case_id: viewed.id }] : [])];
    await dismissCaseLinks(tx, directions, { at, org_id: actor.orgId, person_id: actor.personId, key_id: actor.keyId });
    await insertCaseEvents(
      tx,
      directions.map((d) => ({
        id: uuidv7(at.getTime()),
        case_id: d.case_id,
        at,
        ...by,
        type: 'duplicate_rejected',
        data: { related_case_id: d.related_case_id, level: link.level, score, ...basis, ...(note ? { note } : {}) },
      })),
    );
    return {
      decision: input.decision,
      case_id: viewed.id,
      related_case_id: relatedId,
      merge: null,
      dismissed_at: at.toISOString(),
      // Read again under its lock: the row loaded before it may be a moment old.
      case: caseSummary((await findCase(tx, viewed.id))!, at, actor),
    };
  });
}
