import { describe, expect, it } from 'vitest';
import { appealWindowEnd, checkAppealInput, checkAppealWindow, MAX_APPEAL_TEXT } from './appeal.ts';
import { AppError } from './errors.ts';

const fieldsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).fields.map((x) => x.field);
  }
  return [];
};

describe('what an appellant writes', () => {
  it('is a reason (required of the affected user) and up to 10 http(s) links without credentials', () => {
    expect(checkAppealInput({ text: '  Bài viết là tin thật, có nguồn  ', urls: ['https://baochinhphu.vn/a'] }, { textRequired: true })).toEqual({
      text: 'Bài viết là tin thật, có nguồn',
      urls: ['https://baochinhphu.vn/a'],
    });
    expect(checkAppealInput({}, { textRequired: false })).toEqual({ text: '', urls: [] });
    expect(fieldsOf(() => checkAppealInput({ text: ' ' }, { textRequired: true }))).toEqual(['text']);
    expect(fieldsOf(() => checkAppealInput({ text: 'x'.repeat(MAX_APPEAL_TEXT + 1) }, { textRequired: false }))).toEqual(['text']);
    expect(fieldsOf(() => checkAppealInput({ text: 'Vì', urls: ['ftp://a.vn/x', 'https://user:pw@a.vn/x'] }, { textRequired: true }))).toEqual(['urls[0]', 'urls[1]']);
    expect(fieldsOf(() => checkAppealInput({ text: 'Vì', urls: Array.from({ length: 11 }, (_, i) => `https://a.vn/${i}`) }, { textRequired: true }))).toEqual(['urls']);
  });
});

describe('the appeal window', () => {
  it('is six calendar months from the decision (DSA Art. 20(1)), the month’s last day when it has no such day', () => {
    expect(appealWindowEnd(new Date('2026-08-31T10:00:00Z')).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    const decided = new Date('2026-06-07T08:00:00Z');
    expect(() => checkAppealWindow(decided, new Date('2026-12-07T08:00:00Z'))).not.toThrow();
    expect(() => checkAppealWindow(decided, new Date('2026-12-07T08:00:01Z'))).toThrow(/ended on 2026-12-07T08:00:00.000Z/);
  });
});
