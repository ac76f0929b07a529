import { CASE_STATUSES, checkAppealOnce, nextStatus, OPEN_STATUSES, type CaseAction, type CaseStatus } from '../core/case-state.ts';
import { decodeCursor, decodeTimeCursor, encodeTimeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { appealDeadline, isOverdue } from '../core/sla.ts';
import { currentCanonical } from '../core/url-canonical.ts';
import type { Db } from '../db/db.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { insertCaseEvents, listCaseEvents } from '../repositories/case-event.repository.ts';
import { findCase, listCases, listChangedCases, updateCaseStatus, type CaseFilter, type CaseRow } from '../repositories/case.repository.ts';
import { listDecisionsOfCase } from '../repositories/decision.repository.ts';
import { listNoticesOfCase } from '../repositories/notice.repository.ts';
import { listCaseLinks } from '../repositories/text-fingerprint.repository.ts';
import { listCaseAliases } from '../repositories/case-merge.repository.ts';
import { assignedServices } from '../repositories/service.repository.ts';
import type { ServiceContext } from './context.ts';
import { slaRules } from './sla-policy.service.ts';
import { visibleCaseIds } from './case-visibility.ts';
import { caseTimeline } from './case-timeline.ts';
import { presentNotice } from './notice-query.service.ts';

/**
 * The case as listed. A submitter's view leaves out what other submitters did. The URL and key are
 * the canonical ones under today's rules (currentCanonical), never a submitter's URL as sent.
 */
export function caseSummary(c: CaseRow, now: Date, actor: Actor, options: { counts?: boolean } = {}) {
  const open = OPEN_STATUSES.includes(c.status);
  // Counts say how many reports and whether an authority asked: the platform's, and the queue of
  // content nobody answers for (authorities weigh what to chase by them).
  const platformView = actor.kind === 'platform' || options.counts === true;
  const shown = currentCanonical(c);
  return {
    id: c.id,
    content_key: shown.content_key,
    platform: c.platform,
    canonical_url: shown.canonical_url,
    status: c.status,
    merged_into: c.merged_into,
    category: c.category,
    ...(platformView ? { notice_count: c.notice_count, authority_request: c.authority_request } : {}),
    due_at: c.due_at ? c.due_at.toISOString() : null,
    overdue: isOverdue(c.due_at, open, now),
    decided_at: c.decided_at ? c.decided_at.toISOString() : null,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}

/**
 * Loads a case the actor may see: the platform it is on, or a submitter that joined it. Anything
 * else is "not found", so nobody learns that another organization's case exists.
 */
export async function loadVisibleCase(db: Db, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  const c = isUuid(id) ? await findCase(db, id, options) : null;
  if (!c) throw AppError.notFound('Case');
  // Whoever changes a case is its platform or one of its submitters: an authority reads the
  // unassigned queue, it does not act on others' notices.
  if (!(await visibleCaseIds(db, actor, [c], { toAct: options.forUpdate === true })).has(c.id)) throw AppError.notFound('Case');
  return c;
}

export interface ListCasesQuery {
  /** Only cases on this service. */
  platform?: string;
  status?: CaseStatus;
  category?: string;
  overdue?: boolean;
  /** ISO 8601: only cases changed at or after it, oldest change first (polling). */
  updated_since?: string;
  cursor?: string;
  limit?: number;
}

export async function listVisibleCases(ctx: ServiceContext, actor: Actor, q: ListCasesQuery) {
  if (q.updated_since !== undefined) return listChangedVisibleCases(ctx, actor, { ...q, updated_since: q.updated_since });
  return casePage(ctx, actor, scopeOf(actor, q.platform), q);
}

/** One page of a case list, newest first: the filters of the query within the scope given. */
async function casePage(
  ctx: ServiceContext,
  actor: Actor,
  scope: Pick<CaseFilter, 'platforms' | 'joinedBy' | 'notOn'>,
  q: Omit<ListCasesQuery, 'updated_since' | 'platform'>,
  options: { counts?: boolean } = {},
) {
  const afterId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && afterId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  if (q.status !== undefined && !CASE_STATUSES.includes(q.status)) throw AppError.validation([{ field: 'status', message: `must be one of ${CASE_STATUSES.join(', ')}` }]);
  const limit = q.limit ?? 50;
  const now = ctx.now();
  const rows = await listCases(ctx.db, { ...scope, status: q.status, category: q.category, overdue: q.overdue, now, afterId, limit: limit + 1, openStatuses: OPEN_STATUSES });
  const page = pageOf(rows, limit);
  return { items: page.items.map((c) => caseSummary(c, now, actor, options)), next_cursor: page.next_cursor };
}

/** The cases a list may hold: a platform's services (or the one asked for among them), or a submitter's. */
function scopeOf(actor: Actor, platform: string | undefined): { platforms?: readonly string[]; joinedBy?: string } {
  if (actor.kind === 'platform') return { platforms: platform === undefined ? actor.services : actor.services.filter((s) => s === platform) };
  return { joinedBy: actor.orgId, ...(platform === undefined ? {} : { platforms: [platform] }) };
}

/**
 * GET /cases/unassigned: content on services no organization answers for (most often websites),
 * which would otherwise wait unseen. Authorities see the whole queue, whoever filed the notices;
 * the registry's contact address for the service is e-mailed each request meanwhile.
 */
export async function listUnassignedCases(ctx: ServiceContext, actor: Actor, q: Omit<ListCasesQuery, 'updated_since'>) {
  if (actor.kind !== 'authority') throw new AppError('forbidden', 'The queue of content no organization answers for is for authorities');
  const scope = { notOn: await assignedServices(ctx.db), ...(q.platform === undefined ? {} : { platforms: [q.platform] }) };
  return casePage(ctx, actor, scope, q, { counts: true });
}

/**
 * A change committed this long after its `updated_at` was taken (the time is taken when the
 * transaction begins) would be missed by a poller that moved past it; `poll_from` stays this far
 * behind now, so a poller re-reads the last minute of changes instead of ever missing one.
 */
export const POLL_OVERLAP_MS = 60_000;

/**
 * `updated_since`: the cases changed at or after a time, oldest change first, with a cursor; the
 * last page says where to poll from next (`poll_from`).
 */
async function listChangedVisibleCases(ctx: ServiceContext, actor: Actor, q: ListCasesQuery & { updated_since: string }) {
  const since = new Date(q.updated_since);
  if (Number.isNaN(since.getTime())) throw AppError.validation([{ field: 'updated_since', message: 'must be a date-time such as 2026-12-07T08:00:00Z' }]);
  if (q.overdue !== undefined) throw AppError.validation([{ field: 'overdue', message: 'cannot be combined with updated_since' }]);
  const after = q.cursor === undefined ? null : decodeTimeCursor(q.cursor);
  if (q.cursor !== undefined && after === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page of this updated_since query' }]);
  const limit = q.limit ?? 50;
  const now = ctx.now();
  const rows = await listChangedCases(ctx.db, {
    ...scopeOf(actor, q.platform),
    status: q.status,
    category: q.category,
    since,
    after,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const more = rows.length > limit;
  const newest = last ? Math.max(last.updated_at.getTime(), since.getTime()) : since.getTime();
  return {
    items: items.map((c) => caseSummary(c, now, actor)),
    next_cursor: more && last ? encodeTimeCursor(last.updated_at, last.id) : null,
    ...(more ? {} : { poll_from: new Date(Math.min(newest, Math.max(since.getTime(), now.getTime() - POLL_OVERLAP_MS))).toISOString() }),
  };
}

/** A platform sees the whole case; a submitter sees its state and its own notices only. */
export async function getCase(ctx: ServiceContext, actor: Actor, id: string) {
  const c = await loadVisibleCase(ctx.db, actor, id);
  const isPlatform = actor.kind === 'platform';
  const [notices, decisions, events, related, aliases] = await Promise.all([
    listNoticesOfCase(ctx.db, c.id, isPlatform ? null : actor.orgId),
    listDecisionsOfCase(ctx.db, c.id),
    isPlatform ? listCaseEvents(ctx.db, c.id) : Promise.resolve(null),
    isPlatform ? listCaseLinks(ctx.db, c.id) : Promise.resolve(null),
    listCaseAliases(ctx.db, c.id),
  ]);
  const summary = caseSummary(c, ctx.now(), actor);
  return {
    ...summary,
    // Where the content is: the case's own URL, then the URLs of duplicates merged into it, all
    // canonical (other organizations reported those: their URLs as sent stay theirs).
    locations: [
      { content_key: summary.content_key, canonical_url: summary.canonical_url, merged_case_id: null, score: null },
      ...aliases.map((a) => ({ ...currentCanonical(a), merged_case_id: a.merged_case_id, score: Math.round(a.score * 1000) / 1000 })),
    ],
    // Only this case's items: a notice may also name content on other platforms. A submitter's
    // URLs as sent only on its own notices.
    notices: notices.map((n) => ({ ...presentNotice(n, actor.orgId, c.id), submitter: { id: n.submitter_org_id, kind: n.submitter_kind, name: n.submitter_name } })),
    decisions: decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      puid: d.puid,
      created_at: d.created_at.toISOString(),
      public_record_id: d.public_record_id,
      statement: d.statement,
    })),
    ...(events ? { timeline: caseTimeline(c.created_at, notices, events, actor.orgId) } : {}),
    // Cases holding the same or a similar text, for the reviewer (platform view only).
    ...(related
      ? { related_cases: related.map((l) => ({ case_id: l.related_case_id, level: l.level, score: Math.round(l.score * 1000) / 1000, platform: l.platform, status: l.status })) }
      : {}),
  };
}

/** Moves a case by one action of the state machine (deciding has its own use case). */
export async function actOnCase(ctx: ServiceContext, actor: Actor, id: string, action: Exclude<CaseAction, 'decide'>, note: string | undefined) {
  // Read before the transaction: on the embedded database a read beside an open transaction waits for it.
  const rules = action === 'appeal' ? await slaRules(ctx) : undefined;
  return ctx.db.transaction(async (tx) => {
    const c = await loadVisibleCase(tx, actor, id, { forUpdate: true });
    const to = nextStatus(c.status, action, actor.kind);
    // The case row is locked: two appeals of one submitter at once cannot both pass.
    if (action === 'appeal') checkAppealOnce(await listCaseEvents(tx, c.id), actor);
    const at = ctx.now();
    const dueAt = rules ? appealDeadline(at, c.category, rules) : undefined;
    if (!(await updateCaseStatus(tx, c, { status: to, at, ...(dueAt ? { due_at: dueAt } : {}) }))) {
      throw new AppError('conflict', 'The case changed while you acted on it; reload it and try again');
    }
    await insertCaseEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        case_id: c.id,
        at,
        actor_org_id: actor.orgId,
        actor_person_id: actor.personId,
        actor_key_id: actor.keyId,
        type: 'status_changed',
        data: { action, from: c.status, to, ...(note ? { note } : {}) },
      },
    ]);
    // The note stays on the timeline: it is free text, and events leave the system.
    const change = { case_id: c.id, platform: c.platform, change: action, from: c.status, status: to, due_at: (dueAt ?? c.due_at)?.toISOString() ?? null };
    await appendEvents(tx, [
      action === 'appeal'
        ? { id: uuidv7(at.getTime()), type: 'appeal.created', at, org_id: actor.orgId, case_id: c.id, data: { ...change, appellant_kind: actor.kind } }
        : { id: uuidv7(at.getTime()), type: 'case.updated', at, org_id: actor.orgId, case_id: c.id, data: change },
    ]);
    return caseSummary({ ...c, status: to, updated_at: at, due_at: dueAt ?? c.due_at }, at, actor);
  });
}
