import { appellantOf, checkAppealInput } from '../core/appeal.ts';
import { CASE_STATUSES, checkAppealOnce, nextStatus, OPEN_STATUSES, type CaseAction, type CaseStatus } from '../core/case-state.ts';
import { decodeCursor, decodeTimeCursor, encodeCursor, encodeTimeCursor } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { dueSoonAt, dueSoonFraction, isOverdue, type SlaRules } from '../core/sla.ts';
import { currentCanonical } from '../core/url-canonical.ts';
import type { Db } from '../db/db.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { insertCaseEvents, listCaseEvents } from '../repositories/case-event.repository.ts';
import { countCases, findCase, listCases, listChangedCases, NO_DEADLINE, updateCaseStatus, type CaseFilter, type CaseSort, type CaseRow } from '../repositories/case.repository.ts';
import { listDecisionsOfCase } from '../repositories/decision.repository.ts';
import { listNoticesOfCase } from '../repositories/notice.repository.ts';
import { listCaseLinks } from '../repositories/case-link.repository.ts';
import { listCaseAliases } from '../repositories/case-merge.repository.ts';
import { assignedServices } from '../repositories/service.repository.ts';
import { findAssignment } from '../repositories/case-assignment.repository.ts';
import type { ServiceContext } from './context.ts';
import { slaRules } from './sla-policy.service.ts';
import { visibleCaseIds } from './case-visibility.ts';
import { caseTimeline } from './case-timeline.ts';
import { presentNotice } from './notice-query.service.ts';
import { noticeUpdatesOf } from './notice-update.service.ts';
import { statementLinksByDecision } from './statement-link.service.ts';
import { openAppeal } from './appeal-open.ts';
import { appealsForViewer } from './appeal-view.ts';
import { hashListMatchesOfCase } from './hash-list-match.service.ts';
import { shortLinksOfCase } from './short-link.service.ts';

/**
 * The case as listed. A submitter's view leaves out what other submitters did. The URL and key are
 * the canonical ones under today's rules (currentCanonical), never a submitter's URL as sent.
 */
export function caseSummary(
  c: CaseRow,
  now: Date,
  actor: Actor,
  options: {
    counts?: boolean;
    /** The SLA rules in force: with them the summary says when the case becomes due soon. */
    rules?: Pick<SlaRules, 'due_soon_remaining_percent'>;
    /** Who in the viewer's organization has the case (a queue's rows carry it). */
    assignee?: { id: string; display_name: string } | null;
  } = {},
) {
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
    ...(options.rules ? { due_soon_at: open && c.due_at ? dueSoonAt(c.clock_started_at ?? c.created_at, c.due_at, options.rules).toISOString() : null } : {}),
    overdue: isOverdue(c.due_at, open, now),
    ...(options.assignee !== undefined ? { assignee: options.assignee } : {}),
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
  /** `me`, `nobody`, or a person of the viewer's organization: whom the organization gave the case to. */
  assigned_to?: string;
  /** newest (default) or deadline: soonest first. */
  sort?: CaseSort;
  /** ISO 8601: only cases changed at or after it, oldest change first (polling). */
  updated_since?: string;
  cursor?: string;
  limit?: number;
}

export async function listVisibleCases(ctx: ServiceContext, actor: Actor, q: ListCasesQuery) {
  if (q.updated_since !== undefined) return listChangedVisibleCases(ctx, actor, { ...q, updated_since: q.updated_since });
  return casePage(ctx, actor, scopeOf(actor, q.platform), q);
}

/** One page of a case list, newest or soonest deadline first: the filters of the query within the scope given. */
async function casePage(
  ctx: ServiceContext,
  actor: Actor,
  scope: Pick<CaseFilter, 'platforms' | 'joinedBy' | 'notOn'>,
  q: Omit<ListCasesQuery, 'updated_since' | 'platform'>,
  options: { counts?: boolean } = {},
) {
  const sort = q.sort ?? 'newest';
  const after = q.cursor === undefined ? null : sort === 'deadline' ? decodeTimeCursor(q.cursor) : mapId(decodeCursor(q.cursor));
  if (q.cursor !== undefined && after === null) throw AppError.validation([{ field: 'cursor', message: `is not a cursor from a previous page sorted by ${sort}` }]);
  if (q.status !== undefined && !CASE_STATUSES.includes(q.status)) throw AppError.validation([{ field: 'status', message: `must be one of ${CASE_STATUSES.join(', ')}` }]);
  const limit = q.limit ?? 50;
  const now = ctx.now();
  const assignee = assigneeFilter(actor, q.assigned_to);
  const rules = await slaRules(ctx);
  const rows = await listCases(ctx.db, {
    ...scope,
    status: q.status,
    category: q.category,
    overdue: q.overdue,
    viewerOrgId: actor.orgId,
    ...(assignee === undefined ? {} : { assignee }),
    sort,
    now,
    after,
    limit: limit + 1,
    openStatuses: OPEN_STATUSES,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const next = rows.length > limit && last ? (sort === 'deadline' ? encodeTimeCursor(last.due_at ?? NO_DEADLINE, last.id) : encodeCursor(last.id)) : null;
  return {
    items: items.map((c) => caseSummary(c, now, actor, { ...options, rules, assignee: c.assignee_id ? { id: c.assignee_id, display_name: c.assignee_name ?? '' } : null })),
    next_cursor: next,
  };
}

const mapId = (id: string | null) => (id === null ? null : { id });

/**
 * `assigned_to`: `me` is the person signed in (an API key is nobody's `me`), `nobody` the cases
 * no one of the organization has; an id must be a uuid (someone of another organization simply
 * has no cases here).
 */
function assigneeFilter(actor: Actor, assignedTo: string | undefined): string | undefined {
  if (assignedTo === undefined) return undefined;
  if (assignedTo === 'me') {
    if (actor.personId === null)
      throw AppError.validation([{ field: 'assigned_to', message: 'me means the person signed in: an API key has no cases of its own; give a person id' }]);
    return actor.personId;
  }
  if (assignedTo === 'nobody' || isUuid(assignedTo)) return assignedTo;
  throw AppError.validation([{ field: 'assigned_to', message: 'must be me, nobody or the id of a person of your organization' }]);
}

/**
 * GET /cases/counts: the queue's numbers at a glance — per status, and how many are overdue, due
 * soon, mine, and nobody's — under the same scope and filters as the list.
 */
export async function caseCounts(ctx: ServiceContext, actor: Actor, q: Pick<ListCasesQuery, 'platform' | 'category' | 'assigned_to'>) {
  const rules = await slaRules(ctx);
  const assignee = assigneeFilter(actor, q.assigned_to);
  const rows = await countCases(ctx.db, {
    ...scopeOf(actor, q.platform),
    category: q.category,
    ...(assignee === undefined ? {} : { assignee }),
    viewerOrgId: actor.orgId,
    now: ctx.now(),
    openStatuses: OPEN_STATUSES,
    personId: actor.personId,
    dueSoonFraction: dueSoonFraction(rules),
  });
  const sum = (k: 'cases' | 'overdue' | 'due_soon' | 'assigned_to_me' | 'unassigned', only: readonly CaseStatus[] = CASE_STATUSES) =>
    rows.filter((r) => only.includes(r.status)).reduce((n, r) => n + r[k], 0);
  return {
    total: sum('cases'),
    by_status: Object.fromEntries(CASE_STATUSES.filter((st) => st !== 'merged').map((st) => [st, rows.find((r) => r.status === st)?.cases ?? 0])),
    open: sum('cases', OPEN_STATUSES),
    overdue: sum('overdue'),
    due_soon: sum('due_soon'),
    // An API key is nobody: it has no cases of its own.
    assigned_to_me: actor.personId === null ? null : sum('assigned_to_me', OPEN_STATUSES),
    unassigned_open: sum('unassigned', OPEN_STATUSES),
  };
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
  const [notices, decisions, events, related, aliases, assignment, rules] = await Promise.all([
    listNoticesOfCase(ctx.db, c.id, isPlatform ? null : actor.orgId),
    listDecisionsOfCase(ctx.db, c.id),
    isPlatform ? listCaseEvents(ctx.db, c.id) : Promise.resolve(null),
    isPlatform ? listCaseLinks(ctx.db, c.id) : Promise.resolve(null),
    listCaseAliases(ctx.db, c.id),
    findAssignment(ctx.db, c.id, actor.orgId),
    slaRules(ctx),
  ]);
  const summary = caseSummary(c, ctx.now(), actor, { rules, assignee: assignment ? { id: assignment.person_id, display_name: assignment.display_name } : null });
  // What each submitter added to or withdrew from its notice since (notice-update.service.ts).
  const updates = await noticeUpdatesOf(
    ctx.db,
    notices.map((n) => n.id),
  );
  const appeals = await appealsForViewer(ctx.db, c.id, actor);
  // Images of the case matching an imported hash list (PDQ distance ≤ 31): list name, labels, distance.
  const hashListMatches = await hashListMatchesOfCase(ctx.db, c.id);
  // Share links (fb.watch/…) this case was opened for or joined by: resolved, pending, or unresolvable and why.
  const shortLinks = await shortLinksOfCase(ctx.db, c, isPlatform);
  // The platform sees whether the affected user opened each decision's statement (statement-link.service.ts).
  const linksOf = isPlatform ? await statementLinksByDecision(ctx.db, c.id) : null;
  return {
    ...summary,
    // Where the content is: the case's own URL, then the URLs of duplicates merged into it, all
    // canonical (other organizations reported those: their URLs as sent stay theirs).
    locations: [
      { content_key: summary.content_key, canonical_url: summary.canonical_url, merged_case_id: null, score: null },
      // A re-keyed short link (short-link.service.ts) is an alias of the case itself: not merged from anywhere.
      ...aliases.map((a) => ({ ...currentCanonical(a), merged_case_id: a.merged_case_id === c.id ? null : a.merged_case_id, score: Math.round(a.score * 1000) / 1000 })),
    ],
    short_links: shortLinks,
    // Only this case's items: a notice may also name content on other platforms. A submitter's
    // URLs as sent only on its own notices.
    notices: notices.map((n) => ({
      ...presentNotice(n, actor.orgId, c.id),
      submitter: { id: n.submitter_org_id, kind: n.submitter_kind, name: n.submitter_name },
      ...updates(n.id),
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      puid: d.puid,
      created_at: d.created_at.toISOString(),
      public_record_id: d.public_record_id,
      statement: d.statement,
      ...(linksOf ? { affected_user_statement_links: linksOf(d.id) } : {}),
    })),
    // The platform sees every appeal with its text; a submitter its own (appeal-view.ts).
    appeals,
    hash_list_matches: hashListMatches,
    ...(events ? { timeline: caseTimeline(c.created_at, notices, events, actor.orgId) } : {}),
    // Cases holding the same or a similar text, for the reviewer (platform view only); those the
    // platform marked not a duplicate last, with when (case-duplicate.service.ts).
    ...(related
      ? {
          related_cases: related.map((l) => ({
            case_id: l.related_case_id,
            level: l.level,
            score: Math.round(l.score * 1000) / 1000,
            // What the match was found on (case-link.repository.ts), and for pictures how many PDQ bits differ.
            basis: l.basis,
            ...(l.distance !== null ? { distance: l.distance } : {}),
            platform: l.platform,
            status: l.status,
            dismissed_at: l.dismissed_at ? l.dismissed_at.toISOString() : null,
          })),
        }
      : {}),
  };
}

/** Moves a case by one action of the state machine (deciding has its own use case). */
export async function actOnCase(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  action: Exclude<CaseAction, 'decide'>,
  note: string | undefined,
  appeal: { text?: string; urls?: string[] } = {},
) {
  if (action !== 'appeal' && (appeal.text !== undefined || appeal.urls !== undefined)) {
    throw AppError.validation([{ field: appeal.text !== undefined ? 'text' : 'urls', message: 'goes with the appeal action only' }]);
  }
  const written = action === 'appeal' ? checkAppealInput(appeal, { textRequired: false }) : null;
  // Read before the transaction: on the embedded database a read beside an open transaction waits for it.
  const rules = action === 'appeal' ? await slaRules(ctx) : undefined;
  return ctx.db.transaction(async (tx) => {
    const c = await loadVisibleCase(tx, actor, id, { forUpdate: true });
    const to = nextStatus(c.status, action, actor.kind);
    // The case row is locked: two appeals of one submitter at once cannot both pass.
    if (action === 'appeal') checkAppealOnce(await listCaseEvents(tx, c.id), actor);
    const at = ctx.now();
    // Every appeal takes one path, the affected user's through the statement link too (appeal-open.ts).
    if (written && rules) {
      const opened = await openAppeal(tx, { c, by: actor, appellant: appellantOf(actor.kind), statementLinkId: null, ...written, note, rules, at });
      return caseSummary({ ...c, status: opened.status, updated_at: at, due_at: opened.due_at }, at, actor);
    }
    if (!(await updateCaseStatus(tx, c, { status: to, at }))) {
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
    const change = { case_id: c.id, platform: c.platform, change: action, from: c.status, status: to, due_at: c.due_at?.toISOString() ?? null };
    await appendEvents(tx, [{ id: uuidv7(at.getTime()), type: 'case.updated', at, org_id: actor.orgId, case_id: c.id, data: change }]);
    return caseSummary({ ...c, status: to, updated_at: at }, at, actor);
  });
}
