import { describe, it, expect } from 'vitest';
import {
  AUTOMATED_DECISIONS,
  CATEGORY_SPECIFICATIONS,
  CONTENT_TYPES,
  DECISION_VISIBILITIES,
  EEA_COUNTRIES,
  EU_COUNTRIES,
  SOURCE_TYPES,
  STATEMENT_CATEGORIES,
  isIso639_1,
  isIsoCountryAlpha2,
  isOneOf,
} from './dsa.ts';

describe('DSA schema v2 enumerations', () => {
  it('has the 16 statement categories of schema v2, without the retired v1 ones', () => {
    expect(STATEMENT_CATEGORIES).toHaveLength(16);
    expect(new Set(STATEMENT_CATEGORIES).size).toBe(16);
    expect(STATEMENT_CATEGORIES).toContain('STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN');
    expect(STATEMENT_CATEGORIES).toContain('STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS');
    expect(STATEMENT_CATEGORIES).not.toContain('STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE');
    expect(STATEMENT_CATEGORIES).not.toContain('STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS');
  });

  it('has all 69 v2 keywords, each once, and none that v2 removed', () => {
    expect(CATEGORY_SPECIFICATIONS).toHaveLength(69);
    expect(new Set(CATEGORY_SPECIFICATIONS).size).toBe(69);
    for (const keyword of CATEGORY_SPECIFICATIONS) expect(keyword).toMatch(/^KEYWORD_[A-Z0-9_]+$/);
    for (const keyword of [
      'KEYWORD_MISINFORMATION_DISINFORMATION',
      'KEYWORD_PHISHING',
      'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING',
      'KEYWORD_COPYRIGHT_INFRINGEMENT',
      'KEYWORD_DEFAMATION',
      'KEYWORD_HATE_SPEECH',
      'KEYWORD_VIOLATION_NATIONAL_LAW',
      'KEYWORD_OTHER',
    ]) {
      expect(CATEGORY_SPECIFICATIONS).toContain(keyword);
    }
    for (const retired of ['KEYWORD_DANGEROUS_TOYS', 'KEYWORD_DISINFORMATION', 'KEYWORD_GENDER_BASED_VIOLENCE', 'KEYWORD_REGULATED_GOODS_SERVICES']) {
      expect(CATEGORY_SPECIFICATIONS).not.toContain(retired);
    }
  });

  it('has the v2 decision, content and source values integrators send', () => {
    expect(CONTENT_TYPES).toHaveLength(8);
    expect(DECISION_VISIBILITIES).toContain('DECISION_VISIBILITY_CONTENT_LABELLED');
    expect(AUTOMATED_DECISIONS).toEqual(['AUTOMATED_DECISION_FULLY', 'AUTOMATED_DECISION_PARTIALLY', 'AUTOMATED_DECISION_NOT_AUTOMATED']);
    expect(SOURCE_TYPES).toContain('SOURCE_TYPE_OTHER_NOTIFICATION');
  });

  it('isOneOf accepts only exact members', () => {
    expect(isOneOf(CONTENT_TYPES, 'CONTENT_TYPE_TEXT')).toBe(true);
    expect(isOneOf(CONTENT_TYPES, 'content_type_text')).toBe(false);
    expect(isOneOf(CONTENT_TYPES, ['CONTENT_TYPE_TEXT'])).toBe(false);
  });
});

describe('territorial scope', () => {
  it('lists the 30 EEA countries, the 27 EU states among them, as the EU database spells them', () => {
    expect(EEA_COUNTRIES).toHaveLength(30);
    expect(new Set(EEA_COUNTRIES).size).toBe(30);
    expect(EU_COUNTRIES).toHaveLength(27);
    for (const code of EU_COUNTRIES) expect(EEA_COUNTRIES).toContain(code);
    expect(EEA_COUNTRIES).toEqual(expect.arrayContaining(['IS', 'LI', 'NO', 'GR']));
    expect(EEA_COUNTRIES).not.toContain('EL');
  });

  it('every EEA code is an ISO country code', () => {
    for (const code of EEA_COUNTRIES) expect(isIsoCountryAlpha2(code)).toBe(true);
  });
});

describe('isIsoCountryAlpha2', () => {
  it('accepts exactly the 249 assigned ISO 3166-1 alpha-2 codes', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let accepted = 0;
    for (const a of letters) for (const b of letters) if (isIsoCountryAlpha2(a + b)) accepted++;
    expect(accepted).toBe(249);
  });

  it('accepts Viet Nam and countries outside Europe', () => {
    for (const code of ['VN', 'US', 'AQ', 'SS', 'BQ', 'AX']) expect(isIsoCountryAlpha2(code)).toBe(true);
  });

  it('rejects reserved, lower-case, three-letter and non-string codes', () => {
    for (const code of ['UK', 'EU', 'XK', 'EL', 'vn', 'VNM', '', ' VN', 42, null, undefined, ['VN']]) {
      expect(isIsoCountryAlpha2(code)).toBe(false);
    }
  });
});

describe('isIso639_1', () => {
  it('accepts two-letter language codes in either case', () => {
    for (const code of ['vi', 'VI', 'en', 'EN', 'zh', 'km', 'fr']) expect(isIso639_1(code)).toBe(true);
  });

  it('rejects three-letter codes, unassigned pairs and non-strings', () => {
    for (const code of ['vie', 'xx', 'qq', 'e', '', 'en-GB', 7, null]) expect(isIso639_1(code)).toBe(false);
  });
});
