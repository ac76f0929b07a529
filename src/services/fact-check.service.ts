import { decodeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { checkFactCheck, claimReviewOf, publicRecordForFactCheck, type FactCheckDocument, type FactCheckInput, type FactCheckVerdict } from '../core/fact-check.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can, roleFor } from '../core/policy.ts';
import { publicDocument, sealPublicRecord } from '../core/public-record-document.ts';
import type { Db } from '../db/db.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { findCase } from '../repositories/case.repository.ts';
import { findFactCheckCase, insertFactCheck, listCaseFactChecks, listPublishedFactChecks } from '../repositories/fact-check.repository.ts';
import { touchCases } from '../repositories/notice-update.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import type { PublicRecordRow } from '../repositories/public-record.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { loadVisibleCase } from './case.service.ts';
import type { ServiceContext } from './context.ts';

/**
 * A fact-checker records its verdict on a case (issue 14). Fact-checkers are trusted flaggers
 * (the operator registers them so); a reviewer or admin of one, or its key, may check ANY case,
 * not only those it reported: a fact-checker checks a claim wherever it appears, and case ids are
 * public (every record names its case). The verdict is stored, published (record `fact_check`,
 * sealed for the log), put on the case's timeline (`fact_checked`) and told in the outbox
 * (`fact_check.created`, so the case's platform and submitters get it by webhook), in one
 * transaction, under the case's row lock so the case's events keep their order. Several verdicts
 * may be given on one case, each its own record; a fact-checker's latest is its current one.
 */
export async function createFactCheck(ctx: ServiceContext, actor: Actor, caseId: string, input: FactCheckInput) {
  if (actor.kind !== 'trusted_flagger') throw new AppError('forbidden', 'Only fact-checkers (organizations registered as trusted flaggers) record verdicts');
  if (!can(actor, 'fact_check.create')) throw new AppError('forbidden', `Recording a verdict needs the ${roleFor('fact_check.create')} role`);
  const checked = checkFactCheck(input);
  return ctx.db.transaction(async (tx) => {
    const c = isUuid(caseId) ? await findCase(tx, caseId, { forUpdate: true }) : null;
    if (!c) throw AppError.notFound('Case');
    if (c.merged_into) {
      throw new AppError('conflict', `This case was merged into ${c.merged_into}, which holds its content now; record the verdict there`, {
        extra: { merged_into: c.merged_into },
      });
    }
    const at = ctx.now();
    const id = uuidv7(at.getTime());
    const record = sealPublicRecord(
      publicRecordForFactCheck({
        factCheckId: id,
        caseId: c.id,
        platform: c.platform,
        category: c.category,
        canonicalUrl: c.canonical_url,
        factCheckerName: actor.name,
        checked,
        createdAt: at,
      }),
    );
    await insertPublicRecords(tx, [record]);
    await insertFactCheck(tx, {
      id,
      case_id: c.id,
      organization_id: actor.orgId,
      created_by_person: actor.personId,
      created_by_key: actor.keyId,
      ...checked,
      public_record_id: record.id,
      created_at: at,
    });
    // The case changed: a platform polling `updated_since` must see the verdict (as for additions).
    await touchCases(tx, [c.id], [], at);
    await insertCaseEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        case_id: c.id,
        at,
        actor_org_id: actor.orgId,
        actor_person_id: actor.personId,
        actor_key_id: actor.keyId,
        type: 'fact_checked',
        data: { fact_check_id: id, verdict: checked.verdict, public_record_id: record.id },
      },
    ]);
    // No free text: events leave the system; the receiver reads the verdict's record.
    await appendEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        type: 'fact_check.created',
        at,
        org_id: actor.orgId,
        case_id: c.id,
        data: { fact_check_id: id, case_id: c.id, platform: c.platform, verdict: checked.verdict, public_record_id: record.id },
      },
    ]);
    return {
      id,
      case_id: c.id,
      verdict: checked.verdict,
      claim: checked.claim,
      explanation: checked.explanation,
      sources: checked.sources,
      fact_checker: { id: actor.orgId, name: actor.name },
      public_record_id: record.id,
      created_at: at.toISOString(),
    };
  });
}

/**
 * A case's verdicts, for whoever may see the case (its platform, its submitters): newest first,
 * each fact-checker's latest marked `current`. The texts are as the fact-checker wrote them; the
 * public reads them redacted on the records.
 */
export async function listFactChecksOfCase(ctx: ServiceContext, actor: Actor, caseId: string) {
  const c = await loadVisibleCase(ctx.db, actor, caseId);
  const rows = await listCaseFactChecks(ctx.db, c.id);
  const seen = new Set<string>();
  return {
    items: rows.map((r) => {
      const current = !seen.has(r.organization_id);
      seen.add(r.organization_id);
      return {
        id: r.id,
        case_id: r.case_id,
        verdict: r.verdict,
        claim: r.claim,
        explanation: r.explanation,
        sources: r.sources,
        fact_checker: { id: r.organization_id, name: r.organization_name },
        current,
        public_record_id: r.public_record_id,
        created_at: r.created_at.toISOString(),
      };
    }),
  };
}

/**
 * A platform's label may point to a verdict (`fact_check_id` of a statement of reasons, allowed
 * only with DECISION_VISIBILITY_CONTENT_LABELLED by statement-of-reasons.ts): it must be one on
 * the case decided, or the label would send readers to a verdict about other content.
 */
export async function checkLabelFactCheck(tx: Db, caseId: string, statement: Record<string, unknown>): Promise<void> {
  const id = statement.fact_check_id;
  if (typeof id !== 'string') return;
  const f = await findFactCheckCase(tx, id);
  if (f?.case_id !== caseId) {
    throw AppError.validation([{ field: 'fact_check_id', message: 'must name a fact-check on this case (GET /api/v1/cases/{id}/fact-checks lists them)' }]);
  }
}

/** Where a record's page is in the portal: a ClaimReview's `url`. */
function portalUrl(publicUrl: string, recordId: string): string {
  return `${publicUrl}/records/${recordId}`;
}

function claimReviewOfRow(r: PublicRecordRow, publicUrl: string) {
  return claimReviewOf(publicDocument(r) as unknown as FactCheckDocument, portalUrl(publicUrl, r.id));
}

/**
 * Published verdicts as a schema.org JSON-LD document: ClaimReviews in an `@graph`, newest first,
 * made from the published records alone (claimReviewOf). `next_cursor` pages like
 * /public/records.
 */
export async function publicFactChecks(ctx: ServiceContext, publicUrl: string, q: { case_id?: string; verdict?: FactCheckVerdict; cursor?: string; limit?: number }) {
  const afterId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && afterId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  if (q.case_id !== undefined && !isUuid(q.case_id)) throw AppError.validation([{ field: 'case_id', message: 'must be a case id (a UUID)' }]);
  const limit = q.limit ?? 50;
  const page = pageOf(await listPublishedFactChecks(ctx.db, { caseId: q.case_id, verdict: q.verdict, afterId, limit: limit + 1 }), limit);
  return {
    '@context': 'https://schema.org' as const,
    '@graph': page.items.map((r) => {
      const { '@context': _context, ...review } = claimReviewOfRow(r, publicUrl);
      return review;
    }),
    next_cursor: page.next_cursor,
  };
}

/** One published verdict as a ClaimReview, by the fact-check's id. */
export async function publicFactCheck(ctx: ServiceContext, publicUrl: string, id: string) {
  const [r] = isUuid(id) ? await listPublishedFactChecks(ctx.db, { factCheckId: id, afterId: null, limit: 1 }) : [];
  if (!r) throw AppError.notFound('Fact-check');
  return claimReviewOfRow(r, publicUrl);
}
