import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, decodeUtf8, detectDelimiter, parseCsv, toCsv } from './csv.ts';

const cells = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.error)}`);
  return r.records.map((x) => x.cells);
};

describe('parseCsv', () => {
  it('reads plain fields, with CRLF, LF or CR line ends, and no empty record after the last line break', () => {
    expect(cells('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('a,b\rc,d\r')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    expect(cells('url,text\r\n"https://x.vn/a?b=1,2","Anh ấy nói ""mua ngay""\r\ndòng hai"\r\n')).toEqual([
      ['url', 'text'],
      ['https://x.vn/a?b=1,2', 'Anh ấy nói "mua ngay"\r\ndòng hai'],
    ]);
  });

  it('keeps empty fields, trailing ones included, and a quote inside an unquoted field as written', () => {
    expect(cells('a,,c,\n,"",x')).toEqual([
      ['a', '', 'c', ''],
      ['', '', 'x'],
    ]);
    expect(cells('màn hình 5" rộng,b')).toEqual([['màn hình 5" rộng', 'b']]);
  });

  it('numbers each record as a spreadsheet row, and by the line it starts on, counting the line breaks inside quotes', () => {
    const r = parseCsv('h1,h2\n"one\ntwo\r\nthree",x\n\nlast,y\n');
    expect(r.ok && r.records.map((x) => [x.row, x.line, x.cells[0]])).toEqual([
      [1, 1, 'h1'],
      [2, 2, 'one\ntwo\r\nthree'],
      [3, 5, ''],
      [4, 6, 'last'],
    ]);
  });

  it('drops a byte order mark', () => {
    expect(cells(`${CSV_BOM}url,text\nx,y`)[0]).toEqual(['url', 'text']);
  });

  it('says where a quote never closes, and where text follows a closing quote', () => {
    expect(parseCsv('a,b\nc,"open\nstill open\n')).toEqual({ ok: false, error: { code: 'unterminated_quote', row: 2, line: 2 } });
    expect(parseCsv('a,b\n"x\ny"z,c\n')).toEqual({ ok: false, error: { code: 'text_after_quote', row: 2, line: 3 } });
  });

  it('reads the semicolons Excel writes under Vietnamese settings, and tabs', () => {
    expect(detectDelimiter('url;text;category\n"a,b";c;d')).toBe(';');
    expect(detectDelimiter('url\ttext\n')).toBe('\t');
    expect(detectDelimiter('url,text\n"x;y;z";w')).toBe(',');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(cells('url;text\n"x;y";"a, b"\n')).toEqual([
      ['url', 'text'],
      ['x;y', 'a, b'],
    ]);
  });

  it('reads back whatever toCsv writes', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ệ', ',', ';', '"', '\n', '\r', ' ', '\t', 'x') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        expect(cells2(toCsv(rows))).toEqual(rows);
      }),
    );
  });
});

const cells2 = (text: string) => {
  const r = parseCsv(text, ',');
  return r.ok ? r.records.map((x) => x.cells) : r.error;
};

describe('toCsv', () => {
  it('quotes what needs quoting and ends every line with CRLF', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'x\ny', 'k;v']])).toBe('a,"b,c","say ""hi""","x\ny","k;v"\r\n');
  });
});

describe('decodeUtf8', () => {
  it('takes UTF-8 with or without a byte order mark', () => {
    const bytes = new TextEncoder().encode('url,giải thích');
    expect(decodeUtf8(bytes)).toEqual({ ok: true, text: 'url,giải thích' });
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toEqual({ ok: true, text: 'url,giải thích' });
  });

  it('refuses a file saved in a legacy code page instead of garbling it', () => {
    // "giải" in Windows-1258 is not UTF-8.
    expect(decodeUtf8(new Uint8Array([0x67, 0x69, 0xe1, 0xba, 0x69]))).toEqual({ ok: false });
  });
});
