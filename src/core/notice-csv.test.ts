import { describe, expect, it } from 'vitest';
import { CSV_BOM, parseCsv } from './csv.ts';
import {
  batchesOf,
  categoryFromCell,
  errorReport,
  keywordsFromCell,
  locateField,
  NOTICE_CSV_COLUMNS,
  NOTICE_CSV_MAX_ROWS,
  noticeCsvTemplate,
  readNoticeCsv,
  rowOutcomes,
  urgencyFromCell,
  type CsvNotice,
  type NoticeTable,
} from './notice-csv.ts';

const HEADER = 'notice,url,text,category,explanation,legal_basis_instrument,legal_basis_provision,urgency';

function table(text: string): NoticeTable {
  const r = readNoticeCsv(text);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`);
  return r.table;
}

describe('reading a notice CSV', () => {
  it('makes one notice of each row without a reference, and one of the rows sharing one, in row order', () => {
    const t = table(
      [
        HEADER,
        ',https://facebook.com/a/posts/1,Quà miễn phí,SCAMS_AND_FRAUD,Lừa đảo,Nghị định 147/2024/NĐ-CP,Điều 24,urgent',
        'A,https://youtube.com/watch?v=aaaaaaaaaaa,,STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS,Phát lại trái phép,,,',
        ',https://tin.vn/b,,lừa đảo, gian lận,Trang giả mạo,,,khẩn cấp',
        'A,https://tiktok.com/@x/video/1,bản sao,,,,,',
      ].join('\n'),
    );
    expect(t.notices.map((n) => n.lines)).toEqual([[2], [3, 5], [4]]);
    expect(t.notices[0]!.body).toEqual({
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      items: [{ url: 'https://facebook.com/a/posts/1', text: 'Quà miễn phí' }],
      explanation: 'Lừa đảo',
      legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
      urgency: 'urgent',
    });
    expect(t.notices[1]!.body).toEqual({
      category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
      items: [{ url: 'https://youtube.com/watch?v=aaaaaaaaaaa' }, { url: 'https://tiktok.com/@x/video/1', text: 'bản sao' }],
      explanation: 'Phát lại trái phép',
    });
    // An unquoted comma splits a cell: "lừa đảo, gian lận" became two cells, and the row says so.
    expect(t.notices[2]!.problems).toEqual([{ line: 4, column: null, code: 'extra_cells' }]);
    expect(t.notices.flatMap((n) => n.problems)).toHaveLength(1);
  });

  it('numbers lines as a spreadsheet numbers rows: a line break inside a cell does not start a new one', () => {
    const t = table([HEADER, ',https://a.vn/1,"dòng một\r\ndòng hai\ndòng ba",VIOLENCE,x,,,', '', ',https://a.vn/2,,VIOLENCE,y,,,'].join('\r\n'));
    expect(t.notices.map((n) => n.lines)).toEqual([[2], [4]]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('takes the notice columns from whichever row of a notice gives them, and reports a row that says otherwise', () => {
    const t = table([HEADER, 'N1,https://a.vn/1,,,Giải thích,,,', 'N1,https://a.vn/2,,violence,,,,', 'N1,https://a.vn/3,,self_harm,Giải thích,,,'].join('\n'));
    const [n] = t.notices;
    expect(n!.body).toMatchObject({ category: 'STATEMENT_CATEGORY_VIOLENCE', explanation: 'Giải thích' });
    expect(n!.origin).toMatchObject({ category: 3, explanation: 2 });
    expect(n!.problems).toEqual([{ line: 4, column: 'category', code: 'conflict', first_line: 3 }]);
  });

  it('reports rows without a URL, and notices without a category or explanation, before sending anything', () => {
    const t = table([HEADER, ',,,SCAMS_AND_FRAUD,Lừa đảo,,,', ',https://a.vn/1,,,,,,'].join('\n'));
    expect(t.notices[0]!.problems).toEqual([{ line: 2, column: 'url', code: 'required' }]);
    expect(t.notices[1]!.problems).toEqual([
      { line: 3, column: 'category', code: 'required' },
      { line: 3, column: 'explanation', code: 'required' },
    ]);
  });

  it('needs the legal instrument when a provision is given', () => {
    const t = table([HEADER, ',https://a.vn/1,,VIOLENCE,Bạo lực,,Điều 5,'].join('\n'));
    expect(t.notices[0]!.problems).toEqual([{ line: 2, column: 'legal_basis_instrument', code: 'required' }]);
    expect(t.notices[0]!.body.legal_basis).toEqual({ instrument: '', provision: 'Điều 5' });
  });

  it('accepts the header in any case and order, semicolons, a BOM, skips blank lines, and ignores an error column', () => {
    const t = table(`${CSV_BOM}Explanation;URL;Category;error\r\n\r\n"Lừa đảo; chiếm đoạt";https://a.vn/1;scams and fraud;dòng 2: lỗi cũ\r\n;;;\r\n`);
    expect(t.notices).toHaveLength(1);
    expect(t.notices[0]!).toMatchObject({ lines: [3], problems: [], body: { explanation: 'Lừa đảo; chiếm đoạt', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD' } });
  });

  it('refuses a file it cannot read as a whole, saying why', () => {
    expect(readNoticeCsv('')).toEqual({ ok: false, error: { code: 'empty' } });
    expect(readNoticeCsv('url,category,explanation\n')).toEqual({ ok: false, error: { code: 'no_rows' } });
    expect(readNoticeCsv('url,category,explanaton,colour\nx,y,z,w')).toEqual({ ok: false, error: { code: 'unknown_columns', columns: ['explanaton', 'colour'] } });
    expect(readNoticeCsv('url,category\nx,y')).toEqual({ ok: false, error: { code: 'missing_columns', columns: ['explanation'] } });
    expect(readNoticeCsv('url,URL,category,explanation\nx,y,z,w')).toEqual({ ok: false, error: { code: 'duplicate_column', column: 'url' } });
    expect(readNoticeCsv('url,category,explanation\n"x,y,z')).toEqual({ ok: false, error: { code: 'unterminated_quote', row: 2, line: 2 } });
    const many = ['url,category,explanation', ...Array.from({ length: NOTICE_CSV_MAX_ROWS + 1 }, (_, i) => `https://a.vn/${i},VIOLENCE,x`)].join('\n');
    expect(readNoticeCsv(many)).toEqual({ ok: false, error: { code: 'too_many_rows', max: NOTICE_CSV_MAX_ROWS } });
  });

  it('ignores an unnamed empty column (a trailing separator) but reports data in it', () => {
    const t = table('url,category,explanation,\nhttps://a.vn/1,VIOLENCE,x,\nhttps://a.vn/2,VIOLENCE,y,z\nhttps://a.vn/3,VIOLENCE,y,,w');
    expect(t.notices.map((n) => n.problems.map((p) => p.code))).toEqual([[], ['extra_cells'], ['extra_cells']]);
  });
});

describe('values as people write them', () => {
  it('reads a category as the DSA value, without its prefix, or in the glossary’s Vietnamese', () => {
    expect(categoryFromCell('STATEMENT_CATEGORY_SELF_HARM')).toBe('STATEMENT_CATEGORY_SELF_HARM');
    expect(categoryFromCell(' self-harm ')).toBe('STATEMENT_CATEGORY_SELF_HARM');
    expect(categoryFromCell('Bảo vệ trẻ em')).toBe('STATEMENT_CATEGORY_PROTECTION_OF_MINORS');
    // Decomposed Vietnamese (as macOS writes file contents sometimes) is the same word.
    expect(categoryFromCell('bạo lực'.normalize('NFD'))).toBe('STATEMENT_CATEGORY_VIOLENCE');
    // Unknown: sent as written, for the server to name the values it takes.
    expect(categoryFromCell('spam')).toBe('spam');
  });

  it('reads keywords separated any way, with or without their prefix, once each', () => {
    expect(keywordsFromCell('phishing; KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING, phishing  nonsense')).toEqual([
      'KEYWORD_PHISHING',
      'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING',
      'nonsense',
    ]);
  });

  it('reads urgency in English or Vietnamese', () => {
    expect(['urgent', 'Khẩn cấp', 'normal', 'bình thường', 'asap'].map(urgencyFromCell)).toEqual(['urgent', 'urgent', 'normal', 'normal', 'asap']);
  });
});

describe('batches', () => {
  const notice = (text = ''): CsvNotice => ({ lines: [2], origin: {}, problems: [], body: { category: 'X', explanation: 'y', items: [{ url: 'https://a.vn', text }] } });

  it('holds at most the batch route’s count, and at most the byte budget', () => {
    expect(batchesOf(Array.from({ length: 250 }, () => notice())).map((b) => b.length)).toEqual([100, 100, 50]);
    const big = notice('ệ'.repeat(10_000)); // 30 000 bytes of UTF-8
    expect(batchesOf([big, big, big, notice()], 100, 70_000).map((b) => b.length)).toEqual([2, 2]);
    // One notice larger than the budget still goes, alone: the server judges it.
    expect(batchesOf([big, notice()], 100, 1000).map((b) => b.length)).toEqual([1, 1]);
  });
});

describe('answers back to lines', () => {
  const t = table([HEADER, 'A,https://a.vn/1,,VIOLENCE,Bạo lực,,,', 'A,not a url,,,,,,', 'A,https://a.vn/3,,,,Nghị định 1,,'].join('\n'));
  const n = t.notices[0]!;

  it('places a server field error on the line and column it is about', () => {
    expect(locateField(n, 'items[1].url')).toEqual({ line: 3, column: 'url' });
    expect(locateField(n, 'items[2].text')).toEqual({ line: 4, column: 'text' });
    expect(locateField(n, 'legal_basis')).toEqual({ line: 4, column: 'legal_basis_instrument' });
    expect(locateField(n, 'legal_basis.reference_url')).toEqual({ line: 2, column: 'legal_basis_reference_url' });
    expect(locateField(n, 'category_specification[0]')).toEqual({ line: 2, column: 'category_specification' });
    expect(locateField(n, 'explanation')).toEqual({ line: 2, column: 'explanation' });
    expect(locateField(n, 'colour')).toEqual({ line: 2, column: null });
  });

  it('gives each line of an accepted notice its own case', () => {
    const cases = [1, 2, 3].map((i) => ({ id: `c${i}`, status: 'received' }));
    expect(rowOutcomes(n, { status: 'accepted', notice: { id: 'n1', due_at: '2026-01-01T00:00:00Z', cases } }).map((o) => o.status === 'accepted' && o.case?.id)).toEqual([
      'c1',
      'c2',
      'c3',
    ]);
    expect(rowOutcomes(n, { status: 'repeat', existing_id: 'n0' })).toEqual([2, 3, 4].map((line) => ({ line, status: 'repeat', existing_id: 'n0' })));
  });

  it('puts a rejection on the lines at fault, and says which line sank the others', () => {
    const out = rowOutcomes(n, { status: 'rejected', errors: [{ field: 'items[1].url', message: 'Invalid URL: URL must be absolute' }] });
    expect(out).toEqual([
      { line: 2, status: 'rejected', problems: [], with_line: 3 },
      { line: 3, status: 'rejected', problems: [{ line: 3, column: 'url', code: 'server', field: 'items[1].url', message: 'Invalid URL: URL must be absolute' }], with_line: null },
      { line: 4, status: 'rejected', problems: [], with_line: 3 },
    ]);
  });

  it('reports local problems without a server answer', () => {
    const local = table([HEADER, ',,,VIOLENCE,x,,,'].join('\n')).notices[0]!;
    expect(rowOutcomes(local)).toEqual([{ line: 2, status: 'rejected', problems: [{ line: 2, column: 'url', code: 'required' }], with_line: null }]);
  });
});

describe('the error report', () => {
  it('repeats the rejected rows as written, in file order, with an error column, UTF-8 with a BOM', () => {
    const t = table(`url,category,explanation,error\nhttps://a.vn/1,VIOLENCE,"Bạo lực, đe dọa",cũ\nnot a url,VIOLENCE,y,cũ\n,VIOLENCE,z,\n`);
    const outcomes = t.notices.flatMap((notice, i) =>
      rowOutcomes(
        notice,
        i === 0 ? { status: 'accepted', notice: { id: 'n', due_at: 'd', cases: [] } } : { status: 'rejected', errors: [{ field: 'items[0].url', message: 'bad' }] },
      ),
    );
    const report = errorReport(t, outcomes, (o) => `line ${o.line}: ${o.problems.map((p) => (p.code === 'server' ? p.message : p.code)).join('; ')}`);
    expect(report.startsWith(CSV_BOM)).toBe(true);
    const parsed = parseCsv(report);
    expect(parsed.ok && parsed.records.map((r) => r.cells)).toEqual([
      ['url', 'category', 'explanation', 'error'],
      ['not a url', 'VIOLENCE', 'y', 'line 3: bad'],
      ['', 'VIOLENCE', 'z', 'line 4: required'],
    ]);
    // Fixed, the report reads again as a notice file.
    expect(readNoticeCsv(report.replace('not a url', 'https://a.vn/2')).ok).toBe(true);
  });
});

describe('the template', () => {
  it('has every column, and its notices read without a problem', () => {
    const t = table(noticeCsvTemplate());
    expect(t.header).toEqual([...NOTICE_CSV_COLUMNS]);
    expect(t.notices.map((n) => [n.lines, n.problems])).toEqual([
      [[2], []],
      [[3, 4], []],
    ]);
  });
});
