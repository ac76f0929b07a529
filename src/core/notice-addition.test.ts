import { describe, expect, it } from 'vitest';
import { checkAddition, checkOpenForAdditions, evidenceUrlProblem } from './notice-addition.ts';

const fieldsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    return (e as { fields: { field: string }[] }).fields.map((x) => x.field);
  }
  return [];
};

describe('checkAddition', () => {
  it('trims the text and keeps URLs as sent', () => {
    expect(checkAddition({ text: '  Bài đã bị sửa.  ', urls: ['https://luu-tru.example.vn/a?id=7&utm_source=x'] })).toEqual({
      text: 'Bài đã bị sửa.',
      urls: ['https://luu-tru.example.vn/a?id=7&utm_source=x'],
    });
    expect(checkAddition({ text: 'Chỉ có chữ.' })).toEqual({ text: 'Chỉ có chữ.', urls: [] });
  });

  it('names every bad field at once', () => {
    expect(fieldsOf(() => checkAddition({ text: '   ', urls: ['https://ok.example.vn', 'javascript:alert(1)', 'https://ok.example.vn'] }))).toEqual(['text', 'urls[1]', 'urls']);
    expect(fieldsOf(() => checkAddition({ text: 'x'.repeat(5001) }))).toEqual(['text']);
    expect(fieldsOf(() => checkAddition({ text: 'ok', urls: Array.from({ length: 11 }, (_, i) => `https://a.example.vn/${i}`) }))).toEqual(['urls']);
  });
});

describe('evidenceUrlProblem', () => {
  it.each([
    ['https://luu-tru.example.vn/ban-sao.pdf', null],
    ['http://203.0.113.7/anh.png', null],
    ['ftp://a.example.vn/x', 'must start with http:// or https://'],
    ['https://nguoi:mat-khau@a.example.vn/x', 'must not carry a user name or password'],
    ['https://a.example.vn/x y', 'must not contain spaces or control characters'],
    ['/chi-co-duong-dan', 'must be an absolute URL such as https://example.vn/evidence.pdf'],
    [`https://a.example.vn/${'x'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('%s → %s', (url, problem) => {
    expect(evidenceUrlProblem(url)).toBe(problem);
  });
});

describe('checkOpenForAdditions', () => {
  it('takes nothing more on a withdrawn notice', () => {
    expect(() => checkOpenForAdditions(null)).not.toThrow();
    expect(() => checkOpenForAdditions({ created_at: new Date('2026-11-02T08:00:00Z') })).toThrow(
      expect.objectContaining({ code: 'conflict', extra: expect.objectContaining({ reason: 'withdrawn' }) }),
    );
  });
});
