import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  detectHashListFormat,
  hashListFileName,
  hashListLines,
  hashListToCsv,
  hashListToText,
  MAX_HASH_LIST_CHARS,
  MAX_HASH_LIST_ENTRIES,
  parseHashList,
  type HashListEntry,
} from './hash-list.ts';

// From python-threatexchange's PDQ examples (pdq/data/bridge-mods, misc-images).
const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const B = 'e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064';
const C = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d';

function errorsOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).fields;
  }
  throw new Error('expected an error');
}

describe('text format', () => {
  it('reads `<pdq> [CATEGORY] [tag,tag]` lines as threatexchange dataset -P prints them, and the other line forms', () => {
    const text = [
      '# shared by the fraud collaboration',
      `${A} POSITIVE_CLASS scam,phishing`,
      '',
      `pdq ${B}`,
      `${C.toUpperCase()},87,/home/someone/Pictures/x 1.jpg`,
      `{"file":"a.jpg","pdq":"${'0'.repeat(63)}1","quality":100}`,
    ].join('\r\n');
    const list = parseHashList(text);
    expect(list.format).toBe('text');
    expect(list.entries).toEqual([
      { pdq: A, labels: ['scam', 'phishing'], category: 'POSITIVE_CLASS', source: null, id: null, quality: null },
      { pdq: B, labels: [], category: null, source: null, id: null, quality: null },
      { pdq: C, labels: [], category: null, source: null, id: null, quality: 87 },
      { pdq: `${'0'.repeat(63)}1`, labels: [], category: null, source: null, id: null, quality: 100 },
    ]);
  });

  it('round-trips', () => {
    const entries: HashListEntry[] = [
      { pdq: A, labels: ['scam', 'lừa_đảo'], category: 'POSITIVE_CLASS', source: null, id: null, quality: null },
      { pdq: B, labels: [], category: null, source: null, id: null, quality: null },
      { pdq: C, labels: ['x'], category: null, source: null, id: null, quality: null },
    ];
    const text = hashListToText(entries);
    expect(text).toBe(`${A} POSITIVE_CLASS scam,lừa_đảo\n${B}\n${C} x\n`);
    expect(parseHashList(text, 'text').entries).toEqual(entries);
  });

  it('merges a repeated hash into one entry, labels united', () => {
    const list = parseHashList(`${A} a\n${A.toUpperCase()} b,a\n`);
    expect(list.entries).toEqual([{ pdq: A, labels: ['a', 'b'], category: null, source: null, id: null, quality: null }]);
    expect(list.duplicates).toBe(1);
  });

  it('names the line and the field of every error', () => {
    const fields = errorsOf(() => parseHashList(`${A}\n${A.slice(0, 60)} scam\n${B} bad"label\n${C},101\n{"pdq": 5}\n{nope\n`));
    expect(fields).toEqual([
      { field: 'line 2: pdq', message: expect.stringContaining('60 characters') },
      { field: 'line 3: labels', message: expect.stringContaining('is not a label') },
      { field: 'line 4: quality', message: 'must be a whole number from 0 to 100' },
      { field: 'line 5: pdq', message: 'must be a string' },
      { field: 'line 6: line', message: expect.stringContaining('JSON object') },
    ]);
  });

  it('refuses an empty list, and one past the bounds', () => {
    expect(errorsOf(() => parseHashList('# nothing\n\n'))).toEqual([{ field: 'content', message: 'holds no PDQ hash' }]);
    expect(() => parseHashList('x'.repeat(MAX_HASH_LIST_CHARS + 1))).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
    const many = Array.from({ length: MAX_HASH_LIST_ENTRIES + 1 }, (_, i) => i.toString(16).padStart(64, '0')).join('\n');
    expect(errorsOf(() => parseHashList(many))).toEqual([{ field: `line ${MAX_HASH_LIST_ENTRIES + 1}`, message: expect.stringContaining('split the file') }]);
    const labels = Array.from({ length: 33 }, (_, i) => `l${i}`).join(',');
    expect(errorsOf(() => parseHashList(`${A} ${labels}`))[0]!.field).toBe('line 1: labels');
  });
});

describe('csv format', () => {
  it('reads threatexchange dataset --csv, skipping other signal types', () => {
    const csv = [
      'collab,signal_type,signal_str,category,tags',
      `Fraud collab,pdq,${A},POSITIVE_CLASS,scam phishing`,
      'Fraud collab,video_md5,d41d8cd98f00b204e9800998ecf8427e,POSITIVE_CLASS,',
      `"Other, collab",pdq,${B},INVESTIGATION_SEED,`,
    ].join('\n');
    expect(detectHashListFormat(hashListLines(csv))).toBe('csv');
    const list = parseHashList(csv);
    expect(list).toMatchObject({ format: 'csv', skipped: 1 });
    expect(list.entries).toEqual([
      { pdq: A, labels: ['scam', 'phishing'], category: 'POSITIVE_CLASS', source: 'Fraud collab', id: null, quality: null },
      { pdq: B, labels: [], category: 'INVESTIGATION_SEED', source: 'Other, collab', id: null, quality: null },
    ]);
  });

  it('finds its columns by the header, in any order', () => {
    const list = parseHashList(`indicator_id,quality,hash,labels\n1234,90,${C},"a,b"\n`, 'csv');
    expect(list.entries).toEqual([{ pdq: C, labels: ['a', 'b'], category: null, source: null, id: '1234', quality: 90 }]);
  });

  it('round-trips', () => {
    const entries: HashListEntry[] = [
      { pdq: A, labels: ['STATEMENT_CATEGORY_SCAMS_AND_FRAUD', 'DECISION_GROUND_ILLEGAL_CONTENT'], category: 'POSITIVE_CLASS', source: 'minhbach', id: null, quality: null },
      { pdq: B, labels: [], category: null, source: 'Đối tác, "A"', id: null, quality: null },
    ];
    const csv = hashListToCsv(entries, 'minhbach');
    expect(csv.split('\r\n')[0]).toBe('collab,signal_type,signal_str,category,tags');
    expect(csv.split('\r\n')[1]).toBe(`minhbach,pdq,${A},POSITIVE_CLASS,STATEMENT_CATEGORY_SCAMS_AND_FRAUD DECISION_GROUND_ILLEGAL_CONTENT`);
    expect(parseHashList(csv).entries).toEqual(entries);
  });

  it('names the line and the column of every error', () => {
    expect(errorsOf(() => parseHashList('collab,tags\nx,y\n', 'csv'))).toEqual([{ field: 'line 1: header', message: expect.stringContaining('no hash column') }]);
    const fields = errorsOf(() => parseHashList(`signal_str,category,tags\n${A},MAYBE,\nnot-a-hash,,\n"${B},,\n`, 'csv'));
    expect(fields).toEqual([
      { field: 'line 2: category', message: expect.stringContaining('POSITIVE_CLASS') },
      { field: 'line 3: signal_str', message: expect.stringContaining('not a PDQ hash') },
      { field: 'line 4: line', message: expect.stringContaining('never closes') },
    ]);
  });
});

describe('text that a spreadsheet would run', () => {
  it('is refused in a source or id, so an exported CSV is safe to open', () => {
    const fields = errorsOf(() => parseHashList(`collab,signal_str,id\n"=HYPERLINK(""http://x"")",${A},\nok,${B},@SUM(1)\n`));
    expect(fields).toEqual([
      { field: 'line 2: collab', message: expect.stringContaining('formula') },
      { field: 'line 3: id', message: expect.stringContaining('formula') },
    ]);
  });
});

describe('hashListFileName', () => {
  it('makes a safe ASCII name', () => {
    expect(hashListFileName('Danh sách lừa đảo / 2026', 'csv')).toBe('Danh-sach-lua-dao-2026.pdq.csv');
    expect(hashListFileName('"; rm -rf', 'text')).toBe('rm-rf.pdq.txt');
    expect(hashListFileName('////', 'text')).toBe('hash-list.pdq.txt');
  });
});
