import { describe, expect, it } from 'vitest';
import { decisionOutcomeKind, isReversal, monthStart, overdueShare, recentMonths, type DecisionRestrictions } from './public-stats.ts';

describe('months of the public statistics', () => {
  it('are Vietnam’s: late on the last evening of a month in UTC is already the next month in Hanoi', () => {
    // 2026-01-31 18:30 UTC is 2026-02-01 01:30 in Hanoi (UTC+7).
    const { months, since } = recentMonths(new Date('2026-01-31T18:30:00Z'), 3);
    expect(months).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(since.toISOString()).toBe('2025-11-30T17:00:00.000Z');
  });

  it('count back across a year, the current month last', () => {
    const { months } = recentMonths(new Date('2026-03-10T05:00:00Z'), 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-04');
    expect(months[11]).toBe('2026-03');
  });

  it('begin at local midnight on the first day, in a zone with daylight saving too', () => {
    expect(monthStart(2026, 7).toISOString()).toBe('2026-06-30T17:00:00.000Z');
    expect(monthStart(2026, 7, 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(monthStart(2026, 1, 'Europe/Berlin').toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });
});

describe('the kind of a decision', () => {
  const restriction = (over: Partial<DecisionRestrictions>): DecisionRestrictions => ({
    outcome: 'restriction',
    decision_visibility: null,
    decision_account: null,
    decision_monetary: null,
    decision_provision: null,
    ...over,
  });

  it('is the first that applies: removed, then disabled, then any other visibility restriction', () => {
    expect(decisionOutcomeKind(restriction({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED', 'DECISION_VISIBILITY_CONTENT_REMOVED'] }))).toBe('content_removed');
    expect(decisionOutcomeKind(restriction({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_DEMOTED', 'DECISION_VISIBILITY_CONTENT_DISABLED'] }))).toBe('content_disabled');
    expect(decisionOutcomeKind(restriction({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED'], decision_account: 'DECISION_ACCOUNT_SUSPENDED' }))).toBe(
      'other_content_restriction',
    );
  });

  it('is an account, payment or service restriction when the content’s visibility was left alone', () => {
    expect(decisionOutcomeKind(restriction({ decision_account: 'DECISION_ACCOUNT_TERMINATED' }))).toBe('account_or_service_only');
    expect(decisionOutcomeKind(restriction({ decision_visibility: [], decision_monetary: 'DECISION_MONETARY_SUSPENSION' }))).toBe('account_or_service_only');
  });

  it('is no action when the platform restricted nothing, whatever the statement says', () => {
    expect(decisionOutcomeKind({ ...restriction({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] }), outcome: 'no_action' })).toBe('no_action');
  });
});

describe('reversals and overdue shares', () => {
  it('a reversal changes the outcome of the decision appealed', () => {
    expect(isReversal('restriction', 'no_action')).toBe(true);
    expect(isReversal('no_action', 'restriction')).toBe(true);
    expect(isReversal('restriction', 'restriction')).toBe(false);
    expect(isReversal(null, 'restriction')).toBe(false);
  });

  it('counts late answers and open cases past their deadline over every case with one', () => {
    expect(overdueShare(1, 2, 8)).toBe(0.375);
    expect(overdueShare(1, 0, 3)).toBe(0.3333);
    expect(overdueShare(0, 0, 0)).toBeNull();
  });
});
