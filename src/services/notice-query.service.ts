import type { CaseStatus } from '../core/case-state.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { itemOutcome } from '../core/notice-outcome.ts';
import { isSubmitterKind, type Actor } from '../core/organization.ts';
import { canonicalizeUrl } from '../core/url-canonical.ts';
import { findNoticeOfSubmitter, listNoticesOfSubmitter, type NoticeRow } from '../repositories/notice.repository.ts';
import type { ServiceContext } from './context.ts';
import { imageUrl } from './image.service.ts';

/**
 * A notice as an organization sees it; `onlyCaseId` keeps the items of one case. Each item's URL as
 * submitted is shown to its submitter alone: it may carry the submitter's own tokens or session
 * (`?access_token=…`). Anyone else (the platform) sees the canonical URL, which names the content
 * and keeps only parameters that identify it.
 */
export function presentNotice(n: NoticeRow, viewerOrgId: string, onlyCaseId?: string) {
  const own = n.submitter_org_id === viewerOrgId;
  // Each item with the outcome of its case so far (core/notice-outcome.ts), null while unanswered.
  // Images are shown to whoever is shown the notice; their bytes come from GET /api/v1/images/{sha256}.
  const items = (onlyCaseId ? n.items.filter((i) => i.case_id === onlyCaseId) : n.items).map(({ latest_decision, images, ...i }) => ({
    ...i,
    outcome: itemOutcome(i.case_status as CaseStatus, latest_decision),
    images: (images ?? []).map((im) => ({ ...im, url: imageUrl(im.sha256) })),
  }));
  return {
    id: n.id,
    category: n.category,
    category_specification: n.category_specification,
    explanation: n.explanation,
    legal_basis: n.legal_basis,
    content_language: n.content_language,
    urgency: n.urgency,
    due_at: n.due_at.toISOString(),
    received_at: n.created_at.toISOString(),
    items: own ? items : items.map((i) => ({ ...i, url: canonicalUrlOf(i.url) })),
  };
}

/** Every stored item URL passed canonicalization at intake, so it does again. */
function canonicalUrlOf(submitted: string): string {
  try {
    return canonicalizeUrl(submitted).canonical_url;
  } catch {
    // Should the rules ever reject an old URL, show nothing of it rather than all of it.
    return '';
  }
}

function requireSubmitter(actor: Actor) {
  if (!isSubmitterKind(actor.kind)) throw new AppError('forbidden', 'Only organizations that submit notices have notices to list');
}

export async function listOwnNotices(ctx: ServiceContext, actor: Actor, q: { cursor?: string; limit?: number }) {
  requireSubmitter(actor);
  const afterId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && afterId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  const limit = q.limit ?? 50;
  const page = pageOf(await listNoticesOfSubmitter(ctx.db, actor.orgId, afterId, limit + 1), limit);
  return { items: page.items.map((n) => presentNotice(n, actor.orgId)), next_cursor: page.next_cursor };
}

export async function getOwnNotice(ctx: ServiceContext, actor: Actor, id: string) {
  const n = isUuid(id) && isSubmitterKind(actor.kind) ? await findNoticeOfSubmitter(ctx.db, actor.orgId, id) : null;
  if (!n) throw AppError.notFound('Notice');
  return presentNotice(n, actor.orgId);
}
