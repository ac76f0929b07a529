import { sealPublicRecord } from '../core/public-record-document.ts';
import { nextStatus } from '../core/case-state.ts';
import { AppError, type FieldError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { validateNoAction } from '../core/no-action-decision.ts';
import type { Actor } from '../core/organization.ts';
import { publicRecordForDecision } from '../core/public-record.ts';
import { statementSource } from '../core/statement-source.ts';
import { validateStatementOfReasons } from '../core/statement-of-reasons.ts';
import { splitAffectedUserDelivery, type AffectedUserDelivery } from '../core/statement-link.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { listCaseSubmitters, updateCaseStatus } from '../repositories/case.repository.ts';
import { findDecisionByPuid, insertDecision } from '../repositories/decision.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { loadVisibleCase } from './case.service.ts';
import { answerAppeal, appealLinkOf, appealUnderDecision } from './appeal-decision.ts';
import { checkLabelFactCheck } from './fact-check.service.ts';
import type { ServiceContext } from './context.ts';
import { issueStatementLink } from './statement-link.service.ts';
import { recordNoticeAnswers } from './notice-outcome.service.ts';

type Validated = { ok: true; value: Record<string, unknown> & { puid?: string } } | { ok: false; errors: FieldError[] };

/**
 * A platform's decision on a case, as a DSA statement of reasons. The server adds what it knows
 * better than the platform (source, identity of notifiers, timestamps), stores it, moves the case
 * to `decided` and publishes the statement, all in one transaction.
 */
export function recordDecision(ctx: ServiceContext, actor: Actor, caseId: string, input: unknown) {
  const { rest, delivery, errors } = splitAffectedUserDelivery(input); // the affected user's address is no part of the statement
  return decide(ctx, actor, caseId, 'restriction', () => withErrors(validateStatementOfReasons(rest) as Validated, errors), delivery);
}

/** The platform found nothing to restrict: the case is answered, with reasons, and that is published too. */
export function recordNoAction(ctx: ServiceContext, actor: Actor, caseId: string, input: unknown) {
  const { rest, delivery, errors } = splitAffectedUserDelivery(input);
  return decide(ctx, actor, caseId, 'no_action', () => withErrors(validateNoAction(rest) as Validated, errors), delivery);
}

function withErrors(checked: Validated, errors: FieldError[]): Validated {
  if (errors.length === 0) return checked;
  return { ok: false, errors: [...(checked.ok ? [] : checked.errors), ...errors] };
}

async function decide(ctx: ServiceContext, actor: Actor, caseId: string, outcome: 'restriction' | 'no_action', validate: () => Validated, delivery: AffectedUserDelivery) {
  if (actor.kind !== 'platform') throw new AppError('forbidden', 'Only the platform a case is addressed to can decide it');
  return ctx.db.transaction(async (tx) => {
    const c = await loadVisibleCase(tx, actor, caseId, { forUpdate: true });
    const to = nextStatus(c.status, 'decide', actor.kind);
    const checked = validate();
    if (!checked.ok) throw AppError.validation(checked.errors);
    const input = checked.value;
    await checkLabelFactCheck(tx, c.id, input); // a label's fact_check_id must be a verdict on this case
    const puid = input.puid ?? null;
    const onAppeal = await appealUnderDecision(tx, actor, c, input); // independent reviewer, not fully automated (appeal-decision.ts)

    const duplicatePuid = (existingId?: string) =>
      new AppError('duplicate', `You already used puid "${puid}" for another decision`, {
        fields: [{ field: 'puid', message: 'must be unique for your platform' }],
        ...(existingId ? { extra: { existing_id: existingId } } : {}),
      });
    if (puid) {
      const existing = await findDecisionByPuid(tx, actor.orgId, puid);
      if (existing) throw duplicatePuid(existing.id);
    }
    const submitters = await listCaseSubmitters(tx, c.id);
    const at = ctx.now();
    const id = uuidv7(at.getTime());
    const statement = {
      ...(outcome === 'no_action' ? { outcome, category: c.category } : {}),
      ...input,
      ...statementSource(submitters),
      platform_name: actor.name,
      method: 'API',
      uuid: id,
      created_at: at.toISOString(),
      ...(onAppeal ? { appeal: appealLinkOf(onAppeal, outcome, input) } : {}),
    };
    const by = { decided_by_person_id: actor.personId, decided_by_key_id: actor.keyId };
    if (!(await insertDecision(tx, { id, case_id: c.id, platform_org_id: actor.orgId, outcome, puid, statement, created_at: at, ...by }))) throw duplicatePuid();
    if (!(await updateCaseStatus(tx, c, { status: to, decided_at: at, at }))) {
      throw new AppError('conflict', 'The case changed while you decided it; reload it and try again');
    }
    const record = sealPublicRecord(
      publicRecordForDecision({ decisionId: id, caseId: c.id, platform: c.platform, platformName: actor.name, canonicalUrl: c.canonical_url, statement, createdAt: at, outcome }),
    );
    await insertPublicRecords(tx, [record]);
    if (onAppeal && statement.appeal) await answerAppeal(tx, onAppeal, statement.appeal, { decisionId: id, recordId: record.id, at, platform: c.platform });
    await insertCaseEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        case_id: c.id,
        at,
        actor_org_id: actor.orgId,
        actor_person_id: actor.personId,
        actor_key_id: actor.keyId,
        type: 'decided',
        data: { decision_id: id, outcome, puid, from: c.status, to, public_record_id: record.id, ...(input.decision_ground ? { decision_ground: input.decision_ground } : {}) },
      },
    ]);
    await appendEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        type: 'decision.created',
        at,
        org_id: actor.orgId,
        case_id: c.id,
        data: { decision_id: id, case_id: c.id, platform: c.platform, outcome, from: c.status, status: to, public_record_id: record.id, ...(puid ? { puid } : {}) },
      },
    ]);
    await recordNoticeAnswers(tx, { case_id: c.id, platform: c.platform, decision_id: id, outcome, public_record_id: record.id, platform_org_id: actor.orgId, at });
    // The affected user's link: its token is in this answer only (statement-link.service.ts).
    const link = await issueStatementLink(tx, { decisionId: id, caseId: c.id, platformOrgId: actor.orgId, at, delivery });
    return { id, case_id: c.id, case_status: to, outcome, public_record_id: record.id, statement, affected_user_statement: link };
  });
}
