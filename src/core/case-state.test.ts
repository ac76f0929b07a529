import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS, CASE_STATUSES, checkAppealOnce, nextStatus, TRANSITIONS, type CaseHistoryEvent } from './case-state.ts';
import { AppError } from './errors.ts';

describe('case state machine', () => {
  it('follows the path of a reviewed, decided, appealed and closed case', () => {
    let s = nextStatus('received', 'start_review', 'platform');
    expect(s).toBe('in_review');
    s = nextStatus(s, 'decide', 'platform');
    expect(s).toBe('decided');
    s = nextStatus(s, 'appeal', 'trusted_flagger');
    expect(s).toBe('appealed');
    s = nextStatus(s, 'decide', 'platform');
    s = nextStatus(s, 'close', 'platform');
    expect(s).toBe('closed');
    expect(nextStatus(s, 'reopen', 'platform')).toBe('in_review');
  });

  it('never lets a case be closed without a decision', () => {
    for (const from of ['received', 'in_review', 'appealed'] as const) {
      expect(() => nextStatus(from, 'close', 'platform')).toThrowError(expect.objectContaining({ code: 'invalid_transition' }));
    }
  });

  it('names the actions allowed from the current status when refusing one', () => {
    try {
      nextStatus('decided', 'start_review', 'platform');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).extra.allowed_actions).toEqual(['appeal', 'close']);
    }
  });

  it('keeps reviewing and deciding to platforms', () => {
    for (const kind of ['authority', 'trusted_flagger', 'rights_holder', 'public_reporter'] as const) {
      expect(() => nextStatus('received', 'start_review', kind)).toThrowError(expect.objectContaining({ code: 'forbidden' }));
      expect(() => nextStatus('received', 'decide', kind)).toThrowError(expect.objectContaining({ code: 'forbidden' }));
    }
  });

  it('says who may not act in plain words', () => {
    expect(() => nextStatus('received', 'start_review', 'authority')).toThrowError('An authority cannot start reviewing a case');
    expect(() => nextStatus('in_review', 'decide', 'trusted_flagger')).toThrowError('A trusted flagger cannot decide a case');
  });

  it('has every status reachable from received (merged is reached by the linker, not by an action)', () => {
    const reached = new Set(['received']);
    for (let i = 0; i < CASE_STATUSES.length; i++) {
      for (const a of CASE_ACTIONS) for (const from of TRANSITIONS[a].from) if (reached.has(from)) reached.add(TRANSITIONS[a].to);
    }
    expect([...reached].sort()).toEqual(CASE_STATUSES.filter((s) => s !== 'merged').sort());
  });

  it('allows nothing on a merged case, and says where to act instead', () => {
    for (const a of CASE_ACTIONS) {
      expect(() => nextStatus('merged', a, 'platform')).toThrowError(
        expect.objectContaining({ code: 'invalid_transition', extra: expect.objectContaining({ allowed_actions: [] }) }),
      );
    }
  });
});

describe('appealing a decision once', () => {
  const flagger = { orgId: 'flagger', kind: 'trusted_flagger' as const };
  const authority = { orgId: 'authority', kind: 'authority' as const };
  const decided = (decision_id: string, from: string): CaseHistoryEvent => ({ type: 'decided', actor_org_id: 'platform', data: { decision_id, from, to: 'decided' } });
  const appeal = (by: string): CaseHistoryEvent => ({ type: 'status_changed', actor_org_id: by, data: { action: 'appeal', from: 'decided', to: 'appealed' } });

  it('lets each submitter appeal a decision once, and refuses its appeal of the answer to its appeal', () => {
    const history = [decided('d1', 'in_review')];
    expect(() => checkAppealOnce(history, flagger)).not.toThrow();
    history.push(appeal('flagger'), decided('d2', 'appealed'));
    expect(() => checkAppealOnce(history, flagger)).toThrowError(expect.objectContaining({ code: 'conflict', extra: { appealed_decision_id: 'd1' } }));
    // Another organization that joined the case has its own appeal.
    expect(() => checkAppealOnce(history, authority)).not.toThrow();
  });

  it('opens a new appeal once the case is decided afresh, after a new review', () => {
    const history = [decided('d1', 'received'), appeal('flagger'), decided('d2', 'appealed'), decided('d3', 'in_review')];
    expect(() => checkAppealOnce(history, flagger)).not.toThrow();
  });

  it("does not limit the platform, which records affected users' appeals", () => {
    const history = [decided('d1', 'in_review'), appeal('platform'), decided('d2', 'appealed')];
    expect(() => checkAppealOnce(history, { orgId: 'platform', kind: 'platform' })).not.toThrow();
  });
});
