import { describe, expect, it } from 'vitest';
import { searchTerms } from './search-terms.ts';

/** What PostgreSQL's `simple` search does with the terms: every query word must be among the record's. */
const finds = (query: string, record: string) => {
  const words = new Set(searchTerms(record).split(' '));
  return searchTerms(query)
    .split(' ')
    .every((w) => words.has(w));
};

describe('search terms', () => {
  it('finds Vietnamese as people type it: without marks, in any case, with other tone placement', () => {
    const record = 'Trang giả mạo phát tán mã độc đánh cắp tài khoản ngân hàng';
    expect(finds('ma doc', record)).toBe(true);
    expect(finds('MÃ ĐỘC', record)).toBe(true);
    expect(finds('danh cap tai khoan', record)).toBe(true);
    expect(finds('hoà', 'hòa giải')).toBe(true);
    expect(finds('ma tuy', record)).toBe(false);
  });

  it('finds a decree by its kind and number however it is written', () => {
    const record = 'Căn cứ 147/2024/NĐ-CP, Điều 24';
    expect(finds('Nghị định 147', record)).toBe(true);
    expect(finds('nghi dinh 147', record)).toBe(true);
    expect(finds('147/2024/NĐ-CP', record)).toBe(true);
    expect(finds('Quyết định 147', record)).toBe(false);
    expect(finds('Quyết định 13 Thủ tướng', 'theo 13/2023/QĐ-TTg')).toBe(true);
    expect(finds('Nghị định 148', record)).toBe(false);
  });
});
