import { describe, expect, it } from 'vitest';
import { csvParser } from './csv.ts';

describe('CSV parser', () => {
  it('reads quoted commas, doubled quotes and newlines inside fields, across chunk boundaries', () => {
    const text = 'url,text\r\n"https://x.vn/a","Dòng 1, ""trích""\nDòng 2"\nhttps://x.vn/b,\n';
    const p = csvParser();
    const rows: string[][] = [];
    for (let i = 0; i < text.length; i += 7) rows.push(...p.push(text.slice(i, i + 7)));
    rows.push(...p.end());
    expect(rows).toEqual([
      ['url', 'text'],
      ['https://x.vn/a', 'Dòng 1, "trích"\nDòng 2'],
      ['https://x.vn/b', ''],
    ]);
  });

  it('keeps a last record that has no newline after it', () => {
    const p = csvParser();
    expect([...p.push('a,b\n1,2'), ...p.end()]).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
