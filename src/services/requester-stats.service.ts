import { AppError } from '../core/errors.ts';
import { APPEAL_EVENTS, publishedHours, STATS_TIME_ZONE } from '../core/public-stats.ts';
import { redactPublicName } from '../core/redact.ts';
import {
  appealAgainstRequest,
  isRequesterKind,
  publishedShare,
  REQUESTER_KINDS,
  requesterGroup,
  statsWindow,
  type RequesterKind,
  type StatsWindow,
} from '../core/requester-stats.ts';
import type { Db } from '../db/db.ts';
import { organizationsOfKinds, requesterAppeals, requesterCounts } from '../repositories/requester-stats.repository.ts';
import type { ServiceContext } from './context.ts';
import { STATS_TTL_MS } from './public-record.service.ts';
import { ttlCache } from './ttl-cache.ts';

export type RequesterStats = Awaited<ReturnType<typeof computeRequesterStats>>;

/** Windows asked for, per database, each computed at most once per STATS_TTL_MS (like the charts). */
const caches = new WeakMap<Db, Map<string, (now: Date) => Promise<RequesterStats>>>();
/** Windows are months, so few; past this many, the least recently added are forgotten. */
const MAX_WINDOWS = 64;

/**
 * The requesters' record (src/core/requester-stats.ts) over a window of months, at most
 * STATS_TTL_MS old: it reads every notice of the window with its cases and decisions, on a route
 * anyone may call, so each process computes a window at most once per STATS_TTL_MS.
 */
export function requesterStats(ctx: ServiceContext, q: { from?: string; to?: string }): Promise<RequesterStats> {
  const now = ctx.now();
  const checked = statsWindow(now, q);
  if (!checked.ok) throw AppError.validation(checked.errors);
  const w = checked.window;
  let windows = caches.get(ctx.db);
  if (!windows) caches.set(ctx.db, (windows = new Map()));
  const key = `${w.from}..${w.to}`;
  let cached = windows.get(key);
  if (!cached) {
    if (windows.size >= MAX_WINDOWS) windows.delete(windows.keys().next().value!);
    cached = ttlCache(STATS_TTL_MS, () => computeRequesterStats(ctx, w));
    windows.set(key, cached);
  }
  return cached(now);
}

async function computeRequesterStats(ctx: ServiceContext, w: StatsWindow) {
  // Named as their published notices name them (public-record.ts): organizations' names are
  // public, anything personal in one is redacted. Grouped by that name and kind.
  const orgs = (await organizationsOfKinds(ctx.db, REQUESTER_KINDS)).filter((o) => isRequesterKind(o.kind));
  const groupOf = new Map<string, { kind: RequesterKind; name: string }>();
  const orgIds: string[] = [];
  const groups: string[] = [];
  for (const o of orgs) {
    const kind = o.kind as RequesterKind;
    const name = redactPublicName(o.name);
    const grp = requesterGroup(kind, name);
    groupOf.set(grp, { kind, name });
    orgIds.push(o.id);
    groups.push(grp);
  }
  const params = { orgIds, groups, since: w.since, until: w.until };
  const [counts, appeals] = await Promise.all([
    requesterCounts(ctx.db, params),
    requesterAppeals(ctx.db, { ...params, decided: APPEAL_EVENTS.decided, appealedStatus: APPEAL_EVENTS.appealedStatus }),
  ]);

  const appealsBy = new Map<string, { against: number; won: number }>();
  for (const a of appeals) {
    const verdict = appealAgainstRequest(a.appealed_outcome, a.outcome);
    if (!verdict.against) continue;
    const row = appealsBy.get(a.grp) ?? { against: 0, won: 0 };
    row.against += a.n;
    if (verdict.won) row.won += a.n;
    appealsBy.set(a.grp, row);
  }

  const rows = counts.map((c) => {
    const { kind, name } = groupOf.get(c.grp)!;
    const a = appealsBy.get(c.grp) ?? { against: 0, won: 0 };
    return {
      kind,
      name,
      notices: c.notices,
      items: c.items,
      cases: c.cases,
      decided_cases: c.decided,
      acted_cases: c.acted,
      acted_share: publishedShare(c.acted, c.decided),
      answered: c.answered,
      median_hours: publishedHours(c.median_hours),
      p90_hours: publishedHours(c.p90_hours),
      appeals_against: a.against,
      appeals_won_against: a.won,
    };
  });
  const kindOrder = (k: RequesterKind) => REQUESTER_KINDS.indexOf(k);
  rows.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || b.notices - a.notices || a.name.localeCompare(b.name, 'vi'));

  return { generated_at: ctx.now().toISOString(), time_zone: STATS_TIME_ZONE, from: w.from, to: w.to, kinds: [...REQUESTER_KINDS], requesters: rows };
}
