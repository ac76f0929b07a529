/** One cell of a CSV file: text, a number as JavaScript writes it (a dot before decimals), or empty. */
export type CsvCell = string | number | null;

/** RFC 4180: cells with a comma, a quote or a line break are quoted, quotes doubled; lines end in CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: CsvCell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The file as downloaded: UTF-8 with a byte order mark first, without which Excel reads the file
 * in the machine's legacy code page and garbles every Vietnamese letter.
 */
export function csvBlob(rows: readonly (readonly CsvCell[])[]): Blob {
  return new Blob(['\uFEFF', toCsv(rows)], { type: 'text/csv;charset=utf-8' });
}
