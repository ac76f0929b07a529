import { describe, expect, it } from 'vitest';
import {
  appealDeadline,
  checkSlaRules,
  deadlineState,
  DEFAULT_SLA_RULES,
  dueSoonAt,
  dueSoonHorizonMs,
  isOverdue,
  noticeDeadline,
  resolveSlaPolicy,
  type SlaPolicy,
  type SlaRules,
} from './sla.ts';

const t0 = new Date('2026-11-23T08:00:00Z');
const HOUR = 3_600_000;
const hoursAfter = (d: Date) => (d.getTime() - t0.getTime()) / HOUR;
const SCAM = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
const MINORS = 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS';
const notice = (submitter_kind: SlaPolicy['submitter_kind'] & string, urgency: 'normal' | 'urgent' = 'normal', category = SCAM) => ({ submitter_kind, urgency, category });
const policy = (p: Partial<SlaPolicy> & { hours: number }): SlaPolicy => ({ applies_to: 'notice', submitter_kind: null, category: null, urgency: null, ...p });

describe('default deadlines', () => {
  it('gives a platform 24 h on an authority request (Decree 147/2024)', () => {
    expect(hoursAfter(noticeDeadline(t0, notice('authority')))).toBe(24);
  });
  it('gives 48 h on other notices, 24 h when marked urgent', () => {
    expect(hoursAfter(noticeDeadline(t0, notice('public_reporter')))).toBe(48);
    expect(hoursAfter(noticeDeadline(t0, notice('rights_holder')))).toBe(48);
    expect(hoursAfter(noticeDeadline(t0, notice('trusted_flagger', 'urgent')))).toBe(24);
  });
  it('restarts the clock for 48 h on appeal', () => {
    expect(hoursAfter(appealDeadline(t0))).toBe(48);
  });
  it('is overdue only while an answer is owed', () => {
    const due = noticeDeadline(t0, notice('authority'));
    const later = new Date(due.getTime() + 1);
    expect(isOverdue(due, true, later)).toBe(true);
    expect(isOverdue(due, false, later)).toBe(false);
    expect(isOverdue(due, true, due)).toBe(false);
  });
  it('pass their own check', () => {
    expect(checkSlaRules(DEFAULT_SLA_RULES)).toEqual([]);
  });
});

describe('a deployment policy', () => {
  const rules: SlaRules = {
    due_soon_remaining_percent: 25,
    policies: [
      ...DEFAULT_SLA_RULES.policies,
      policy({ category: MINORS, hours: 6 }),
      policy({ submitter_kind: 'trusted_flagger', hours: 72 }),
      policy({ submitter_kind: 'authority', category: SCAM, hours: 12 }),
      policy({ applies_to: 'appeal', category: MINORS, hours: 12 }),
    ],
  };
  it('applies the most specific policy', () => {
    expect(hoursAfter(noticeDeadline(t0, notice('authority', 'normal', SCAM), rules))).toBe(12);
    expect(hoursAfter(noticeDeadline(t0, notice('public_reporter', 'normal', MINORS), rules))).toBe(6);
    expect(hoursAfter(noticeDeadline(t0, notice('trusted_flagger'), rules))).toBe(72);
    expect(hoursAfter(appealDeadline(t0, MINORS, rules))).toBe(12);
    expect(hoursAfter(appealDeadline(t0, SCAM, rules))).toBe(48);
  });
  it('between equally specific policies, applies the shorter: naming a kind never slows its urgent notices', () => {
    expect(hoursAfter(noticeDeadline(t0, notice('trusted_flagger', 'urgent'), rules))).toBe(24);
    expect(resolveSlaPolicy(rules, { applies_to: 'notice', ...notice('trusted_flagger', 'urgent', MINORS) }).hours).toBe(6);
  });
  it('falls back to the defaults rather than leave a notice without a deadline', () => {
    expect(hoursAfter(noticeDeadline(t0, notice('authority'), { due_soon_remaining_percent: 25, policies: [] }))).toBe(48);
  });
  it('is refused with every problem named: no catch-all, a repeat, bad hours, an appeal naming a kind', () => {
    const errors = checkSlaRules({
      due_soon_remaining_percent: 0,
      policies: [
        policy({ submitter_kind: 'authority', hours: 24 }),
        policy({ submitter_kind: 'authority', hours: 12 }),
        policy({ hours: 0 }),
        policy({ applies_to: 'appeal', submitter_kind: 'authority', hours: 1 }),
      ],
    });
    expect(errors.map((e) => e.field)).toEqual(['due_soon_remaining_percent', 'policies[1]', 'policies[2].hours', 'policies[3]', 'policies']);
  });
});

describe('due soon', () => {
  it('starts when a quarter of the window is left, whatever the window', () => {
    const due = new Date(t0.getTime() + 24 * HOUR);
    expect(hoursAfter(dueSoonAt(t0, due))).toBe(18);
    expect(deadlineState(t0, due, new Date(t0.getTime() + 17 * HOUR))).toBe('on_time');
    expect(deadlineState(t0, due, new Date(t0.getTime() + 18 * HOUR))).toBe('due_soon');
    expect(deadlineState(t0, due, due)).toBe('due_soon');
    expect(deadlineState(t0, due, new Date(due.getTime() + 1))).toBe('overdue');
    // An appeal's 48 h window on a case opened a month ago: due soon 12 h before, not at once.
    const appealed = new Date(t0.getTime() + 30 * 24 * HOUR);
    expect(deadlineState(appealed, appealDeadline(appealed), new Date(appealed.getTime() + HOUR))).toBe('on_time');
  });
  it('looks ahead no further than the longest window allows', () => {
    expect(dueSoonHorizonMs(DEFAULT_SLA_RULES)).toBe(12 * HOUR);
    expect(dueSoonHorizonMs({ due_soon_remaining_percent: 50, policies: [policy({ hours: 100 })] })).toBe(50 * HOUR);
  });
});
