import { describe, expect, it } from 'vitest';
import { inputIdOf, noticeFromForm, type NoticeFormState } from './notice-form.ts';

const blank: NoticeFormState = {
  category: '',
  keywords: [],
  explanation: '',
  instrument: '',
  provision: '',
  reference_url: '',
  urgency: 'normal',
  content_language: '',
  items: [{ url: '', text: '' }],
};

describe('the notice form', () => {
  it('names every required field left blank, the legal basis too for an authority', () => {
    expect(noticeFromForm(blank, 'authority').missing.map((m) => m.field)).toEqual(['category', 'items[0].url', 'explanation', 'legal_basis.instrument']);
    expect(noticeFromForm(blank, 'trusted_flagger').missing.map((m) => m.field)).toEqual(['category', 'items[0].url', 'explanation']);
    // A provision without its instrument is half a legal basis, whoever sends it.
    expect(noticeFromForm({ ...blank, provision: 'Điều 24' }, 'rights_holder').missing.map((m) => m.field)).toContain('legal_basis.instrument');
  });

  it('sends what was typed, trimmed, leaving out what is empty and urgency for those who may not set it', () => {
    const state: NoticeFormState = {
      ...blank,
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      keywords: ['KEYWORD_PHISHING'],
      explanation: '  Trang giả mạo ngân hàng  ',
      instrument: ' Nghị định 147/2024/NĐ-CP ',
      provision: 'Điều 24',
      urgency: 'urgent',
      content_language: 'vi',
      items: [
        { url: ' https://facebook.com/a/posts/1 ', text: 'Nhận quà\nmiễn phí' },
        { url: '', text: '' },
        { url: 'https://tin.vn/b', text: '   ' },
      ],
    };
    const authority = noticeFromForm(state, 'authority');
    expect(authority.missing).toEqual([]);
    expect(authority.body).toEqual({
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      category_specification: ['KEYWORD_PHISHING'],
      items: [{ url: 'https://facebook.com/a/posts/1', text: 'Nhận quà\nmiễn phí' }, { url: 'https://tin.vn/b' }],
      explanation: 'Trang giả mạo ngân hàng',
      legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
      content_language: 'vi',
      urgency: 'urgent',
    });
    // The empty middle row was skipped: item 1 is form row 2.
    expect(authority.rows).toEqual([0, 2]);
    expect(noticeFromForm(state, 'rights_holder').body.urgency).toBeUndefined();
  });

  it('finds the input of each server field error, items by their form row', () => {
    const rows = [0, 2];
    expect(inputIdOf('items[1].url', rows)).toBe('items-2-url');
    expect(inputIdOf('items[1].text', rows)).toBe('items-2-text');
    expect(inputIdOf('items', rows)).toBe('items-0-url');
    expect(inputIdOf('legal_basis', rows)).toBe('legal_basis-instrument');
    expect(inputIdOf('legal_basis.reference_url', rows)).toBe('legal_basis-reference_url');
    expect(inputIdOf('category_specification[0]', rows)).toBe('keywords');
    expect(inputIdOf('urgency', rows)).toBe('urgency-normal');
    expect(inputIdOf('explanation', rows)).toBe('explanation');
    expect(inputIdOf('Idempotency-Key', rows)).toBe('items-0-url');
  });
});
