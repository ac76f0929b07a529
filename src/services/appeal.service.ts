import { checkAppealInput } from '../core/appeal.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can } from '../core/policy.ts';
import { findAppeal, findAppealedDecision, findAppealOfLink, setAppealReviewer } from '../repositories/appeal.repository.ts';
import { presentLinkAppeal } from './appeal-view.ts';
import { findCase } from '../repositories/case.repository.ts';
import { findPerson } from '../repositories/person.repository.ts';
import { openAppeal } from './appeal-open.ts';
import { reviewerTookPart } from './appeal-decision.ts';
import { loadVisibleCase } from './case.service.ts';
import type { ServiceContext } from './context.ts';
import { slaRules } from './sla-policy.service.ts';
import { resolveStatementLink } from './statement-link.service.ts';

/**
 * The affected user appeals through the link to their statement of reasons, without an account
 * (DSA Art. 20): while the link's decision is the case's latest and the case is decided or
 * closed, within six months of it, once per link. Same path as every appeal (appeal-open.ts).
 */
export async function appealThroughLink(ctx: ServiceContext, token: string, input: { text?: string; urls?: string[] }) {
  const written = checkAppealInput(input, { textRequired: true });
  const rules = await slaRules(ctx);
  const link = await resolveStatementLink(ctx.db, token);
  return ctx.db.transaction(async (tx) => {
    const c = await findCase(tx, link.case_id, { forUpdate: true });
    if (!c) throw AppError.notFound('Statement');
    // Under the case's lock: two appeals sent at once on one link cannot both pass.
    const existing = await findAppealOfLink(tx, link.id);
    if (existing) {
      throw new AppError('conflict', `You already appealed this decision (appeal ${existing.id}); its answer is shown on this page`, {
        extra: { reason: 'already_appealed', existing_id: existing.id, appeal: presentLinkAppeal(existing) },
      });
    }
    if (c.status !== 'decided' && c.status !== 'closed') {
      throw new AppError(
        'conflict',
        c.status === 'appealed' ? 'This decision is already under appeal' : 'This decision can no longer be appealed here: the case is being reviewed again',
        {
          extra: { reason: 'case_not_decided', case_status: c.status },
        },
      );
    }
    const at = ctx.now();
    const opened = await openAppeal(tx, { c, by: null, appellant: 'affected_user', decisionId: link.decision_id, statementLinkId: link.id, ...written, rules, at });
    return {
      id: opened.appeal_id,
      status: 'open' as const,
      created_at: at.toISOString(),
      due_at: opened.due_at.toISOString(),
      outcome: null,
      decided_at: null,
      outcome_record_id: null,
    };
  });
}

/**
 * The platform gives an appeal to a reviewer (a reviewer or admin of its own, not disabled), who
 * must have taken no part in the decision appealed (DSA Art. 20(4), appeal-decision.ts): the
 * same person is refused with an error naming the decision and `person_id`.
 */
export async function assignAppealReviewer(ctx: ServiceContext, actor: Actor, appealId: string, personId: string) {
  if (actor.kind !== 'platform') throw new AppError('forbidden', 'Only the platform that decided can assign its appeals');
  if (!isUuid(personId)) throw AppError.validation([{ field: 'person_id', message: 'must be the id of a reviewer or admin of your organization' }]);
  const existing = isUuid(appealId) ? await findAppeal(ctx.db, appealId) : null;
  if (!existing) throw AppError.notFound('Appeal');
  return ctx.db.transaction(async (tx) => {
    // Another platform's appeal is "not found", like its case.
    const c = await loadVisibleCase(tx, actor, existing.case_id, { forUpdate: true }).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'not_found' ? AppError.notFound('Appeal') : e;
    });
    const appeal = (await findAppeal(tx, existing.id, { forUpdate: true }))!;
    if (appeal.status !== 'open') {
      throw new AppError('conflict', `This appeal was ${appeal.status} on ${appeal.decided_at?.toISOString() ?? 'an earlier date'}; it takes no reviewer now`, {
        extra: { reason: 'appeal_closed', appeal_status: appeal.status },
      });
    }
    const person = await findPerson(tx, personId);
    if (!person || person.organization_id !== actor.orgId || person.disabled_at !== null) {
      throw AppError.validation([{ field: 'person_id', message: 'is not an active person of your organization' }]);
    }
    if (!can({ orgId: person.organization_id, role: person.role }, 'case.act')) {
      throw AppError.validation([{ field: 'person_id', message: `is a ${person.role}: only a reviewer or an admin can review an appeal` }]);
    }
    const appealed = await findAppealedDecision(tx, appeal.decision_id);
    const tookPart = appealed ? reviewerTookPart(appealed, { personId: person.id, keyId: null }, 'person_id') : null;
    if (tookPart) throw tookPart;
    const at = ctx.now();
    await setAppealReviewer(tx, appeal.id, { personId: person.id, at, by: actor.personId });
    return { appeal_id: appeal.id, case_id: c.id, assignee: { id: person.id, display_name: person.display_name }, assigned_at: at.toISOString() };
  });
}
