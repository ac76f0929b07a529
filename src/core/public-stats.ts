import { TRANSITIONS, type DecisionOutcome } from './case-state.ts';

/**
 * The rules behind the public statistics' charts (GET /api/v1/public/stats/charts): which months,
 * what kind of outcome a decision had, what counts as overdue and as a reversal. The repository
 * gets them as parameters or groups by the raw fields these functions read, so each rule is
 * stated here once.
 */

/** Months are Vietnam's months: a request sent at 23:30 on 31 January in Hanoi is January's. */
export const STATS_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Requests by authority are shown for this many months, the current one included. */
export const REQUEST_MONTHS = 12;

/** A month as the charts name it: `YYYY-MM` in STATS_TIME_ZONE. */
export type Month = string;

/** The wall-clock fields of an instant in a time zone. */
function wallClock(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a month begins in the zone (midnight of its first day). */
export function monthStart(year: number, month: number, timeZone: string = STATS_TIME_ZONE): Date {
  const wall = Date.UTC(year, month - 1, 1);
  // Twice: the offset at the guess may differ from the offset at the answer across a clock change.
  const first = wall - zoneOffsetMs(new Date(wall), timeZone);
  return new Date(wall - zoneOffsetMs(new Date(first), timeZone));
}

/**
 * The `count` months up to and including the one `now` is in (in the zone), oldest first, and the
 * instant the first of them began: the charts count what happened from then on.
 */
export function recentMonths(now: Date, count: number = REQUEST_MONTHS, timeZone: string = STATS_TIME_ZONE): { months: Month[]; since: Date } {
  const w = wallClock(now, timeZone);
  const months: Month[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = w.year * 12 + (w.month - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  const [y, m] = months[0]!.split('-').map(Number) as [number, number];
  return { months, since: monthStart(y, m, timeZone) };
}

/**
 * What a decision did, in the few kinds the public chart tells apart. A statement of reasons may
 * restrict several things at once (DSA `decision_visibility` is a list, and it may add account,
 * monetary or service restrictions); a decision is counted once, under the first kind that
 * applies, in this order: the content removed, access to it disabled, any other restriction of
 * the content's visibility (demoted, age-restricted, interaction restricted, labelled, other),
 * a restriction of the account, the payments or the service only (the content itself left
 * visible), and no action (the platform found nothing to restrict, with reasons).
 */
export const DECISION_OUTCOME_KINDS = ['content_removed', 'content_disabled', 'other_content_restriction', 'account_or_service_only', 'no_action'] as const;
export type DecisionOutcomeKind = (typeof DECISION_OUTCOME_KINDS)[number];

/** The fields of a decision the kind is read from (its outcome, and its statement's restrictions). */
export interface DecisionRestrictions {
  outcome: DecisionOutcome;
  decision_visibility: readonly string[] | null;
  decision_account: string | null;
  decision_monetary: string | null;
  decision_provision: string | null;
}

export function decisionOutcomeKind(d: DecisionRestrictions): DecisionOutcomeKind {
  if (d.outcome === 'no_action') return 'no_action';
  const visibility = d.decision_visibility ?? [];
  if (visibility.includes('DECISION_VISIBILITY_CONTENT_REMOVED')) return 'content_removed';
  if (visibility.includes('DECISION_VISIBILITY_CONTENT_DISABLED')) return 'content_disabled';
  if (visibility.length > 0) return 'other_content_restriction';
  // A statement of reasons always restricts something (statement-of-reasons.ts); one with no
  // visibility restriction restricted the account, the payments or the service.
  return 'account_or_service_only';
}

/**
 * A reversal: the decision a platform takes on an appeal has another outcome than the decision
 * appealed (a restriction lifted to no action, or no action turned into a restriction). A
 * decision that keeps the outcome but changes its terms (removed, then only labelled) is not
 * counted as one: the case's decisions record the outcome reliably, the terms are free to vary.
 */
export function isReversal(appealed: DecisionOutcome | null, onAppeal: DecisionOutcome): boolean {
  return appealed !== null && appealed !== onAppeal;
}

/**
 * How the case timeline records an appeal and a decision (case.service.ts, decision.service.ts):
 * an appeal is a `status_changed` event whose action is `appeal`; a decision on an appeal is a
 * `decided` event from the status an appeal leads to.
 */
export const APPEAL_EVENTS = {
  statusChanged: 'status_changed',
  appealAction: 'appeal',
  decided: 'decided',
  appealedStatus: TRANSITIONS.appeal.to,
} as const;

/**
 * The share of cases with a deadline that missed it: answered after it, or still unanswered past
 * it now, over every case with a deadline that is answered or awaits an answer. Null when there
 * is none. Rounded to four places, like the other public shares.
 */
export function overdueShare(answeredLate: number, openOverdue: number, withDeadline: number): number | null {
  if (withDeadline === 0) return null;
  return Math.round(((answeredLate + openOverdue) / withDeadline) * 10_000) / 10_000;
}

/** Durations as published: hours to the hundredth. */
export function publishedHours(hours: number | null | undefined): number | null {
  return hours === null || hours === undefined ? null : Math.round(hours * 100) / 100;
}
