import { describe, expect, it } from 'vitest';
import { AFFECTED_USER_APPEAL_MONTHS, affectedUserAppealDeadline } from './affected-user-statement.ts';
import { affectedUserStatement, type StatementInputs } from './affected-user-statement-view.ts';

const decidedAt = new Date('2026-11-02T03:00:00Z');

const statement = {
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
  decision_account: 'DECISION_ACCOUNT_SUSPENDED',
  end_date_account_restriction: '2026-12-02',
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
  illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24',
  illegal_content_explanation: 'Trang giả mạo ngân hàng, liên hệ 0912 345 678 để nhận tiền',
  content_type: ['CONTENT_TYPE_TEXT'],
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  content_date: '2026-11-01',
  decision_facts: 'Bài viết dẫn tới trang thu thập mật khẩu.',
  automated_detection: 'Yes',
  automated_decision: 'AUTOMATED_DECISION_PARTIALLY',
  source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
  source_identity: 'Cục An toàn thông tin',
};

const inputs = (over: Partial<StatementInputs> = {}): StatementInputs => ({
  decision: { id: 'd1', outcome: 'restriction', statement, decided_at: decidedAt },
  case: {
    platform: 'facebook',
    platform_name: 'Meta',
    canonical_url: 'https://facebook.com/nguyen.van.a/posts/123',
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    status: 'decided',
  },
  notices: [
    // A member of the public's report: its sender's name is the deployment's public reporter, and its text is private.
    { kind: 'public_reporter', name: 'Nguyễn Thị Phản Ánh', legal_basis: null, created_at: new Date('2026-11-01T01:00:00Z') },
    { kind: 'trusted_flagger', name: 'Tổ chức kiểm chứng A', legal_basis: null, created_at: new Date('2026-11-01T02:00:00Z') },
    {
      kind: 'authority',
      name: 'Cục An toàn thông tin',
      legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
      created_at: new Date('2026-11-01T03:00:00Z'),
    },
    // After the decision: not what the decision answered.
    { kind: 'rights_holder', name: 'Hãng phim B', legal_basis: null, created_at: new Date('2026-11-03T00:00:00Z') },
  ],
  later_decisions: [],
  public_record: { id: 'r1', log_index: 7 },
  appeal_answer_hours: 48,
  now: new Date('2026-11-05T00:00:00Z'),
  ...over,
});

describe("the affected user's statement", () => {
  it('has every Santa Clara notice item', () => {
    const v = affectedUserStatement(inputs());
    // What was done, with end dates.
    expect(v.outcome).toBe('restriction');
    expect(v.restrictions).toMatchObject({ visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], account: 'DECISION_ACCOUNT_SUSPENDED', account_end_date: '2026-12-02' });
    // To which content: as the public record shows it.
    expect(v.content).toEqual({ url: 'facebook.com/…', content_type: ['CONTENT_TYPE_TEXT'], content_date: '2026-11-01' });
    // Under which law, and why.
    expect(v.ground).toMatchObject({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24' });
    expect(v.ground.facts).toBe('Bài viết dẫn tới trang thu thập mật khẩu.');
    expect(v.category).toBe('STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
    // Who asked: the authority by name with its legal basis.
    expect(v.requested_by).toEqual({
      authority_request: true,
      authorities: [{ name: 'Cục An toàn thông tin', legal_bases: [{ instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' }] }],
      others: ['trusted_flagger', 'public_reporter'],
      platform_own_initiative: false,
    });
    // Automation.
    expect(v.automation).toEqual({ automated_detection: true, automated_decision: 'AUTOMATED_DECISION_PARTIALLY' });
    // How to appeal, until when, and how fast the answer comes.
    expect(v.appeal).toEqual({ deadline: '2027-05-02T03:00:00.000Z', open: true, answer_within_hours: 48 });
    // Verifiable: the public record and its place in the log.
    expect(v.public_record).toEqual({ id: 'r1', log_index: 7 });
    expect(v.decided_at).toBe(decidedAt.toISOString());
  });

  it('holds no reporter data: no private name, no contact, no report or notice text', () => {
    const json = JSON.stringify(affectedUserStatement(inputs()));
    expect(json).not.toContain('Nguyễn Thị Phản Ánh');
    expect(json).not.toContain('Tổ chức kiểm chứng A');
    expect(json).not.toContain('Hãng phim B');
    expect(json).not.toContain('nguyen.van.a');
    // The platform's own text is shown as it is published: personal data redacted.
    expect(json).not.toContain('0912 345 678');
    expect(json).not.toContain('source_identity');
  });

  it('says when the content was restored by a later decision, and when no authority asked', () => {
    const v = affectedUserStatement(
      inputs({ notices: [], later_decisions: [{ outcome: 'no_action', decided_at: new Date('2026-11-04T00:00:00Z') }], case: { ...inputs().case, status: 'decided' } }),
    );
    expect(v.requested_by).toEqual({ authority_request: false, authorities: [], others: [], platform_own_initiative: true });
    expect(v.newer_decision).toEqual({ outcome: 'no_action', decided_at: '2026-11-04T00:00:00.000Z', restored: true });
  });

  it('for an answer without action, says so and claims nothing about automation', () => {
    const v = affectedUserStatement(
      inputs({
        decision: {
          id: 'd2',
          outcome: 'no_action',
          statement: { outcome: 'no_action', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', decision_facts: 'Không vi phạm.' },
          decided_at: decidedAt,
        },
      }),
    );
    expect(v.outcome).toBe('no_action');
    expect(v.ground.decision_ground).toBeNull();
    expect(v.ground.facts).toBe('Không vi phạm.');
    expect(v.automation).toEqual({ automated_detection: null, automated_decision: null });
    expect(v.restrictions.visibility).toEqual([]);
  });

  it('closes the appeal six months after the decision (DSA Art. 20(1)), on the month’s last day when needed', () => {
    expect(AFFECTED_USER_APPEAL_MONTHS).toBe(6);
    expect(affectedUserAppealDeadline(new Date('2026-08-31T10:00:00Z')).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(affectedUserAppealDeadline(new Date('2026-01-15T00:00:00Z')).toISOString()).toBe('2026-07-15T00:00:00.000Z');
    const late = affectedUserStatement(inputs({ now: new Date('2027-05-02T03:00:01Z') }));
    expect(late.appeal.open).toBe(false);
  });
});
