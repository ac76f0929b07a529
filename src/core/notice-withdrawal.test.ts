import { describe, expect, it } from 'vitest';
import { caseAfterWithdrawal, checkNotWithdrawn, withdrawalReason } from './notice-withdrawal.ts';

const due = new Date('2026-11-02T08:00:00Z');

describe('caseAfterWithdrawal', () => {
  it.each(['received', 'in_review'] as const)('clears the deadline of a %s case once no notice remains', (status) => {
    expect(caseAfterWithdrawal({ status, due_at: due }, 0)).toEqual({ answer_owed: false, clear_deadline: true });
  });

  it('keeps the deadline while a notice remains: the case still owes it an answer', () => {
    expect(caseAfterWithdrawal({ status: 'received', due_at: due }, 1)).toEqual({ answer_owed: true, clear_deadline: false });
    expect(caseAfterWithdrawal({ status: 'in_review', due_at: due }, 3)).toEqual({ answer_owed: true, clear_deadline: false });
  });

  it('has nothing to clear on a case without a deadline', () => {
    expect(caseAfterWithdrawal({ status: 'received', due_at: null }, 0)).toEqual({ answer_owed: false, clear_deadline: false });
  });

  it('changes nothing decided: decided and closed cases keep their answer, an appeal is still owed its own', () => {
    expect(caseAfterWithdrawal({ status: 'decided', due_at: due }, 0)).toEqual({ answer_owed: false, clear_deadline: false });
    expect(caseAfterWithdrawal({ status: 'closed', due_at: null }, 0)).toEqual({ answer_owed: false, clear_deadline: false });
    expect(caseAfterWithdrawal({ status: 'appealed', due_at: due }, 0)).toEqual({ answer_owed: true, clear_deadline: false });
  });
});

describe('withdrawalReason and checkNotWithdrawn', () => {
  it('takes a reason of at least 10 characters, trimmed', () => {
    expect(withdrawalReason('  Nội dung đã được gỡ bỏ.  ')).toBe('Nội dung đã được gỡ bỏ.');
    expect(() => withdrawalReason('  gỡ rồi   ')).toThrow(expect.objectContaining({ code: 'validation_failed', fields: [expect.objectContaining({ field: 'reason' })] }));
    expect(() => withdrawalReason('x'.repeat(2001))).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'reason' })] }));
  });

  it('withdraws a notice once', () => {
    expect(() => checkNotWithdrawn(null)).not.toThrow();
    expect(() => checkNotWithdrawn({ created_at: due })).toThrow(
      expect.objectContaining({ code: 'conflict', extra: { reason: 'already_withdrawn', withdrawn_at: due.toISOString() } }),
    );
  });
});
