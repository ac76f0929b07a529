import { correctedKind, draftCorrection } from '../core/correction.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can } from '../core/policy.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { findChain, findDecisionForCorrection, findNoticeSubmitter, type CorrectableRow } from '../repositories/correction.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import type { ServiceContext } from './context.ts';
import { presentRecord } from './public-record.service.ts';

export interface CorrectionRequest {
  changes: Record<string, unknown>;
  reason: string;
}

const DECISION_KINDS = new Set(['statement_of_reasons', 'no_action_decision']);
const NOTICE_KINDS = new Set(['authority_request', 'trusted_flagger_notice', 'rights_holder_notice']);

/**
 * Corrects a published record by publishing a correction that supersedes it (src/core/correction.ts);
 * nothing published is updated. `actor` is the organization asking — the platform that made a
 * decision, or the submitter of a notice; anyone else is told the record does not exist — or
 * null for the operator, who may correct any correctable record. Answers the correction as
 * GET /api/v1/public/records/{id} will show it.
 */
export async function correctRecord(ctx: ServiceContext, actor: Actor | null, recordId: string, input: CorrectionRequest) {
  if (actor && !can(actor, 'record.correct')) throw new AppError('forbidden', 'Correcting a published record needs the reviewer role or more');
  return ctx.db.transaction(async (tx) => {
    // The record's row lock makes two corrections of one version wait for each other, so the
    // second sees the first and is refused (UNIQUE (type, source_id, platform) holds it anyway).
    const chain = isUuid(recordId) ? await findChain(tx, recordId, { lockFirst: true }) : [];
    const record = chain.find((r) => r.id === recordId);
    if (!record) throw AppError.notFound('Public record');
    const original = chain[0]!;
    const kind = correctedKind(original);
    const decision = DECISION_KINDS.has(kind) ? await findDecisionForCorrection(tx, original.source_id) : null;
    if (actor) {
      const owner = decision ? decision.platform_org_id : NOTICE_KINDS.has(kind) ? await findNoticeSubmitter(tx, original.source_id) : null;
      // Someone else's record, like a missing one, is not found: its author is not told apart.
      if (owner !== actor.orgId) throw AppError.notFound('Public record');
    }
    const latest = chain.at(-1)!;
    const at = ctx.now();
    const { draft, note } = draftCorrection({
      record,
      latestId: latest.id === record.id ? null : latest.id,
      changes: input.changes,
      reason: input.reason,
      at,
      statement: decision?.statement ?? null,
    });
    const sealed = sealPublicRecord(draft);
    await insertPublicRecords(tx, [sealed]);

    const caseIds = decision ? [decision.case_id] : caseIdsOf(original);
    const ids = { record_id: sealed.id, corrects_record_id: note.corrects_record_id, original_record_id: note.original_record_id };
    const changedFields = note.changed_fields.map((c) => c.field);
    await insertCaseEvents(
      tx,
      caseIds.map((caseId) => ({
        id: uuidv7(at.getTime()),
        case_id: caseId,
        at,
        actor_org_id: actor?.orgId ?? null,
        actor_person_id: actor?.personId ?? null,
        actor_key_id: actor?.keyId ?? null,
        type: 'record_corrected',
        data: { ...ids, changed_fields: changedFields },
      })),
    );
    // Ids only: what changed is public in the record itself; events leave the system.
    const event = (caseId: string | null) => ({
      id: uuidv7(at.getTime()),
      type: 'record.corrected' as const,
      at,
      org_id: actor?.orgId ?? null,
      case_id: caseId,
      data: { ...ids, record_type: kind, platform: sealed.platform, ...(caseId ? { case_id: caseId } : {}) },
    });
    await appendEvents(tx, caseIds.length > 0 ? caseIds.map(event) : [event(null)]);
    return presentRecord({ ...sealed, withdrawn_by: null, log_index: null, superseded_by: null });
  });
}

/** The cases a notice's record is about, as intake wrote them into its items. */
function caseIdsOf(record: CorrectableRow): string[] {
  const items = Array.isArray(record.body.items) ? (record.body.items as unknown[]) : [];
  const ids = items
    .map((i) => (typeof i === 'object' && i !== null ? (i as { case_id?: unknown }).case_id : null))
    .filter((id): id is string => typeof id === 'string' && isUuid(id));
  return [...new Set(ids)];
}

/** Every version of a record, oldest first, each with its place in the log; from any member of the chain. */
export async function recordHistory(ctx: ServiceContext, recordId: string) {
  const chain = isUuid(recordId) ? await findChain(ctx.db, recordId) : [];
  if (chain.length === 0) throw AppError.notFound('Public record');
  return {
    original_record_id: chain[0]!.id,
    current_record_id: chain.at(-1)!.id,
    versions: chain.map(({ source_id: _s, ...r }) => presentRecord(r)),
  };
}

/**
 * The current version of a record: the latest correction of its chain, or the record itself if
 * nothing corrected it; null if there is no such record. For pages that show a record and must
 * show what is true now (the affected user's statement page).
 */
export async function currentVersionOf(ctx: ServiceContext, recordId: string) {
  const chain = isUuid(recordId) ? await findChain(ctx.db, recordId) : [];
  const latest = chain.at(-1);
  if (!latest) return null;
  const { source_id: _s, ...r } = latest;
  return presentRecord(r);
}
