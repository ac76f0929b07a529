import type { NoticeInput } from './notice.ts';
import { CSV_BOM, parseCsv, toCsv, type CsvParseError } from './csv.ts';
import { CATEGORY_SPECIFICATIONS, STATEMENT_CATEGORIES } from './dsa.ts';
import { CATEGORY_VI } from './glossary.ts';

/**
 * Filing many notices from one CSV file (the web app's /notices/bulk): the columns, how rows
 * become the notices `POST /api/v1/notices/batch` takes, and how the batch's answers and its
 * field errors (`items[1].url`) come back to the file's lines. Pure, so the browser and the
 * tests run the same code.
 *
 * One row per URL. Rows with the same `notice` value are one notice with several URLs (in row
 * order); a row with an empty `notice` is a notice by itself. A notice's own columns (category,
 * explanation, legal basis…) may be written on each of its rows or only on one; two different
 * values are a mistake, reported on the line that differs.
 *
 * A "line" here is a row as a spreadsheet numbers it: the header is line 1, blank rows count, and
 * line breaks inside a cell (a pasted copy of the content) do not start a new one.
 */
export const NOTICE_CSV_COLUMNS = [
  'notice',
  'url',
  'text',
  'category',
  'category_specification',
  'explanation',
  'legal_basis_instrument',
  'legal_basis_provision',
  'legal_basis_reference_url',
  'urgency',
  'content_language',
] as const;
export type NoticeCsvColumn = (typeof NOTICE_CSV_COLUMNS)[number];

/** Columns the header must have (their cells may still be empty on a notice's other rows). */
export const REQUIRED_COLUMNS: readonly NoticeCsvColumn[] = ['url', 'category', 'explanation'];

/** The column an error report adds. Ignored on upload, so a corrected report can be sent again as it is. */
export const ERROR_COLUMN = 'error';

/** What `POST /api/v1/notices/batch` takes in one request (its schema's maxItems; notice-csv.routes.test.ts holds the server to it). */
export const NOTICE_BATCH_MAX = 100;
/** Request bodies are kept well under the batch route's 16 MiB limit. */
export const NOTICE_BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** Rows one upload may hold: 50 batches at most, so one file cannot keep a browser tab busy for long. */
export const NOTICE_CSV_MAX_ROWS = 5000;
export const NOTICE_CSV_MAX_BYTES = 10 * 1024 * 1024;

/** The per-notice columns (all but a row's own), in the order their errors are reported. */
const NOTICE_LEVEL = NOTICE_CSV_COLUMNS.filter((c) => c !== 'notice' && c !== 'url' && c !== 'text');

/** A notice as the batch API takes it (notice.ts NoticeInput); values it will refuse are sent as written, for its own message. */
export type NoticeCsvBody = Omit<NoticeInput, 'urgency'> & { urgency?: string };

export type NoticeTableError =
  | CsvParseError
  | { code: 'empty' }
  | { code: 'unknown_columns'; columns: string[] }
  | { code: 'duplicate_column'; column: string }
  | { code: 'missing_columns'; columns: string[] }
  | { code: 'no_rows' }
  | { code: 'too_many_rows'; max: number };

/** A problem with one line of the file, found here (`required`…) or by the server (`server`). */
export type CsvProblem = { line: number; column: NoticeCsvColumn | null } & (
  { code: 'required' } | { code: 'conflict'; first_line: number } | { code: 'extra_cells' } | { code: 'server'; field: string; message: string }
);

export interface CsvNotice {
  /** The line of each of its rows: item i of the body came from lines[i]. */
  lines: number[];
  body: NoticeCsvBody;
  /** The line each notice-level value was read from. */
  origin: Partial<Record<NoticeCsvColumn, number>>;
  /** Problems found before sending: such a notice is not sent. */
  problems: CsvProblem[];
}

export interface NoticeTable {
  /** The header as written, and each data row's cells as written: what an error report repeats. */
  header: string[];
  rows: { line: number; cells: string[] }[];
  notices: CsvNotice[];
}

/** Reads an uploaded file's text into notices, or says what is wrong with the file as a whole. */
export function readNoticeCsv(text: string): { ok: true; table: NoticeTable } | { ok: false; error: NoticeTableError } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const records = parsed.records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [head, ...data] = records;
  if (!head) return { ok: false, error: { code: 'empty' } };

  const names = head.cells.map((c) => c.trim().toLowerCase());
  const index = new Map<NoticeCsvColumn, number>();
  const unknown: string[] = [];
  for (const [i, name] of names.entries()) {
    if (name === '' || name === ERROR_COLUMN) continue;
    if (!(NOTICE_CSV_COLUMNS as readonly string[]).includes(name)) unknown.push(head.cells[i]!.trim());
    else if (index.has(name as NoticeCsvColumn)) return { ok: false, error: { code: 'duplicate_column', column: name } };
    else index.set(name as NoticeCsvColumn, i);
  }
  if (unknown.length > 0) return { ok: false, error: { code: 'unknown_columns', columns: unknown } };
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) return { ok: false, error: { code: 'missing_columns', columns: [...missing] } };
  if (data.length === 0) return { ok: false, error: { code: 'no_rows' } };
  if (data.length > NOTICE_CSV_MAX_ROWS) return { ok: false, error: { code: 'too_many_rows', max: NOTICE_CSV_MAX_ROWS } };

  // Cells outside the named columns (an unnamed column, a row longer than the header) hold nothing we read.
  const read = new Set([...index.values(), ...names.flatMap((n, i) => (n === ERROR_COLUMN ? [i] : []))]);
  const groups = new Map<string, { line: number; cell: (c: NoticeCsvColumn) => string; extra: boolean }[]>();
  for (const [n, record] of data.entries()) {
    const cell = (c: NoticeCsvColumn) => {
      const i = index.get(c);
      return i === undefined ? '' : (record.cells[i] ?? '');
    };
    const extra = record.cells.some((c, i) => !read.has(i) && c.trim() !== '');
    const ref = cell('notice').trim();
    // A row without a reference is its own notice; the key cannot collide with a written one.
    const key = ref === '' ? `\u0000${n}` : `=${ref}`;
    const group = groups.get(key) ?? [];
    group.push({ line: record.row, cell, extra });
    groups.set(key, group);
  }

  return {
    ok: true,
    table: { header: head.cells, rows: data.map((r) => ({ line: r.row, cells: r.cells })), notices: [...groups.values()].map(toNotice) },
  };
}

function toNotice(rows: { line: number; cell: (c: NoticeCsvColumn) => string; extra: boolean }[]): CsvNotice {
  const problems: CsvProblem[] = [];
  const lines = rows.map((r) => r.line);
  const origin: Partial<Record<NoticeCsvColumn, number>> = {};
  const value: Partial<Record<NoticeCsvColumn, string>> = {};
  for (const row of rows) {
    if (row.extra) problems.push({ line: row.line, column: null, code: 'extra_cells' });
    for (const column of NOTICE_LEVEL) {
      const v = row.cell(column).trim();
      if (v === '') continue;
      if (value[column] === undefined) {
        value[column] = v;
        origin[column] = row.line;
      } else if (value[column] !== v) {
        problems.push({ line: row.line, column, code: 'conflict', first_line: origin[column]! });
      }
    }
  }
  const items = rows.map((row) => {
    const url = row.cell('url').trim();
    if (url === '') problems.push({ line: row.line, column: 'url', code: 'required' });
    const text = row.cell('text');
    return text.trim() === '' ? { url } : { url, text };
  });
  for (const column of ['category', 'explanation'] as const) {
    if (value[column] === undefined) problems.push({ line: lines[0]!, column, code: 'required' });
  }

  const body: NoticeCsvBody = { category: categoryFromCell(value.category ?? ''), items, explanation: value.explanation ?? '' };
  if (value.category_specification !== undefined) body.category_specification = keywordsFromCell(value.category_specification);
  const { legal_basis_instrument: instrument, legal_basis_provision: provision, legal_basis_reference_url: reference } = value;
  if (instrument !== undefined || provision !== undefined || reference !== undefined) {
    if (instrument === undefined) problems.push({ line: origin.legal_basis_provision ?? origin.legal_basis_reference_url!, column: 'legal_basis_instrument', code: 'required' });
    body.legal_basis = { instrument: instrument ?? '', ...(provision !== undefined ? { provision } : {}), ...(reference !== undefined ? { reference_url: reference } : {}) };
  }
  if (value.urgency !== undefined) body.urgency = urgencyFromCell(value.urgency);
  if (value.content_language !== undefined) body.content_language = value.content_language.toLowerCase();
  return { lines, body, origin, problems: problems.sort((a, b) => a.line - b.line) };
}

/**
 * A category as people write it: the DSA value (`STATEMENT_CATEGORY_SCAMS_AND_FRAUD`), without its
 * prefix (`scams_and_fraud`, `scams and fraud`) or the glossary's Vietnamese words (`lừa đảo, gian
 * lận`). Anything else is sent as written: the server names the values it takes.
 */
export function categoryFromCell(cell: string): string {
  const written = cell.trim();
  const code = written.toUpperCase().replace(/[\s-]+/g, '_');
  for (const candidate of [code, `STATEMENT_CATEGORY_${code}`]) if ((STATEMENT_CATEGORIES as readonly string[]).includes(candidate)) return candidate;
  const words = written.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  const vi = Object.entries(CATEGORY_VI).find(([, w]) => w === words);
  return vi ? `STATEMENT_CATEGORY_${vi[0]}` : written;
}

/** DSA keywords separated by spaces, commas or semicolons, with or without `KEYWORD_`; repeats dropped. */
export function keywordsFromCell(cell: string): string[] {
  const out: string[] = [];
  for (const word of cell.split(/[\s,;]+/)) {
    if (word === '') continue;
    const code = word.toUpperCase();
    const known = [code, `KEYWORD_${code}`].find((k) => (CATEGORY_SPECIFICATIONS as readonly string[]).includes(k)) ?? word;
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

const URGENCY_WORDS: Record<string, string> = { urgent: 'urgent', 'khẩn cấp': 'urgent', normal: 'normal', thường: 'normal', 'bình thường': 'normal' };

/** `urgent` or `normal`, in English or in the glossary's Vietnamese (`khẩn cấp`). */
export function urgencyFromCell(cell: string): string {
  const words = cell.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  return URGENCY_WORDS[words] ?? cell.trim();
}

/** The notices a request may carry: at most NOTICE_BATCH_MAX, and at most `maxBytes` of JSON. */
export function batchesOf<T extends { body: NoticeCsvBody }>(notices: readonly T[], maxCount = NOTICE_BATCH_MAX, maxBytes = NOTICE_BATCH_MAX_BYTES): T[][] {
  const encoder = new TextEncoder();
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const notice of notices) {
    const size = encoder.encode(JSON.stringify(notice.body)).length + 1;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(notice);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

const ITEM_FIELD = /^items\[(\d+)\](?:\.(url|text))?$/;

/** The line and column a server field error (`items[1].url`, `legal_basis`, `category`) is about. */
export function locateField(notice: CsvNotice, field: string): { line: number; column: NoticeCsvColumn | null } {
  const first = notice.lines[0]!;
  const item = ITEM_FIELD.exec(field);
  if (item) return { line: notice.lines[Number(item[1])] ?? first, column: item[2] === 'text' ? 'text' : 'url' };
  if (field === 'items') return { line: first, column: 'url' };
  const column = columnOfField(field);
  return { line: (column && notice.origin[column]) ?? first, column };
}

function columnOfField(field: string): NoticeCsvColumn | null {
  const [head, sub] = field.split(/[.[]/, 2);
  switch (head) {
    case 'category':
    case 'category_specification':
    case 'explanation':
    case 'urgency':
    case 'content_language':
      return head;
    case 'legal_basis':
      return sub === 'provision' ? 'legal_basis_provision' : sub === 'reference_url' ? 'legal_basis_reference_url' : 'legal_basis_instrument';
    default:
      return null;
  }
}

/** One answer of the batch route, as much of it as a file's lines need (notice.schemas.ts, BatchResult). */
export type BatchAnswer =
  | { status: 'accepted'; notice?: { id: string; due_at: string; cases: { id: string; status: string }[] } }
  | { status: 'repeat'; existing_id?: string }
  | { status: 'rejected'; errors?: { field: string; message: string }[] };

export type RowOutcome =
  | { line: number; status: 'accepted'; notice_id: string; due_at: string; case: { id: string; status: string } | null }
  | { line: number; status: 'repeat'; existing_id: string }
  /** `problems`: this line's own; when it has none, `with_line` is the line that sank its notice. */
  | { line: number; status: 'rejected'; problems: CsvProblem[]; with_line: number | null };

/** What happened to each of a notice's lines: its local problems, or the server's answer. */
export function rowOutcomes(notice: CsvNotice, answer?: BatchAnswer): RowOutcome[] {
  if (answer?.status === 'accepted' && answer.notice) {
    const accepted = answer.notice;
    return notice.lines.map((line, i) => ({ line, status: 'accepted', notice_id: accepted.id, due_at: accepted.due_at, case: accepted.cases[i] ?? null }));
  }
  if (answer?.status === 'repeat' && answer.existing_id) {
    const existing = answer.existing_id;
    return notice.lines.map((line) => ({ line, status: 'repeat', existing_id: existing }));
  }
  const problems: CsvProblem[] =
    notice.problems.length > 0 || !answer
      ? notice.problems
      : (answer.status === 'rejected' ? (answer.errors ?? []) : []).map((e) => ({ ...locateField(notice, e.field), code: 'server', field: e.field, message: e.message }));
  const culprit = problems[0]?.line ?? null;
  return notice.lines.map((line) => {
    const own = problems.filter((p) => p.line === line);
    return { line, status: 'rejected', problems: own, with_line: own.length > 0 ? null : culprit };
  });
}

/**
 * The rejected rows as the file had them, each with an `error` column saying why (in the reader's
 * language: `describe`), UTF-8 with a byte order mark so spreadsheets read the Vietnamese right.
 * Fixed, the report can be uploaded again: the `error` column is ignored.
 */
export function errorReport(table: NoticeTable, outcomes: readonly RowOutcome[], describe: (outcome: Extract<RowOutcome, { status: 'rejected' }>) => string): string {
  const rejected = new Map<number, Extract<RowOutcome, { status: 'rejected' }>>();
  for (const o of outcomes) if (o.status === 'rejected') rejected.set(o.line, o);
  // An earlier report's own error column is replaced, not repeated.
  const keep = table.header.map((h, i) => (h.trim().toLowerCase() === ERROR_COLUMN ? -1 : i)).filter((i) => i >= 0);
  const rows = [[...keep.map((i) => table.header[i]!), ERROR_COLUMN]];
  for (const row of table.rows) {
    const o = rejected.get(row.line);
    if (o) rows.push([...keep.map((i) => row.cells[i] ?? ''), describe(o)]);
  }
  return CSV_BOM + toCsv(rows);
}

/** A file to start from: the header and three notices (one URL; two URLs filed together). */
export function noticeCsvTemplate(): string {
  const header = [...NOTICE_CSV_COLUMNS];
  const row = (values: Partial<Record<NoticeCsvColumn, string>>) => header.map((c) => values[c] ?? '');
  const basis = { legal_basis_instrument: 'Nghị định 147/2024/NĐ-CP', legal_basis_provision: 'Điều 24' };
  return (
    CSV_BOM +
    toCsv([
      header,
      row({
        url: 'https://www.facebook.com/trang.gia.mao/posts/123456789',
        text: 'Nhận quà miễn phí, đăng nhập tại đây',
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        category_specification: 'KEYWORD_PHISHING',
        explanation: 'Trang giả mạo ngân hàng để đánh cắp tài khoản',
        ...basis,
        content_language: 'vi',
      }),
      row({
        notice: 'A',
        url: 'https://www.youtube.com/watch?v=aaaaaaaaaaa',
        category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
        category_specification: 'KEYWORD_COPYRIGHT_INFRINGEMENT',
        explanation: 'Phát lại trái phép trận đấu có bản quyền',
        ...basis,
      }),
      row({ notice: 'A', url: 'https://www.tiktok.com/@kenh.lau/video/987654321' }),
    ])
  );
}
