/**
 * Open data dumps (issue 14): every public record at log indexes [0, size) of a signed
 * checkpoint, as JSON lines, CSV (dump-csv.ts) and Parquet, and the `open_data_dump` record that
 * publishes the files' SHA-256 with that checkpoint. The verifier reads the lines with
 * src/verifier/dump-check.ts (its own parser: the verifier package bundles nothing but the log
 * library).
 */
import { uuidv7 } from './ids.ts';
import type { PublicRecordDraft } from './public-record.ts';

export const DUMP_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type DumpFormat = (typeof DUMP_FORMATS)[number];

export const DUMP_CONTENT_TYPES: Readonly<Record<DumpFormat, string>> = {
  jsonl: 'application/jsonl; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

export interface DumpFile {
  format: DumpFormat;
  name: string;
  bytes: number;
  /** Lowercase hex, as `sha256sum` prints it. */
  sha256: string;
}

export interface DumpCheckpoint {
  origin: string;
  size: number;
  /** Base64, as in the checkpoint note. */
  root_hash: string;
  /** The signed checkpoint note, verbatim: checkable offline with the log's key. */
  note: string;
}

/** `minhbach-records-2026-12-07-1234.jsonl`: the Vietnamese day and the number of records. */
export function dumpFileName(day: string, size: number, format: DumpFormat): string {
  return `minhbach-records-${day}-${size}.${format}`;
}

/**
 * One JSON line: the record's log index and its public document. A withdrawn record's document
 * is its tombstone, which no longer hashes to what its log entry commits to, so the line carries
 * that digest (`entry_sha256`) for the verifier to rebuild the leaf; the tombstone names the
 * withdrawal, itself a logged record.
 */
export function dumpJsonLine(logIndex: number, document: Readonly<Record<string, unknown>>, entrySha256: string | null): string {
  const line = entrySha256 === null ? { log_index: logIndex, record: document } : { log_index: logIndex, record: document, entry_sha256: entrySha256 };
  return `${JSON.stringify(line)}\n`;
}

/** The `open_data_dump` record of a finished dump. Nothing in it is typed by a person. */
export function publicRecordForDump(args: { dumpId: string; day: string; checkpoint: DumpCheckpoint; files: readonly DumpFile[]; at: Date }): PublicRecordDraft {
  return {
    id: uuidv7(args.at.getTime()),
    type: 'open_data_dump',
    source_id: args.dumpId,
    published_at: args.at,
    category: 'open_data',
    platform: 'minhbach',
    requester_kind: null,
    body: {
      dump_id: args.dumpId,
      date: args.day,
      checkpoint: { ...args.checkpoint },
      records: args.checkpoint.size,
      files: args.files.map((f) => ({ format: f.format, name: f.name, bytes: f.bytes, sha256: f.sha256 })),
    },
    search_text: `open data dump ${args.day}`,
  };
}
