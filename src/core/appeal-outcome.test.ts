import { describe, expect, it } from 'vitest';
import { appealOutcome, checkNotFullyAutomated, publicAppealLink } from './appeal-outcome.ts';
import { AppError } from './errors.ts';

const removed = {
  outcome: 'restriction' as const,
  statement: { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' },
};
const noAction = { outcome: 'no_action' as const, statement: { decision_facts: 'Không vi phạm' } };

describe('the outcome of an appeal', () => {
  it('is reversed when a restriction is lifted, or no action becomes a restriction', () => {
    expect(appealOutcome(removed, noAction)).toBe('reversed');
    expect(appealOutcome(noAction, removed)).toBe('reversed');
  });

  it('is upheld when the same things are restricted until the same dates, whatever else the statement says', () => {
    expect(appealOutcome(removed, { outcome: 'restriction', statement: { ...removed.statement, decision_facts: 'Xem xét lại, giữ nguyên' } })).toBe('upheld');
    expect(appealOutcome(noAction, { outcome: 'no_action', statement: { decision_facts: 'Vẫn không vi phạm' } })).toBe('upheld');
    const two = { outcome: 'restriction' as const, statement: { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DEMOTED', 'DECISION_VISIBILITY_CONTENT_LABELLED'] } };
    expect(
      appealOutcome(two, { outcome: 'restriction', statement: { decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED', 'DECISION_VISIBILITY_CONTENT_DEMOTED'] } }),
    ).toBe('upheld');
  });

  it('is modified when the restriction changes: another visibility, an account restriction added, an end date moved', () => {
    expect(appealOutcome(removed, { outcome: 'restriction', statement: { decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'] } })).toBe('modified');
    expect(appealOutcome(removed, { outcome: 'restriction', statement: { ...removed.statement, decision_account: 'DECISION_ACCOUNT_SUSPENDED' } })).toBe('modified');
    const until = (d: string) => ({ outcome: 'restriction' as const, statement: { ...removed.statement, end_date_visibility_restriction: d } });
    expect(appealOutcome(until('2027-01-31'), until('2026-12-31'))).toBe('modified');
  });
});

describe('a decision on an appeal', () => {
  it('may not be fully automated (DSA Art. 20(6)), naming the field', () => {
    expect(() => checkNotFullyAutomated({ automated_decision: 'AUTOMATED_DECISION_PARTIALLY' })).not.toThrow();
    try {
      checkNotFullyAutomated({ automated_decision: 'AUTOMATED_DECISION_FULLY' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).fields.map((f) => f.field)).toEqual(['automated_decision']);
    }
  });

  it('publishes its link to the first decision with the ids kept and nothing else', () => {
    const link = {
      appeal_id: '01a24000-0000-7000-8000-000000000001',
      appealed_decision_id: '01a24000-0000-7000-8000-000000000002',
      appealed_record_id: '01a24000-0000-7000-8000-000000000003',
      outcome: 'reversed',
      appellant: 'affected_user',
    };
    expect(publicAppealLink({ ...link, text: 'Tôi là Nguyễn Văn A, 0912 345 678' })).toEqual(link);
    expect(publicAppealLink({ ...link, appealed_record_id: 'not an id' })).toEqual({ ...link, appealed_record_id: null });
    expect(publicAppealLink({ ...link, outcome: 'Gọi 0912 345 678' })).toBeUndefined();
    expect(publicAppealLink('0912 345 678')).toBeUndefined();
  });
});
