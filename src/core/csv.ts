/**
 * CSV as RFC 4180 writes it and as spreadsheets save it: fields separated by a comma (or the
 * semicolon Excel writes where the decimal mark is a comma, as in Vietnamese settings), quoted
 * when they hold the separator, a quote or a line break, lines ending in CRLF, LF or CR, and
 * maybe a byte order mark first. Pure and small, so the web app parses uploads with the same
 * code the tests check.
 */

export const CSV_BOM = '\uFEFF';

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * One record of the file: its number as a spreadsheet numbers rows (`row`: 1 for the first, blank
 * ones counted, a cell's line breaks not), and the line of the text it starts on (`line`, as a
 * text editor counts). The two differ only after a cell holding a line break.
 */
export interface CsvRecord {
  row: number;
  line: number;
  cells: string[];
}

export type CsvParseError =
  /** A quoted field that never closes: the rest of the file would be one cell. */
  | { code: 'unterminated_quote'; row: number; line: number }
  /** `"abc"def`: something between a closing quote and the next separator. */
  | { code: 'text_after_quote'; row: number; line: number };

/**
 * The file's bytes as text: UTF-8 only (with or without a BOM, which is dropped). Anything else
 * (an Excel "CSV" saved in the Windows code page) would garble every Vietnamese letter silently,
 * so it is refused instead of guessed.
 */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text: text.startsWith(CSV_BOM) ? text.slice(1) : text };
  } catch {
    return { ok: false };
  }
}

/** The separator the first line uses most, outside quotes: a comma unless semicolons or tabs win. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/**
 * Every record of `text`, blank lines included (as one empty cell), numbered as rows and lines.
 * A quote inside an unquoted field is kept as written (`5" screen`); a final line break ends the
 * last record rather than starting an empty one.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): { ok: true; records: CsvRecord[] } | { ok: false; error: CsvParseError } {
  const src = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const n = src.length;
  let i = 0;
  let line = 1;
  let cells: string[] = [];
  let recordLine = 1;
  // Each turn reads one field, starting at i.
  while (i <= n) {
    let value: string;
    if (src[i] === '"') {
      const opened = line;
      let out = '';
      i++;
      for (;;) {
        const q = src.indexOf('"', i);
        if (q === -1) return { ok: false, error: { code: 'unterminated_quote', row: records.length + 1, line: opened } };
        const chunk = src.slice(i, q);
        line += countBreaks(chunk);
        out += chunk;
        if (src[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < n && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') return { ok: false, error: { code: 'text_after_quote', row: records.length + 1, line } };
      value = out;
    } else {
      const start = i;
      while (i < n && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') i++;
      value = src.slice(start, i);
    }
    cells.push(value);
    if (i < n && src[i] === delimiter) {
      i++;
      continue;
    }
    // The end of a record: a line break (CRLF, LF or CR) or the end of the text.
    records.push({ row: records.length + 1, line: recordLine, cells });
    cells = [];
    if (i >= n) break;
    i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
    line++;
    recordLine = line;
    if (i >= n) break;
  }
  return { ok: true, records };
}

/** Line breaks in a quoted field's text, CRLF counted once, so line numbers match an editor's. */
function countBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\n') count++;
    else if (s[k] === '\r' && s[k + 1] !== '\n') count++;
  }
  return count;
}

/** RFC 4180: a cell with a separator, a quote or a line break is quoted, its quotes doubled; CRLF ends each line. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  return /[",;\r\n\t]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
