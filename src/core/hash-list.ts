/**
 * Hash lists in and out (issue 15): PDQ hashes with labels, in the two formats the ThreatExchange
 * tools (python-threatexchange, which Hasher-Matcher-Actioner builds on) write and read, so a
 * deployment shares signals with platforms without sharing content. Pure: no I/O.
 *
 * - `text`: one signal a line, `<pdq>[ <CATEGORY>][ <tag>,<tag>…]`, what `threatexchange dataset
 *   -P -s pdq -c <collab>` prints. Read also: a bare `<pdq>` a line (`threatexchange match --hashes`,
 *   `dataset -P -S`), the local-file exchange's `pdq <pdq>`, the PDQ reference hasher's
 *   `<pdq>,<quality>,<file>` (the file name dropped), JSON lines with a `pdq` member (`minhbach
 *   hash`), blank lines and `#` comments.
 * - `csv`: `threatexchange dataset -P --csv`: a header `collab,signal_type,signal_str,category,tags`,
 *   tags separated by spaces. Read by its header, so other columns may come in any order:
 *   `signal_value`/`pdq`/`hash`/`indicator` for the hash, `labels` for tags, `source` for collab,
 *   `id`/`indicator_id`/`content_id`, `quality`. Rows of another signal type are skipped (counted).
 *
 * The category is the ThreatExchange opinion (POSITIVE_CLASS: the content fits the collaboration);
 * labels are its tags. Nothing else is kept: a file name or URL would be content, or personal data.
 */
import { parseCsv, toCsv } from './csv.ts';
import { AppError, type FieldError } from './errors.ts';

export const HASH_LIST_FORMATS = ['text', 'csv'] as const;
export type HashListFormat = (typeof HASH_LIST_FORMATS)[number];

/** python-threatexchange's SignalOpinionCategory and its aggregate (DISPUTED). */
export const OPINION_CATEGORIES = ['POSITIVE_CLASS', 'INVESTIGATION_SEED', 'NEGATIVE_CLASS', 'DISPUTED'] as const;
export type OpinionCategory = (typeof OPINION_CATEGORIES)[number];

/** A list's text may be this many characters (16 MiB): about 100 000 labelled hashes. */
export const MAX_HASH_LIST_CHARS = 16 * 1024 * 1024;
/** Distinct hashes in one list; the export of minhbach's own signals stops at this many too. */
export const MAX_HASH_LIST_ENTRIES = 100_000;
export const MAX_LABELS_PER_ENTRY = 32;
export const MAX_LABEL_LENGTH = 100;
/** A list's name, an entry's source and id. */
export const MAX_HASH_LIST_TEXT = 200;
/** Field errors reported at once; a file wrong throughout would otherwise answer megabytes. */
const MAX_ERRORS = 20;
/** One line: a PDQ hash, a category and 32 labels of 100 characters fit easily. */
const MAX_LINE_CHARS = 8192;

export interface HashListEntry {
  /** 64 lowercase hex digits. */
  pdq: string;
  labels: string[];
  category: OpinionCategory | null;
  /** Where the signal came from (the ThreatExchange collaboration, `collab`). */
  source: string | null;
  /** The signal's id at its source (an indicator id). */
  id: string | null;
  /** PDQ quality 0–100 when the file gives it. */
  quality: number | null;
}

export interface ParsedHashList {
  format: HashListFormat;
  entries: HashListEntry[];
  /** CSV rows of another signal type (video MD5, URLs…), left out. */
  skipped: number;
  /** Lines repeating a hash already read: one entry, labels merged. */
  duplicates: number;
}

const PDQ_RE = /^[0-9a-f]{64}$/i;
// Letters and digits of any script, and the punctuation tags use (media_type_photo, dsa:scam).
// No spaces or commas: they separate labels in both formats.
const LABEL_RE = /^[\p{L}\p{N}_\-.:/+@#]+$/u;
const CONTROL_RE = /\p{Cc}/u;
// A spreadsheet opening the CSV would run a cell beginning so as a formula: such text is refused,
// not quoted, so that the CSV stays exactly what threatexchange reads.
const FORMULA_RE = /^[=+\-@]/;

/** Why a name, source or id cannot be stored (null: it can). */
export function hashListTextProblem(value: string): string | null {
  if (value.length > MAX_HASH_LIST_TEXT) return `is longer than ${MAX_HASH_LIST_TEXT} characters`;
  if (CONTROL_RE.test(value)) return 'holds a control character';
  if (FORMULA_RE.test(value)) return 'must not start with = + - @ (a spreadsheet would take it for a formula)';
  return null;
}

export function isPdqHex(s: string): boolean {
  return PDQ_RE.test(s);
}

/** The text's lines, a byte order mark dropped; CRLF, LF and CR all end a line. */
export function hashListLines(text: string): string[] {
  return (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\n|\r/);
}

const CSV_HASH_COLUMNS = ['signal_str', 'signal_value', 'pdq', 'hash', 'indicator'];

/** CSV when the first line that says anything is a header naming a hash column; text otherwise. */
export function detectHashListFormat(lines: readonly string[]): HashListFormat {
  const first = lines.find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (first === undefined || !first.includes(',')) return 'text';
  const cells = first.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return cells.some((c) => CSV_HASH_COLUMNS.includes(c)) ? 'csv' : 'text';
}

interface CsvColumns {
  hash: number;
  signalType: number;
  tags: number;
  category: number;
  source: number;
  id: number;
  quality: number;
}

/**
 * Reads a list line by line, so a caller can pause between batches (the server yields to other
 * requests every few thousand lines). Collects entries (one per hash) and field errors, which
 * `finish` reports all at once.
 */
export class HashListReader {
  private columns: CsvColumns | null = null;
  private readonly byPdq = new Map<string, HashListEntry>();
  private readonly errors: FieldError[] = [];
  private skipped = 0;
  private duplicates = 0;
  /** A bad header, or too many hashes: the rest of the file is not read. */
  private stopped = false;

  constructor(readonly format: HashListFormat) {}

  /** Reads line `n` (1-based, as an editor numbers them). */
  line(raw: string, n: number): void {
    if (this.errors.length >= MAX_ERRORS || this.stopped) return;
    const line = raw.trim();
    if (line === '' || (this.format === 'text' && line.startsWith('#'))) return;
    if (line.length > MAX_LINE_CHARS) return this.fail(n, 'line', `is longer than ${MAX_LINE_CHARS} characters`);
    if (this.format === 'csv') this.csvLine(line, n);
    else this.textLine(line, n);
  }

  /** The entries, or every field error found (AppError validation_failed naming line and field). */
  finish(): ParsedHashList {
    if (this.format === 'csv' && this.columns === null && this.errors.length === 0)
      this.fail(1, 'header', `is missing: the first line names the columns (${CSV_HASH_COLUMNS[0]}, tags, …)`);
    if (this.errors.length > 0) throw AppError.validation(this.errors, `The hash list has errors: ${this.errors[0]!.field}: ${this.errors[0]!.message}`);
    if (this.byPdq.size === 0) throw AppError.validation([{ field: 'content', message: 'holds no PDQ hash' }]);
    return { format: this.format, entries: [...this.byPdq.values()], skipped: this.skipped, duplicates: this.duplicates };
  }

  private fail(n: number, field: string, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ field: `line ${n}: ${field}`, message });
  }

  private textLine(line: string, n: number): void {
    if (line.startsWith('{')) return this.jsonLine(line, n);
    let tokens = line.split(/[ \t]+/);
    // The local-file exchange writes the signal type first.
    if (tokens.length > 1 && tokens[0]!.toLowerCase() === 'pdq') tokens = tokens.slice(1);
    const first = tokens[0]!;
    if (first.includes(',')) {
      // The PDQ reference hasher: hash,quality,file name (which may hold spaces, and is not kept).
      const [hash, quality] = line.slice(line.indexOf(first)).split(',');
      const pdq = this.pdq(hash!.trim(), n, 'pdq');
      const q = this.quality(quality?.trim() ?? '', n, 'quality');
      if (pdq !== null && q !== undefined) this.add({ pdq, labels: [], category: null, source: null, id: null, quality: q }, n);
      return;
    }
    const pdq = this.pdq(first, n, 'pdq');
    let category: OpinionCategory | null = null;
    const labels: string[] = [];
    for (const token of tokens.slice(1)) {
      const upper = token.toUpperCase();
      if (category === null && (OPINION_CATEGORIES as readonly string[]).includes(upper)) category = upper as OpinionCategory;
      else labels.push(...token.split(',').filter((l) => l !== ''));
    }
    const checked = this.labels(labels, n, 'labels');
    if (pdq !== null && checked !== null) this.add({ pdq, labels: checked, category, source: null, id: null, quality: null }, n);
  }

  private jsonLine(line: string, n: number): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return this.fail(n, 'line', 'starts with { but is not a JSON object');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(n, 'line', 'starts with { but is not a JSON object');
    const o = value as Record<string, unknown>;
    // `minhbach hash` reports an image it could not hash on its own line: nothing to import.
    if (o.error !== undefined && o.pdq === undefined) return this.fail(n, 'pdq', 'is missing (this line reports an error)');
    const key = ['pdq', 'signal_str', 'signal_value', 'hash'].find((k) => o[k] !== undefined);
    if (key === undefined) return this.fail(n, 'pdq', 'is missing');
    const pdq = typeof o[key] === 'string' ? this.pdq(o[key], n, key) : (this.fail(n, key, 'must be a string'), null);
    const rawLabels = o.labels ?? o.tags ?? [];
    const labelKey = o.labels !== undefined ? 'labels' : 'tags';
    let labels: string[] | null = null;
    if (typeof rawLabels === 'string')
      labels = this.labels(
        rawLabels.split(/[\s,]+/).filter((l) => l !== ''),
        n,
        labelKey,
      );
    else if (Array.isArray(rawLabels) && rawLabels.every((l) => typeof l === 'string')) labels = this.labels(rawLabels as string[], n, labelKey);
    else this.fail(n, labelKey, 'must be an array of strings');
    const category = this.category(o.category === undefined || o.category === null ? '' : String(o.category), n, 'category');
    const source = this.text(o.source ?? o.collab, n, o.source !== undefined ? 'source' : 'collab');
    const id = this.text(o.id, n, 'id');
    const quality = this.quality(o.quality === undefined || o.quality === null ? '' : String(o.quality), n, 'quality');
    if (pdq !== null && labels !== null && category !== undefined && source !== undefined && id !== undefined && quality !== undefined) {
      this.add({ pdq, labels, category, source, id, quality }, n);
    }
  }

  private csvLine(line: string, n: number): void {
    const parsed = parseCsv(line, ',');
    if (!parsed.ok) {
      return this.fail(n, 'line', parsed.error.code === 'unterminated_quote' ? 'has a quote that never closes (a cell may not span lines)' : 'has text after a closing quote');
    }
    const cells = parsed.records[0]?.cells.map((c) => c.trim()) ?? [];
    if (this.columns === null) return this.header(cells, n);
    const cols = this.columns;
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    if (cols.signalType >= 0) {
      const type = cell(cols.signalType).toLowerCase();
      if (type !== 'pdq' && type !== 'hash_pdq') {
        this.skipped++;
        return;
      }
    }
    const hashName = this.headerNames[cols.hash]!;
    const pdq = this.pdq(cell(cols.hash), n, hashName);
    const labels = this.labels(
      cell(cols.tags)
        .split(/[\s,]+/)
        .filter((l) => l !== ''),
      n,
      this.headerNames[cols.tags] ?? 'tags',
    );
    const category = this.category(cell(cols.category), n, 'category');
    const source = this.text(cell(cols.source) || undefined, n, this.headerNames[cols.source] ?? 'collab');
    const id = this.text(cell(cols.id) || undefined, n, this.headerNames[cols.id] ?? 'id');
    const quality = this.quality(cell(cols.quality), n, 'quality');
    if (pdq !== null && labels !== null && category !== undefined && source !== undefined && id !== undefined && quality !== undefined) {
      this.add({ pdq, labels, category, source, id, quality }, n);
    }
  }

  private headerNames: string[] = [];

  private header(cells: string[], n: number): void {
    const names = cells.map((c) => c.toLowerCase());
    const find = (...candidates: string[]) => {
      for (const c of candidates) {
        const i = names.indexOf(c);
        if (i >= 0) return i;
      }
      return -1;
    };
    const hash = find(...CSV_HASH_COLUMNS);
    if (hash < 0) {
      this.stopped = true;
      return this.fail(n, 'header', `names no hash column: one of ${CSV_HASH_COLUMNS.join(', ')} is needed`);
    }
    this.headerNames = names;
    this.columns = {
      hash,
      signalType: find('signal_type', 'type'),
      tags: find('tags', 'labels'),
      category: find('category'),
      source: find('collab', 'source'),
      id: find('id', 'indicator_id', 'content_id'),
      quality: find('quality'),
    };
  }

  private add(entry: HashListEntry, n: number): void {
    const seen = this.byPdq.get(entry.pdq);
    if (seen) {
      this.duplicates++;
      const merged = [...new Set([...seen.labels, ...entry.labels])];
      if (merged.length > MAX_LABELS_PER_ENTRY) return this.fail(n, 'labels', `with the earlier lines of this hash make more than ${MAX_LABELS_PER_ENTRY} labels`);
      seen.labels = merged;
      seen.category ??= entry.category;
      seen.source ??= entry.source;
      seen.id ??= entry.id;
      seen.quality ??= entry.quality;
      return;
    }
    if (this.byPdq.size >= MAX_HASH_LIST_ENTRIES) {
      this.stopped = true;
      this.errors.push({ field: `line ${n}`, message: `is past the limit of ${MAX_HASH_LIST_ENTRIES} hashes in one list: split the file` });
      return;
    }
    this.byPdq.set(entry.pdq, entry);
  }

  private pdq(value: string, n: number, field: string): string | null {
    if (PDQ_RE.test(value)) return value.toLowerCase();
    const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
    this.fail(n, field, value === '' ? 'is empty: a PDQ hash is 64 hexadecimal digits' : `is not a PDQ hash (64 hexadecimal digits): "${shown}" has ${value.length} characters`);
    return null;
  }

  private labels(values: readonly string[], n: number, field: string): string[] | null {
    const out = [...new Set(values)];
    if (out.length > MAX_LABELS_PER_ENTRY) return (this.fail(n, field, `has ${out.length} labels; at most ${MAX_LABELS_PER_ENTRY}`), null);
    for (const label of out) {
      if (label.length > MAX_LABEL_LENGTH) return (this.fail(n, field, `has a label longer than ${MAX_LABEL_LENGTH} characters`), null);
      if (!LABEL_RE.test(label)) return (this.fail(n, field, `"${label.slice(0, 40)}" is not a label: letters, digits and _ - . : / + @ # only`), null);
    }
    return out;
  }

  /** undefined: an error was reported. */
  private category(value: string, n: number, field: string): OpinionCategory | null | undefined {
    if (value === '') return null;
    const upper = value.toUpperCase();
    if ((OPINION_CATEGORIES as readonly string[]).includes(upper)) return upper as OpinionCategory;
    this.fail(n, field, `must be one of ${OPINION_CATEGORIES.join(', ')} (or empty)`);
    return undefined;
  }

  private quality(value: string, n: number, field: string): number | null | undefined {
    if (value === '') return null;
    if (/^\d{1,3}$/.test(value) && Number(value) <= 100) return Number(value);
    this.fail(n, field, 'must be a whole number from 0 to 100');
    return undefined;
  }

  private text(value: unknown, n: number, field: string): string | null | undefined {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') return (this.fail(n, field, 'must be a string'), undefined);
    const problem = hashListTextProblem(value);
    if (problem !== null) return (this.fail(n, field, problem), undefined);
    return value;
  }
}

/** The whole list at once (the CLI, tests); the server reads it with `HashListReader` in batches. */
export function parseHashList(text: string, format?: HashListFormat): ParsedHashList {
  checkHashListSize(text);
  const lines = hashListLines(text);
  const reader = new HashListReader(format ?? detectHashListFormat(lines));
  lines.forEach((line, i) => reader.line(line, i + 1));
  return reader.finish();
}

/** The bound on a list's size, checked before anything else is read. */
export function checkHashListSize(text: string): void {
  if (text.length > MAX_HASH_LIST_CHARS) {
    throw new AppError('payload_too_large', `A hash list may be at most ${MAX_HASH_LIST_CHARS} characters (about ${MAX_HASH_LIST_ENTRIES} labelled hashes): split the file`);
  }
}

/** `<pdq>[ <CATEGORY>][ <label>,<label>…]`, a line each, as `threatexchange dataset -P` prints one collaboration's PDQ signals. */
export function hashListToText(entries: readonly HashListEntry[]): string {
  return entries.map((e) => [e.pdq, ...(e.category ? [e.category] : []), ...(e.labels.length > 0 ? [e.labels.join(',')] : [])].join(' ') + '\n').join('');
}

export const HASH_LIST_CSV_HEADER = ['collab', 'signal_type', 'signal_str', 'category', 'tags'] as const;

/** `threatexchange dataset -P --csv`: collab (the entry's source, else `collab`), pdq, the hash, its category, tags separated by spaces. */
export function hashListToCsv(entries: readonly HashListEntry[], collab: string): string {
  return toCsv([HASH_LIST_CSV_HEADER, ...entries.map((e) => [e.source ?? collab, 'pdq', e.pdq, e.category ?? '', e.labels.join(' ')])]);
}

/** A file name for a download: the list's name reduced to safe characters. */
export function hashListFileName(name: string, format: HashListFormat): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'hash-list';
  return `${base}.pdq.${format === 'csv' ? 'csv' : 'txt'}`;
}
