import { uuidv7 } from '../core/ids.ts';
import {
  declaredUrl,
  HOP_TIMEOUT_MS,
  judgeFinal,
  judgeRedirect,
  judgeStatus,
  LINK_TIMEOUT_MS,
  MAX_BODY_BYTES,
  MAX_HOPS,
  isShortKey,
  isShortLink,
  retryDelay,
  shortLinkJoin,
  USER_AGENT,
  type Step,
  type TransientReason,
  type UnresolvableReason,
} from '../core/short-link.ts';
import type { ServiceDirectory } from '../core/services.ts';
import { canonicalizeUrl, type CanonicalUrl } from '../core/url-canonical.ts';
import type { Db } from '../db/db.ts';
import { safeFetch, SafeFetchError, type OutboundPolicy, type SafeFetchOptions, type SafeFetchResponse } from '../net/safe-fetch.ts';
import { insertCaseEvents, type CaseEventRow } from '../repositories/case-event.repository.ts';
import { lockCases, mergeCases } from '../repositories/case-merge.repository.ts';
import { findNotSamePairs } from '../repositories/case-link.repository.ts';
import { markedNotSame } from '../core/case-merge.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import {
  claimShortLinks,
  discoverShortLinkCases,
  findCaseIdByKey,
  findCaseKey,
  insertAlias,
  linkShortLinkCases,
  listShortLinksOfCase,
  lockShortLink,
  markApplied,
  recordResolution,
  rekeyCase,
  type ShortLinkRow,
} from '../repositories/short-link.repository.ts';
import type { ServiceContext } from './context.ts';
import { serviceDirectory } from './service-registry.service.ts';

/**
 * Resolves platform short links (core/short-link.ts says which, and what an answer proves) in the
 * background: a case keyed by `fb.watch/abc` is found, the platform is asked where the link leads
 * (redirects followed one at a time through the SSRF-safe fetcher, each judged before the next is
 * asked), and the answer is cached per link. Then the case:
 * - joins the target's open case (merged, like a text duplicate: the platform's redirect is
 *   evidence no submitter controls), or is linked to it when either has been acted on;
 * - or, when no case holds the target yet, is re-keyed to it: its URL becomes the target's, and
 *   the short URL an alias, so later reports of either land on it;
 * - or, unresolvable, stays its own case, marked with the reason.
 * Either way, later reports of the short link go through case_aliases to the target's case.
 */

/** Asks one URL, without following redirects. Production: safeFetch; tests: a loopback platform. */
export type HopFetch = (url: string, options: SafeFetchOptions & { method: 'HEAD' | 'GET' }) => Promise<SafeFetchResponse>;

export interface ShortLinkDeps {
  /** Where requests may go (MINHBACH_OUTBOUND_ALLOW); used when `fetch` is not given. */
  outbound: OutboundPolicy;
  fetch?: HopFetch;
  /** Links per step. */
  batchSize?: number;
}

/** How long a claimed link is this resolver's: all its hops at most, twice over. */
const LEASE_MS = 2 * LINK_TIMEOUT_MS + 10_000;
const DEFAULT_BATCH = 16;

export type Expansion = { status: 'resolved'; target: CanonicalUrl } | { status: 'unresolvable'; reason: UnresolvableReason } | { status: 'transient'; reason: TransientReason };

function fromStep(step: Exclude<Step, { next: 'follow' }>): Expansion {
  return step.next === 'resolved' ? { status: 'resolved', target: step.target } : { status: 'unresolvable', reason: step.reason };
}

function fromError(e: unknown): Expansion {
  if (e instanceof SafeFetchError) {
    if (e.kind === 'refused') return { status: 'unresolvable', reason: 'refused' };
    if (e.kind === 'timeout') return { status: 'transient', reason: 'timeout' };
    if (e.kind === 'redirect') return { status: 'unresolvable', reason: 'invalid_redirect' };
  }
  return { status: 'transient', reason: 'network' };
}

const isRedirect = (res: SafeFetchResponse) => res.status >= 300 && res.status <= 399 && res.status !== 304 && typeof res.headers.location === 'string';

/**
 * Asks the platform where a short link leads: HEAD first (a redirect needs no body), GET when the
 * HEAD answer is not a redirect (some platforms answer HEAD with 405 or a bare 200), its body read
 * only up to MAX_BODY_BYTES for the page's og:url. At most MAX_HOPS redirects, each judged before
 * it is followed; HOP_TIMEOUT_MS per request and LINK_TIMEOUT_MS for the whole link.
 */
export async function expandShortLink(short: CanonicalUrl, fetch: HopFetch, directory?: ServiceDirectory, now: () => number = Date.now): Promise<Expansion> {
  const deadline = now() + LINK_TIMEOUT_MS;
  const budget = () => Math.max(1, Math.min(HOP_TIMEOUT_MS, deadline - now()));
  const headers = { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'accept-language': 'vi,en;q=0.8' };
  let url = short.canonical_url;
  for (let redirects = 0; ;) {
    if (deadline - now() <= 0) return { status: 'transient', reason: 'timeout' };
    let res: SafeFetchResponse;
    try {
      res = await fetch(url, { method: 'HEAD', headers, timeoutMs: budget(), maxBodyBytes: 0 });
      if (!isRedirect(res)) res = await fetch(url, { method: 'GET', headers, timeoutMs: budget(), maxBodyBytes: MAX_BODY_BYTES });
    } catch (e) {
      return fromError(e);
    }
    if (isRedirect(res)) {
      if (redirects >= MAX_HOPS) return { status: 'unresolvable', reason: 'too_many_hops' };
      redirects++;
      const step = judgeRedirect(short, url, res.headers.location!, directory);
      if (step.next !== 'follow') return fromStep(step);
      url = step.url;
      continue;
    }
    if (res.status >= 300 && res.status <= 399) return { status: 'unresolvable', reason: 'no_target' };
    if (res.status >= 200 && res.status <= 299) {
      const html = /html/i.test(String(res.headers['content-type'] ?? '')) ? res.body.toString('utf8') : '';
      const step = judgeFinal(short, url, html === '' ? null : declaredUrl(html), directory);
      return step.next === 'follow' ? { status: 'unresolvable', reason: 'no_target' } : fromStep(step);
    }
    const judged = judgeStatus(res.status);
    return 'final' in judged ? { status: 'unresolvable', reason: judged.final } : { status: 'transient', reason: judged.transient };
  }
}

function defaultFetch(policy: OutboundPolicy): HopFetch {
  return (url, options) => safeFetch(url, policy, { ...options, maxRedirects: 0 });
}

/**
 * One step of the background loop: finds new short-link cases, then resolves up to a batch of due
 * links (fetching them side by side, outside any transaction) and applies each outcome in its own
 * transaction. Returns the work done (0 when nothing was due).
 */
export async function resolveShortLinks(ctx: ServiceContext, deps: ShortLinkDeps): Promise<number> {
  const limit = deps.batchSize ?? DEFAULT_BATCH;
  const at = ctx.now();
  const found = await discoverShortLinkCases(ctx.db, at, limit);
  const claimed = await claimShortLinks(ctx.db, at, new Date(at.getTime() + LEASE_MS), limit);
  if (claimed.length === 0) return found;
  const directory = await serviceDirectory(ctx);
  const fetch = deps.fetch ?? defaultFetch(deps.outbound);
  const expansions = await Promise.all(
    claimed.map(async (row) => {
      // A link already answered (a cached outcome for a case it is not yet applied to) is not asked again.
      if (row.status !== 'pending') return null;
      let short: CanonicalUrl;
      try {
        short = canonicalizeUrl(row.short_url, directory);
      } catch {
        return { status: 'unresolvable', reason: 'invalid_redirect' } as Expansion;
      }
      // Only a short link is ever asked for (the registry may have changed what a host is since).
      if (!isShortLink(short)) return { status: 'unresolvable', reason: 'no_target' } as Expansion;
      return expandShortLink(short, fetch, directory);
    }),
  );
  let failure: Error | null = null;
  for (const [n, row] of claimed.entries()) {
    try {
      // The answer is cached first, on its own: should applying it fail (intake took the target's
      // key a moment ago), the link stays leased and is applied again later, not asked again.
      const expansion = expansions[n]!;
      if (expansion !== null) await ctx.db.transaction((tx) => record(tx, row.content_key, expansion, ctx.now()));
      await ctx.db.transaction((tx) => settle(tx, row.content_key, ctx.now()));
    } catch (e) {
      // The other links of the batch go on; this one is tried again when its lease runs out.
      failure ??= e instanceof Error ? e : new Error(String(e));
    }
  }
  if (failure !== null) throw failure;
  return found + claimed.length;
}

/** Caches the platform's answer: final, or pending again after a backoff. */
async function record(tx: Db, contentKey: string, expansion: Expansion, at: Date): Promise<void> {
  const row = await lockShortLink(tx, contentKey);
  if (!row) return;
  if (row.status === 'pending') {
    const attempts = row.attempts + 1;
    if (expansion.status === 'transient') {
      const delay = retryDelay(attempts);
      if (delay !== null) {
        await recordResolution(tx, contentKey, {
          status: 'pending',
          target_key: null,
          target_url: null,
          reason: expansion.reason,
          attempts,
          next_attempt_at: new Date(at.getTime() + delay),
          resolved_at: null,
        });
        return;
      }
    }
    const target = expansion.status === 'resolved' ? expansion.target : null;
    await recordResolution(tx, contentKey, {
      status: target ? 'resolved' : 'unresolvable',
      target_key: target?.content_key ?? null,
      target_url: target?.canonical_url ?? null,
      reason: expansion.status === 'resolved' ? null : expansion.status === 'transient' ? 'gave_up' : expansion.reason,
      attempts,
      next_attempt_at: at,
      resolved_at: at,
    });
  }
}

/** Applies a cached final answer to the link's case, once. */
async function settle(tx: Db, contentKey: string, at: Date): Promise<void> {
  const row = await lockShortLink(tx, contentKey);
  if (!row || row.status === 'pending' || row.applied_at !== null) return;
  await apply(tx, row, at);
}

function event(caseId: string, at: Date, type: string, data: Record<string, unknown>): CaseEventRow {
  return { id: uuidv7(at.getTime()), case_id: caseId, at, actor_org_id: null, type, data };
}

/** Applies a final outcome to the link's case (see the top of this file). */
async function apply(tx: Db, row: ShortLinkRow, at: Date): Promise<void> {
  const base = { short_url: row.short_url };
  if (row.status === 'unresolvable') {
    await insertCaseEvents(tx, [event(row.case_id, at, 'short_link_unresolvable', { ...base, reason: row.reason })]);
    await markApplied(tx, row.content_key, { outcome: 'marked', joined_case_id: null, at });
    return;
  }
  const target = { content_key: row.target_key!, canonical_url: row.target_url! };
  const resolved = { ...base, target_url: target.canonical_url };
  // The case now holding the short link's reports: its own, or the one a text duplicate merged it into.
  const own = await findCaseKey(tx, row.case_id);
  if (!own) return;
  const live = own.merged_into ?? row.case_id;
  const targetCase = await findCaseIdByKey(tx, target.content_key);

  if (targetCase === null || targetCase === live) {
    const [locked] = await lockCases(tx, [live]);
    if (!locked) return;
    const current = await findCaseKey(tx, live);
    if (targetCase === null && locked.status !== 'merged' && current?.content_key === row.content_key) {
      // Nobody reported the target yet: the case takes its URL, and keeps the short one as an alias.
      await rekeyCase(tx, live, target, at);
      await insertAlias(tx, { content_key: row.content_key, case_id: live, merged_case_id: live, canonical_url: row.short_url, at });
      await insertCaseEvents(tx, [event(live, at, 'short_link_resolved', { ...resolved, outcome: 'rekeyed' })]);
      await markApplied(tx, row.content_key, { outcome: 'rekeyed', joined_case_id: null, at });
      return;
    }
    // The case already holds another URL (a duplicate merged it elsewhere): reports of the
    // target now land on it too.
    if (targetCase === null) await insertAlias(tx, { content_key: target.content_key, case_id: live, merged_case_id: row.case_id, canonical_url: target.canonical_url, at });
    await insertCaseEvents(tx, [event(live, at, 'short_link_resolved', { ...resolved, outcome: 'joined', case_id: live })]);
    await markApplied(tx, row.content_key, { outcome: 'joined', joined_case_id: live === row.case_id ? null : live, at });
    return;
  }

  const locked = await lockCases(tx, [live, targetCase]);
  const shortCase = locked.find((c) => c.id === live);
  const other = locked.find((c) => c.id === targetCase);
  if (!shortCase || !other) return;
  // Only the short link's own case is merged on the redirect's word; a case a text duplicate
  // merged it into holds other content too, and is linked.
  const joinable = live === row.case_id ? shortLinkJoin(shortCase, other) : shortCase.platform === other.platform ? 'link' : null;
  // A pair a reviewer marked not the same content is never merged by the machine, on a redirect's
  // word either (case-merge.ts `markedNotSame`); it stays linked, dismissed.
  const plan = joinable === 'merge' && markedNotSame(live, targetCase, await findNotSamePairs(tx, [live, targetCase])) ? 'link' : joinable;
  if (plan === 'merge') {
    const moved = await mergeCases(tx, { from: live, into: targetCase, score: 1, at });
    await insertCaseEvents(tx, [
      event(targetCase, at, 'case_merged', { merged_case_id: live, score: 1, notice_items: moved, basis: 'short_link' }),
      event(targetCase, at, 'short_link_resolved', { ...resolved, outcome: 'joined', case_id: live }),
      event(live, at, 'short_link_resolved', { ...resolved, outcome: 'joined', case_id: targetCase }),
      event(live, at, 'merged_into', { case_id: targetCase, score: 1 }),
    ]);
    await appendEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        type: 'case.merged',
        at,
        org_id: null,
        case_id: targetCase,
        data: { case_id: targetCase, merged_case_id: live, score: 1, notice_items: moved },
      },
    ]);
    await markApplied(tx, row.content_key, { outcome: 'joined', joined_case_id: targetCase, at });
    return;
  }
  // Acted on (or on another platform, which a same-platform redirect never is): a suggested
  // duplicate for the reviewer, and later reports of the short link go to the target's case.
  if (plan === 'link') await linkShortLinkCases(tx, live, targetCase, at);
  if (plan !== null) await insertAlias(tx, { content_key: row.content_key, case_id: targetCase, merged_case_id: live, canonical_url: row.short_url, at });
  await insertCaseEvents(tx, [
    event(targetCase, at, 'short_link_resolved', { ...resolved, outcome: 'linked', case_id: live }),
    event(live, at, 'short_link_resolved', { ...resolved, outcome: 'linked', case_id: targetCase }),
  ]);
  await markApplied(tx, row.content_key, { outcome: 'linked', joined_case_id: targetCase, at });
}

export interface ShortLinkView {
  url: string;
  status: ShortLinkRow['status'];
  target_url: string | null;
  reason: string | null;
  /** joined | linked | rekeyed | marked, once applied. */
  outcome: ShortLinkRow['outcome'];
  /** The case it was opened as, and the case it joined or was linked to. */
  case_id: string;
  joined_case_id: string | null;
  resolved_at: string | null;
}

/**
 * The short links of a case, for the case view. Like its locations, to whoever sees the case; but
 * which other case a link was only linked to is the platform's to see (as related cases are).
 */
export async function shortLinksOfCase(db: Db, c: { id: string; content_key: string; canonical_url: string; created_at: Date }, forPlatform: boolean): Promise<ShortLinkView[]> {
  const caseId = c.id;
  const rows = (await listShortLinksOfCase(db, caseId)).filter((r) => forPlatform || r.case_id === caseId || r.outcome === 'joined');
  // A case the resolver has not found yet (it looks every few seconds) is pending all the same.
  if (isShortKey(c.content_key) && !rows.some((r) => r.content_key === c.content_key)) {
    rows.unshift({
      content_key: c.content_key,
      short_url: c.canonical_url,
      platform: '',
      case_id: caseId,
      status: 'pending',
      target_key: null,
      target_url: null,
      reason: null,
      attempts: 0,
      next_attempt_at: c.created_at,
      resolved_at: null,
      applied_at: null,
      outcome: null,
      joined_case_id: null,
      created_at: c.created_at,
    });
  }
  return rows.map((r) => ({
    url: r.short_url,
    status: r.status,
    target_url: r.target_url,
    // While pending, the reason is the last failure; shown as is, for a reviewer wondering why.
    reason: r.reason,
    outcome: r.outcome,
    case_id: r.case_id,
    joined_case_id: forPlatform || r.outcome === 'joined' ? r.joined_case_id : null,
    resolved_at: r.resolved_at ? r.resolved_at.toISOString() : null,
  }));
}
