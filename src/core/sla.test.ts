import { describe, expect, it } from 'vitest';
import { appealDeadline, caseDeadline, isOverdue, noticeDeadline } from './sla.ts';

const t0 = new Date('2026-11-23T08:00:00Z');
const hoursAfter = (d: Date) => (d.getTime() - t0.getTime()) / 3_600_000;

describe('SLA deadlines', () => {
  it('gives a platform 24 h on an authority request (Decree 147/2024)', () => {
    expect(hoursAfter(noticeDeadline(t0, 'authority', 'normal'))).toBe(24);
  });
  it('gives 48 h on other notices, 24 h when marked urgent', () => {
    expect(hoursAfter(noticeDeadline(t0, 'public_reporter', 'normal'))).toBe(48);
    expect(hoursAfter(noticeDeadline(t0, 'trusted_flagger', 'urgent'))).toBe(24);
  });
  it('keeps the earliest deadline of the notices on a case', () => {
    const late = noticeDeadline(t0, 'public_reporter', 'normal');
    const early = noticeDeadline(new Date(t0.getTime() + 3_600_000), 'authority', 'normal');
    expect(caseDeadline(late, early)).toEqual(early);
    expect(caseDeadline(early, late)).toEqual(early);
    expect(caseDeadline(null, late)).toEqual(late);
  });
  it('restarts the clock for 48 h on appeal', () => {
    expect(hoursAfter(appealDeadline(t0))).toBe(48);
  });
  it('is overdue only while an answer is owed', () => {
    const due = noticeDeadline(t0, 'authority', 'normal');
    const later = new Date(due.getTime() + 1);
    expect(isOverdue(due, true, later)).toBe(true);
    expect(isOverdue(due, false, later)).toBe(false);
    expect(isOverdue(due, true, t0)).toBe(false);
  });
});
