import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { STATEMENT_OF_REASONS_FIELDS, validateStatementOfReasons, type StatementOfReasonsInput } from './statement-of-reasons.ts';

/** A complete statement for a phishing page removed as illegal under Vietnamese law. */
const illegalContentDecision: StatementOfReasonsInput = {
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
  decision_account: 'DECISION_ACCOUNT_SUSPENDED',
  account_type: 'ACCOUNT_TYPE_PRIVATE',
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
  decision_ground_reference_url: 'https://thuvienphapluat.vn/van-ban/Nghi-dinh-147-2024',
  illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Article 8',
  illegal_content_explanation: 'The page imitates a bank login form to collect credentials.',
  content_type: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'],
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  category_addition: ['STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS'],
  category_specification: ['KEYWORD_PHISHING', 'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING'],
  content_language: 'VI',
  content_date: '2025-06-30',
  application_date: '2025-07-01',
  end_date_account_restriction: '2025-08-01',
  territorial_scope: ['VN'],
  decision_facts: 'Reported by the bank; confirmed by manual review of the page.',
  automated_detection: 'No',
  automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
  puid: 'fb-post_1234567890',
  content_id: { 'EAN-13': '4006381333931' },
};

function errorsFor(input: unknown) {
  const result = validateStatementOfReasons(input);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

function fieldsWithErrors(input: unknown): string[] {
  return errorsFor(input).map((e) => e.field);
}

const withChanges = (changes: Record<string, unknown>): Record<string, unknown> => ({ ...illegalContentDecision, ...changes });

describe('validateStatementOfReasons: valid statements', () => {
  it('accepts a complete illegal-content decision and returns it unchanged', () => {
    expect(validateStatementOfReasons(illegalContentDecision)).toEqual({ ok: true, value: illegalContentDecision });
  });

  it('accepts a minimal terms-of-service decision that only restricts the account', () => {
    const minimal = {
      decision_account: 'DECISION_ACCOUNT_TERMINATED',
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'Community Standards, section 4 (spam)',
      incompatible_content_explanation: 'The account posted the same link 400 times in an hour.',
      incompatible_content_illegal: 'No',
      content_type: ['CONTENT_TYPE_TEXT'],
      category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
      content_date: '2000-01-01',
      application_date: '2020-01-01',
      decision_facts: 'Automated spam filter, confirmed by a reviewer.',
      automated_detection: 'Yes',
      automated_decision: 'AUTOMATED_DECISION_PARTIALLY',
      puid: 'A',
    };
    expect(validateStatementOfReasons(minimal)).toEqual({ ok: true, value: minimal });
  });

  it('treats null and blank optional fields as absent, as the EU database does, and leaves them out', () => {
    const result = validateStatementOfReasons(withChanges({ decision_monetary: null, content_type_other: '  ', category_specification_other: null }));
    expect(result).toEqual({ ok: true, value: illegalContentDecision });
  });
});

describe('validateStatementOfReasons: conditional requirements', () => {
  it('requires the legal ground and explanation for illegal content', () => {
    const { illegal_content_legal_ground: _g, illegal_content_explanation: _e, ...rest } = illegalContentDecision;
    expect(fieldsWithErrors(rest)).toEqual(['illegal_content_legal_ground', 'illegal_content_explanation']);
    expect(errorsFor(rest)[0]!.message).toContain('DECISION_GROUND_ILLEGAL_CONTENT');
  });

  it('requires the contractual ground and explanation for content incompatible with terms', () => {
    expect(fieldsWithErrors(withChanges({ decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' }))).toEqual(['incompatible_content_ground', 'incompatible_content_explanation']);
  });

  it.each([
    [{ decision_visibility: ['DECISION_VISIBILITY_OTHER'] }, 'decision_visibility_other'],
    [{ decision_monetary: 'DECISION_MONETARY_OTHER' }, 'decision_monetary_other'],
    [{ content_type: ['CONTENT_TYPE_VIDEO', 'CONTENT_TYPE_OTHER'] }, 'content_type_other'],
    [{ category_specification: ['KEYWORD_OTHER'] }, 'category_specification_other'],
  ])('requires the explaining text when an _OTHER value is chosen: %j', (changes, field) => {
    expect(fieldsWithErrors(withChanges(changes))).toEqual([field]);
    expect(validateStatementOfReasons(withChanges({ ...changes, [field]: 'Shadow-ban in search results' })).ok).toBe(true);
  });

  it('still asks for the _OTHER text when the list itself has another error', () => {
    expect(fieldsWithErrors(withChanges({ content_type: ['CONTENT_TYPE_OTHER', 'CONTENT_TYPE_GIF'] }))).toEqual(['content_type[1]', 'content_type_other']);
  });

  it('requires at least one restriction, reporting it on each of the four fields', () => {
    const { decision_visibility: _v, decision_account: _a, ...rest } = illegalContentDecision;
    const errors = errorsFor(rest);
    expect(errors.map((e) => e.field)).toEqual(['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account']);
    expect(errors[0]!.message).toContain('decision_account');
    expect(validateStatementOfReasons({ ...rest, decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION' }).ok).toBe(true);
  });
});

describe('validateStatementOfReasons: values', () => {
  it('names every missing required field', () => {
    expect(fieldsWithErrors({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_DEMOTED'] })).toEqual([
      'decision_ground',
      'content_type',
      'category',
      'content_date',
      'application_date',
      'decision_facts',
      'automated_detection',
      'automated_decision',
      'puid',
    ]);
  });

  it('rejects values outside the DSA enumerations, naming the array index', () => {
    expect(fieldsWithErrors(withChanges({ category: 'STATEMENT_CATEGORY_FRAUD' }))).toEqual(['category']);
    expect(fieldsWithErrors(withChanges({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED', 'REMOVED'] }))).toEqual(['decision_visibility[1]']);
    expect(fieldsWithErrors(withChanges({ category_specification: ['KEYWORD_DANGEROUS_TOYS'] }))).toEqual(['category_specification[0]']);
    expect(fieldsWithErrors(withChanges({ automated_detection: true }))).toEqual(['automated_detection']);
    expect(fieldsWithErrors(withChanges({ automated_decision: 'Yes' }))).toEqual(['automated_decision']);
    expect(errorsFor(withChanges({ decision_account: 'BANNED' }))[0]!.message).toContain('DECISION_ACCOUNT_SUSPENDED');
  });

  it('rejects duplicates and empty arrays', () => {
    expect(fieldsWithErrors(withChanges({ content_type: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_TEXT'] }))).toEqual(['content_type[1]']);
    expect(fieldsWithErrors(withChanges({ territorial_scope: ['VN', 'DE', 'VN'] }))).toEqual(['territorial_scope[2]']);
    expect(fieldsWithErrors(withChanges({ content_type: [] }))).toEqual(['content_type']);
    expect(fieldsWithErrors(withChanges({ category_addition: [] }))).toEqual(['category_addition']);
    expect(fieldsWithErrors(withChanges({ content_type: 'CONTENT_TYPE_TEXT' }))).toEqual(['content_type']);
  });

  it('enforces the DSA length limits in characters, not bytes', () => {
    expect(validateStatementOfReasons(withChanges({ decision_facts: 'x'.repeat(5000) })).ok).toBe(true);
    expect(fieldsWithErrors(withChanges({ decision_facts: 'x'.repeat(5001) }))).toEqual(['decision_facts']);
    expect(fieldsWithErrors(withChanges({ illegal_content_explanation: 'x'.repeat(2001) }))).toEqual(['illegal_content_explanation']);
    expect(fieldsWithErrors(withChanges({ illegal_content_legal_ground: 'x'.repeat(501) }))).toEqual(['illegal_content_legal_ground']);
    expect(validateStatementOfReasons(withChanges({ illegal_content_legal_ground: '😀'.repeat(500) })).ok).toBe(true);
    expect(validateStatementOfReasons(withChanges({ illegal_content_legal_ground: 'ệ'.repeat(500) })).ok).toBe(true);
  });

  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(validateStatementOfReasons(withChanges({ content_date: '2024-02-29' })).ok).toBe(true);
    for (const bad of ['2023-02-29', '2025-13-01', '2025-04-31', '2025-7-1', '01/07/2025', '2025-07-01T00:00:00Z', 20250701]) {
      expect(fieldsWithErrors(withChanges({ content_date: bad }))).toEqual(['content_date']);
    }
  });

  it('enforces the earliest dates the DSA allows', () => {
    expect(fieldsWithErrors(withChanges({ content_date: '1999-12-31' }))).toEqual(['content_date']);
    expect(errorsFor(withChanges({ application_date: '2019-12-31' }))).toEqual([{ field: 'application_date', message: 'must be on or after 2020-01-01; got 2019-12-31' }]);
  });

  it('rejects a restriction that ends before it applies, but allows it to end the same day', () => {
    expect(fieldsWithErrors(withChanges({ end_date_visibility_restriction: '2025-06-30' }))).toEqual(['end_date_visibility_restriction']);
    expect(errorsFor(withChanges({ end_date_service_restriction: '2025-06-30' }))[0]!.message).toContain('application_date (2025-07-01)');
    expect(validateStatementOfReasons(withChanges({ end_date_monetary_restriction: '2025-07-01' })).ok).toBe(true);
  });

  it('accepts a puid of letters, digits, hyphens and underscores up to 500 characters', () => {
    expect(validateStatementOfReasons(withChanges({ puid: 'a'.repeat(500) })).ok).toBe(true);
    for (const bad of ['a b', 'a/b', 'ñ', 'abc\n', 'a'.repeat(501), 42]) {
      expect(fieldsWithErrors(withChanges({ puid: bad }))).toEqual(['puid']);
    }
  });

  it('accepts only http(s) reference URLs', () => {
    for (const bad of ['ftp://example.com/law', 'javascript:alert(1)', 'not a url', 'https://', `https://e.vn/${'a'.repeat(500)}`]) {
      expect(fieldsWithErrors(withChanges({ decision_ground_reference_url: bad }))).toEqual(['decision_ground_reference_url']);
    }
  });

  it('accepts any ISO country in territorial_scope, including the EEA and Viet Nam', () => {
    expect(validateStatementOfReasons(withChanges({ territorial_scope: ['VN', 'DE', 'GR', 'NO', 'US'] })).ok).toBe(true);
    expect(fieldsWithErrors(withChanges({ territorial_scope: ['VN', 'UK', 'de'] }))).toEqual(['territorial_scope[1]', 'territorial_scope[2]']);
  });

  it('accepts an upper-case ISO 639-1 content language only', () => {
    expect(validateStatementOfReasons(withChanges({ content_language: 'EN' })).ok).toBe(true);
    for (const bad of ['vi', 'VIE', 'XX', 'vi-VN']) expect(fieldsWithErrors(withChanges({ content_language: bad }))).toEqual(['content_language']);
  });

  it('checks content_id as identifier type to identifier, including the EAN-13 check digit', () => {
    expect(fieldsWithErrors(withChanges({ content_id: { 'EAN-13': '4006381333932' } }))).toEqual(['content_id["EAN-13"]']);
    expect(fieldsWithErrors(withChanges({ content_id: ['4006381333931'] }))).toEqual(['content_id']);
    expect(fieldsWithErrors(withChanges({ content_id: { sku: 12 } }))).toEqual(['content_id["sku"]']);
  });
});

describe('validateStatementOfReasons: fields', () => {
  it('rejects unknown fields by name', () => {
    const errors = errorsFor(withChanges({ decision_fact: 'typo', legal_provision_vn: 'x' }));
    expect(errors.map((e) => e.field)).toEqual(['decision_fact', 'legal_provision_vn']);
  });

  it.each(['uuid', 'created_at', 'platform_name', 'method', 'permalink', 'self', 'source_type', 'source_identity'])('rejects %s, saying that the server sets it', (field) => {
    expect(errorsFor(withChanges({ [field]: 'x' }))).toEqual([{ field, message: expect.stringContaining('set by the server') }]);
  });

  it('lists every accepted field once, so the HTTP schema can reuse it', () => {
    expect(new Set(STATEMENT_OF_REASONS_FIELDS).size).toBe(STATEMENT_OF_REASONS_FIELDS.length);
    for (const field of Object.keys(illegalContentDecision)) expect(STATEMENT_OF_REASONS_FIELDS).toContain(field);
  });

  it('reports all problems at once, not just the first', () => {
    const errors = errorsFor(withChanges({ category: 'X', puid: 'a b', content_date: '2025-02-30', uuid: 'u', extra: 1 }));
    expect(errors.map((e) => e.field)).toEqual(['category', 'content_date', 'puid', 'uuid', 'extra']);
    for (const error of errors) expect(error.message.length).toBeGreaterThan(10);
  });
});

describe('validateStatementOfReasons: hostile input', () => {
  it.each([null, undefined, 42, 'statement', true, [], [illegalContentDecision]])('rejects %j as a whole with one error', (input) => {
    expect(errorsFor(input)).toEqual([{ field: '', message: expect.stringContaining('JSON object') }]);
  });

  it('keeps messages and the error list short for huge input', () => {
    const huge = 'x'.repeat(5_000_000);
    const errors = errorsFor(withChanges({ decision_facts: huge, puid: huge, category: huge, content_type: Array(1_000_000).fill('CONTENT_TYPE_TEXT') }));
    expect(errors).toHaveLength(4);
    for (const error of errors) expect(error.message.length).toBeLessThan(400);
    const manyFields = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i]));
    expect(errorsFor({ ...illegalContentDecision, ...manyFields }).length).toBeLessThanOrEqual(11);
  });

  it('never throws on arbitrary values, and always says ok or gives at least one error', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateStatementOfReasons(input);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never throws when any field of a valid statement is replaced by an arbitrary value', () => {
    const fieldNames = [...STATEMENT_OF_REASONS_FIELDS, 'uuid', '__proto__', 'constructor'];
    fc.assert(
      fc.property(fc.constantFrom(...fieldNames), fc.anything({ withNullPrototype: true, withBoxedValues: true }), (field, value) => {
        const input: Record<string, unknown> = { ...illegalContentDecision };
        Object.defineProperty(input, field, { value, enumerable: true, configurable: true, writable: true });
        const result = validateStatementOfReasons(input);
        if (result.ok) expect(Object.keys(result.value).length).toBeGreaterThan(0);
        else for (const error of result.errors) expect(typeof error.message).toBe('string');
      }),
    );
  });
});
