import { describe, expect, it } from 'vitest';
import type { MergeableCase } from './case-merge.ts';
import type { CaseStatus } from './case-state.ts';
import { checkNotDismissed, confirmedMergePlan, reviewNote } from './duplicate-review.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 8, 0, s));
const kase = (id: string, created: number, status: CaseStatus = 'received', platform = 'facebook'): MergeableCase => ({ id, platform, status, created_at: at(created) });

describe('confirmedMergePlan', () => {
  it('merges the newer case into the older one, from either side', () => {
    const older = kase('a', 1);
    const newer = kase('b', 2);
    expect(confirmedMergePlan(older, newer)).toEqual({ from: 'b', into: 'a' });
    expect(confirmedMergePlan(newer, older)).toEqual({ from: 'b', into: 'a' });
  });

  it('keeps the case under review, even when it is the newer one', () => {
    expect(confirmedMergePlan(kase('a', 1), kase('b', 2, 'in_review'))).toEqual({ from: 'a', into: 'b' });
    expect(confirmedMergePlan(kase('b', 2, 'in_review'), kase('a', 1))).toEqual({ from: 'a', into: 'b' });
    // Both under review: the older, as without review.
    expect(confirmedMergePlan(kase('b', 2, 'in_review'), kase('a', 1, 'in_review'))).toEqual({ from: 'b', into: 'a' });
  });

  it('breaks a tie of creation times by id, the same from both sides', () => {
    expect(confirmedMergePlan(kase('b', 1), kase('a', 1))).toEqual({ from: 'b', into: 'a' });
    expect(confirmedMergePlan(kase('a', 1), kase('b', 1))).toEqual({ from: 'b', into: 'a' });
  });

  it('refuses cases on two services', () => {
    expect(() => confirmedMergePlan(kase('a', 1), kase('b', 2, 'received', 'tiktok'))).toThrow(
      expect.objectContaining({ code: 'conflict', extra: { reason: 'different_services' }, message: expect.stringContaining('(facebook, tiktok)') }),
    );
  });

  it.each(['decided', 'appealed', 'closed', 'merged'] as const)('refuses a %s case on either side, naming it', (status) => {
    for (const [x, y] of [
      [kase('a', 1, status), kase('b', 2)],
      [kase('b', 2), kase('a', 1, status)],
    ] as const) {
      expect(() => confirmedMergePlan(x, y)).toThrow(expect.objectContaining({ code: 'conflict', extra: { reason: 'not_open', case_id: 'a', case_status: status } }));
    }
    if (status === 'decided') expect(() => confirmedMergePlan(kase('a', 1, status), kase('b', 2))).toThrow(/statement of reasons names its own content/);
  });

  it('refuses a case with itself', () => {
    expect(() => confirmedMergePlan(kase('a', 1), kase('a', 1))).toThrow(expect.objectContaining({ code: 'conflict', extra: { reason: 'same_case' } }));
  });
});

describe('checkNotDismissed and reviewNote', () => {
  it('lets an open suggestion be dismissed once', () => {
    expect(() => checkNotDismissed({ dismissed_at: null })).not.toThrow();
    expect(() => checkNotDismissed({ dismissed_at: at(3) })).toThrow(
      expect.objectContaining({ code: 'conflict', extra: { reason: 'already_dismissed', dismissed_at: at(3).toISOString() } }),
    );
  });

  it('keeps a note trimmed, and no blank one', () => {
    expect(reviewNote('  Cùng một bài.  ')).toBe('Cùng một bài.');
    expect(reviewNote('   ')).toBeUndefined();
    expect(reviewNote(undefined)).toBeUndefined();
  });
});
