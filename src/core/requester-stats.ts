import type { DecisionOutcome } from './case-state.ts';
import type { FieldError } from './errors.ts';
import type { OrgKind } from './organization.ts';
import { isReversal, monthStart, recentMonths, REQUEST_MONTHS, STATS_TIME_ZONE, type Month } from './public-stats.ts';

/**
 * The rules behind the requesters' record (GET /api/v1/public/stats/requesters): what DSA Art. 22
 * asks trusted flaggers to publish — notices sent, how many were acted on, how fast, how many
 * were overturned — applied to authorities and rights holders too. Who is listed, over which
 * window, what counts as "acted on" and as "an appeal won against the request" are stated here
 * once; the repository groups by the raw fields and the service applies these.
 */

/**
 * The kinds listed, in the order the table shows them. Organizations acting as such only: never
 * public reporters, who are members of the public (and never named anywhere public).
 */
export const REQUESTER_KINDS = ['authority', 'trusted_flagger', 'rights_holder'] as const satisfies readonly OrgKind[];
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export function isRequesterKind(kind: string): kind is RequesterKind {
  return (REQUESTER_KINDS as readonly string[]).includes(kind);
}

/** The longest window one may ask for, in months: enough for a yearly report and the year before. */
export const MAX_WINDOW_MONTHS = 36;

export interface StatsWindow {
  /** First and last months, inclusive (`YYYY-MM`, Vietnam's months). */
  from: Month;
  to: Month;
  /** The instants they span: notices received at or after `since` and before `until` count. */
  since: Date;
  until: Date;
}

const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
const monthIndex = (m: Month) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return y * 12 + mo - 1;
};
const monthOf = (index: number): Month => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
const startOf = (index: number) => monthStart(Math.floor(index / 12), (index % 12) + 1, STATS_TIME_ZONE);

/**
 * The months counted: by default the last REQUEST_MONTHS Vietnamese months, the current one
 * included (as the charts count); `from`/`to` (`YYYY-MM`) choose others, each defaulting to the
 * default window's end. A window reaching past the current month ends with it (nothing is known
 * after now). Bad values are named by field.
 */
export function statsWindow(now: Date, q: { from?: string; to?: string }): { ok: true; window: StatsWindow } | { ok: false; errors: FieldError[] } {
  const { months } = recentMonths(now, REQUEST_MONTHS, STATS_TIME_ZONE);
  const current = monthIndex(months.at(-1)!);
  const errors: FieldError[] = [];
  for (const field of ['from', 'to'] as const) {
    if (q[field] !== undefined && !MONTH.test(q[field])) errors.push({ field, message: 'must be a month written YYYY-MM' });
  }
  if (errors.length) return { ok: false, errors };
  const to = q.to !== undefined ? Math.min(monthIndex(q.to), current) : current;
  const from = q.from !== undefined ? monthIndex(q.from) : to - (REQUEST_MONTHS - 1);
  if (from > to) return { ok: false, errors: [{ field: 'from', message: `must not be after to (${monthOf(to)}) nor after the current month` }] };
  if (to - from + 1 > MAX_WINDOW_MONTHS) return { ok: false, errors: [{ field: 'from', message: `the window may span at most ${MAX_WINDOW_MONTHS} months` }] };
  return { ok: true, window: { from: monthOf(from), to: monthOf(to), since: startOf(from), until: startOf(to + 1) } };
}

/**
 * Requesters are shown as the transparency database names them: two organizations published
 * under the same name, and of the same kind, are one line (the public could not tell them apart).
 */
export function requesterGroup(kind: RequesterKind, publishedName: string): string {
  // A kind has no colon, so the first one ends it (and SQL text cannot hold a NUL byte).
  return `${kind}:${publishedName}`;
}

/** A share as the public statistics publish it: four places, null when there is nothing to divide. */
export function publishedShare(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * An appeal against a requester's request: a decision on an appeal of a decision that restricted
 * the content (the requester's request granted). It is won against the request when the decision
 * on appeal is a reversal (public-stats.ts) — the restriction lifted to no action. An appeal of a
 * no-action decision is the requester's own contest, not one against its request.
 */
export function appealAgainstRequest(appealed: DecisionOutcome | null, onAppeal: DecisionOutcome): { against: boolean; won: boolean } {
  const against = appealed === 'restriction';
  return { against, won: against && isReversal(appealed, onAppeal) };
}
