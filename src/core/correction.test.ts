import { describe, expect, it } from 'vitest';
import { draftCorrection, type CorrectableRecord } from './correction.ts';
import { AppError } from './errors.ts';
import { publicRecordForDecision } from './public-record.ts';

const at = new Date('2026-12-01T10:00:00Z');
const later = new Date('2026-12-02T10:00:00Z');

const statement = {
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
  illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24',
  illegal_content_explanation: 'Phishing page impersonating a bank',
  content_type: ['CONTENT_TYPE_TEXT'],
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  content_date: '2026-11-01',
  application_date: '2026-11-02',
  decision_facts: 'The post links to a page that collects login credentials.',
  automated_detection: 'No',
  automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
  // Digits a redactor reads as a phone number: the public body shows this puid redacted.
  puid: '0912345678',
  source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
  source_identity: 'Cục An toàn thông tin',
  platform_name: 'Facebook',
  method: 'API',
  uuid: '0190a000-0000-7000-8000-000000000001',
  created_at: at.toISOString(),
};

function sorRecord(): CorrectableRecord {
  const r = publicRecordForDecision({
    decisionId: statement.uuid,
    caseId: '0190a000-0000-7000-8000-000000000002',
    platform: 'facebook',
    platformName: 'Facebook',
    canonicalUrl: 'https://facebook.com/posts/1',
    statement,
    createdAt: at,
  });
  return { ...r, withdrawn_by: null };
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const reason = 'The automated flag was inverted by our export.';

describe('draftCorrection', () => {
  it('supersedes a statement with the whole corrected body and says what changed and why', () => {
    const original = sorRecord();
    const { draft } = draftCorrection({
      record: original,
      latestId: null,
      changes: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', automated_detection: 'Yes' },
      reason,
      at: later,
      statement,
    });
    expect(draft).toMatchObject({
      type: 'correction',
      source_id: original.id,
      platform: 'facebook',
      category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
      published_at: later,
    });
    expect(draft.body).toMatchObject({ ...original.body, category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', automated_detection: 'Yes' });
    expect(draft.body.correction).toEqual({
      corrects_record_id: original.id,
      original_record_id: original.id,
      original_type: 'statement_of_reasons',
      changed_fields: [
        { field: 'category', from: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', to: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' },
        { field: 'automated_detection', from: 'No', to: 'Yes' },
      ],
      reason,
    });
  });

  it('chains: a correction of a correction names the one it corrects and the original', () => {
    const original = sorRecord();
    const first = draftCorrection({ record: original, latestId: null, changes: { automated_detection: 'Yes' }, reason, at: later, statement }).draft;
    const second = draftCorrection({
      record: { ...first, withdrawn_by: null },
      latestId: null,
      changes: { decision_facts: 'The post links to a credential-phishing page.' },
      reason: 'The facts were summarised wrongly.',
      at: later,
      statement,
    }).draft;
    expect(second.source_id).toBe(first.id);
    expect(second.body).toMatchObject({ automated_detection: 'Yes', decision_facts: 'The post links to a credential-phishing page.' });
    expect(second.body.correction).toMatchObject({ corrects_record_id: first.id, original_record_id: original.id, original_type: 'statement_of_reasons' });
  });

  it('redacts personal data in corrected text and in the reason', () => {
    const { draft } = draftCorrection({
      record: sorRecord(),
      latestId: null,
      changes: { decision_facts: 'Reported by nguyen.van.a@example.vn, who called from 0912 345 678.' },
      reason: 'The facts quoted the wrong post; call 0987 654 321.',
      at: later,
      statement,
    });
    const text = JSON.stringify(draft.body);
    expect(text).not.toContain('nguyen.van.a@example.vn');
    expect(text).not.toContain('0912 345 678');
    expect(text).not.toContain('0987 654 321');
  });

  it('validates the corrected statement again, naming changes.<field>', () => {
    const e = errorOf(() =>
      draftCorrection({ record: sorRecord(), latestId: null, changes: { decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' }, reason, at: later, statement }),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.field)).toEqual(expect.arrayContaining(['changes.incompatible_content_ground', 'changes.incompatible_content_explanation']));
    const bad = errorOf(() => draftCorrection({ record: sorRecord(), latestId: null, changes: { automated_detection: 'Maybe' }, reason, at: later, statement }));
    expect(bad.fields).toEqual([{ field: 'changes.automated_detection', message: expect.stringContaining('must be one of') }]);
  });

  it('refuses turning a restriction into no action, server-made fields, unknown fields and no change', () => {
    const noRestriction = errorOf(() => draftCorrection({ record: sorRecord(), latestId: null, changes: { decision_visibility: null }, reason, at: later, statement }));
    expect(noRestriction.fields).toEqual([{ field: 'changes.decision_visibility', message: expect.stringContaining('new decision') }]);
    const e = errorOf(() =>
      draftCorrection({
        record: sorRecord(),
        latestId: null,
        changes: { outcome: 'no_action', uuid: 'x', platform_name: 'Other', content_url: 'https://x.vn', source_identity: 'Someone', colour: 'red', automated_detection: 'No' },
        reason,
        at: later,
        statement,
      }),
    );
    expect(e.fields).toEqual([
      { field: 'changes.outcome', message: expect.stringContaining('new decision') },
      { field: 'changes.uuid', message: expect.stringContaining('minhbach sets it') },
      { field: 'changes.platform_name', message: expect.stringContaining('minhbach sets it') },
      { field: 'changes.content_url', message: expect.stringContaining('minhbach sets it') },
      { field: 'changes.source_identity', message: expect.stringContaining('minhbach sets it') },
      { field: 'changes.colour', message: expect.stringContaining('is not a field') },
      { field: 'changes.automated_detection', message: expect.stringContaining('already has this value') },
    ]);
    expect(errorOf(() => draftCorrection({ record: sorRecord(), latestId: null, changes: {}, reason, at: later })).fields[0]!.field).toBe('changes');
  });

  it('requires a reason', () => {
    const e = errorOf(() => draftCorrection({ record: sorRecord(), latestId: null, changes: { automated_detection: 'Yes' }, reason: '  ', at: later, statement }));
    expect(e.fields).toEqual([{ field: 'reason', message: expect.stringContaining('why') }]);
  });

  it('refuses a superseded record naming the latest, a withdrawn one, and kinds corrections are not for', () => {
    const superseded = errorOf(() => draftCorrection({ record: sorRecord(), latestId: 'latest-id', changes: { automated_detection: 'Yes' }, reason, at: later }));
    expect(superseded).toMatchObject({ code: 'conflict', extra: { latest_record_id: 'latest-id' } });
    expect(superseded.message).toContain('latest-id');
    const withdrawn = errorOf(() =>
      draftCorrection({ record: { ...sorRecord(), withdrawn_by: 'w-id' }, latestId: null, changes: { automated_detection: 'Yes' }, reason, at: later }),
    );
    expect(withdrawn.code).toBe('conflict');
    const tombstone = { ...sorRecord(), type: 'withdrawal', body: { withdrawn_record_id: 'x', reason: 'court order' } };
    expect(errorOf(() => draftCorrection({ record: tombstone, latestId: null, changes: { reason: 'another' }, reason, at: later })).code).toBe('conflict');
  });

  it("corrects a notice record's category, and keeps an authority's legal basis required", () => {
    const notice: CorrectableRecord = {
      id: '0190a000-0000-7000-8000-000000000009',
      type: 'authority_request',
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      platform: 'facebook',
      requester_kind: 'authority',
      withdrawn_by: null,
      body: {
        requester: { kind: 'authority', name: 'Cục An toàn thông tin' },
        notice_id: '0190a000-0000-7000-8000-000000000008',
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        category_specification: ['KEYWORD_PHISHING'],
        legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP' },
        explanation: 'Trang giả mạo',
        content_language: 'vi',
        urgency: 'normal',
      },
    };
    const { draft } = draftCorrection({
      record: notice,
      latestId: null,
      changes: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', category_specification: null },
      reason,
      at: later,
    });
    expect(draft).toMatchObject({ requester_kind: 'authority', category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' });
    expect(draft.body).toMatchObject({ category_specification: [], requester: notice.body.requester, notice_id: notice.body.notice_id });
    const e = errorOf(() => draftCorrection({ record: notice, latestId: null, changes: { legal_basis: null, urgency: 'urgent', notice_id: 'x' }, reason, at: later }));
    expect(e.fields.map((f) => f.field)).toEqual(['changes.urgency', 'changes.notice_id']);
    const lb = errorOf(() => draftCorrection({ record: notice, latestId: null, changes: { legal_basis: null }, reason, at: later }));
    expect(lb.fields).toEqual([{ field: 'changes.legal_basis', message: expect.stringContaining('required') }]);
  });
});
