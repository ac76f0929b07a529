/**
 * The open data dump's encoder (started by dump-files.ts, one per dump): turns each page of
 * logged records into JSON lines, CSV rows and Parquet row groups, hashes the three files and
 * writes them, all off the thread that answers requests. Encoding one Parquet row group is one
 * synchronous call of hyparquet-writer that took up to ~200 ms of the server's event loop
 * (bench/results/dumps.md); here it holds only this thread.
 *
 * The main thread reads the database (PGlite runs there) and owns the files: it opens them,
 * passes their descriptors here, and syncs, renames or deletes them. So a worker that dies leaves
 * nothing open that the dump's failure path cannot close. Writes here are synchronous: they block
 * this thread alone, and the pages wait in the message queue meanwhile.
 *
 * Parquet through hyparquet-writer (MIT, Hyperparam, one dependency: its reader hyparquet): pure
 * JavaScript, maintained, and able to write a file row group by row group into a writer of ours.
 * Every column is text (UTF-8) as in the CSV, except `log_index` (INT64), so the two files hold
 * the same cells; compression is Snappy, which every Parquet reader has.
 */
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { DUMP_COLUMNS, dumpCsvHeader, dumpCsvLine, dumpRow } from '../core/dump-csv.ts';
import { type DumpFormat, DUMP_FORMATS, dumpJsonLine } from '../core/open-data-dump.ts';
import { publicDocument } from '../core/public-record-document.ts';
import type { DumpRecordRow } from '../repositories/dump.repository.ts';
import { serveJobs } from '../text/worker-pool.ts';

/**
 * Rows per Parquet row group. hyparquet-writer encodes a group in one synchronous call (here, on
 * this thread): groups of 1,000 took ~200 ms each; of 2,500, 730 ms, and the dump ran 2.4 times
 * slower (its cost per row grows with the group), for a file only 5 % smaller.
 */
const ROW_GROUP = 1_000;

/** What the main thread asks: open the files (descriptors), add a page of rows as read, finish. */
export type DumpEncoderJob = { op: 'open'; fds: Record<DumpFormat, number> } | { op: 'page'; rows: DumpRecordRow[] } | { op: 'finish' };

/** After `finish`: each file's size and SHA-256 (lowercase hex); nothing after the others. */
export type DumpEncoderReply = Record<DumpFormat, { bytes: number; sha256: string }> | null;

class HashedFile {
  readonly hash = createHash('sha256');
  bytes = 0;

  constructor(readonly fd: number) {}

  write(data: Uint8Array | string): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.hash.update(buf);
    this.bytes += buf.length;
    for (let at = 0; at < buf.length;) at += writeSync(this.fd, buf, at, buf.length - at);
  }
}

/** hyparquet-writer's byte writer, emptied into the file at each row group (its flush hook) and at the end. */
function parquetSink(file: HashedFile): ByteWriter {
  const writer = new ByteWriter(1 << 20);
  const drain = () => {
    file.write(writer.getBytes());
    writer.index = 0;
  };
  Object.assign(writer, { flush: drain, finish: drain });
  return writer;
}

class DumpEncoder {
  readonly files: Record<DumpFormat, HashedFile>;
  readonly parquet: ParquetWriter;
  group: (string | null)[][] = [];

  constructor(fds: Record<DumpFormat, number>) {
    this.files = { jsonl: new HashedFile(fds.jsonl), csv: new HashedFile(fds.csv), parquet: new HashedFile(fds.parquet) };
    this.files.csv.write(dumpCsvHeader());
    this.parquet = new ParquetWriter({
      writer: parquetSink(this.files.parquet),
      schema: [
        { name: 'root', num_children: DUMP_COLUMNS.length },
        ...DUMP_COLUMNS.map((name) =>
          name === 'log_index'
            ? { name, type: 'INT64' as const, repetition_type: 'REQUIRED' as const }
            : { name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const },
        ),
      ],
      createdBy: 'minhbach open data dump (hyparquet-writer)',
    });
  }

  async page(rows: readonly DumpRecordRow[]): Promise<void> {
    let jsonl = '';
    let csv = '';
    for (const r of rows) {
      const document = publicDocument(r);
      jsonl += dumpJsonLine(r.log_index, document, r.entry_sha256);
      csv += dumpCsvLine(r.log_index, document);
      this.group.push(dumpRow(r.log_index, document));
    }
    this.files.jsonl.write(jsonl);
    this.files.csv.write(csv);
    if (this.group.length >= ROW_GROUP) await this.flushGroup();
  }

  async flushGroup(): Promise<void> {
    if (this.group.length === 0) return;
    const rows = this.group;
    this.group = [];
    const columnData = DUMP_COLUMNS.map((name, c) => ({ name, data: c === 0 ? rows.map((r) => BigInt(r[0]!)) : rows.map((r) => r[c]!) }));
    await this.parquet.write({ columnData, rowGroupSize: rows.length });
  }

  async finish(): Promise<DumpEncoderReply> {
    await this.flushGroup();
    await this.parquet.finish();
    const out = {} as Record<DumpFormat, { bytes: number; sha256: string }>;
    for (const format of DUMP_FORMATS) out[format] = { bytes: this.files[format].bytes, sha256: this.files[format].hash.digest('hex') };
    return out;
  }
}

let encoder: DumpEncoder | null = null;

serveJobs<DumpEncoderJob, DumpEncoderReply>(async (job) => {
  if (job.op === 'open') {
    encoder = new DumpEncoder(job.fds);
    return null;
  }
  // A worker started anew after its predecessor died has no files: the dump fails, never skips a page.
  if (!encoder) throw new Error('the dump encoder has no files open (its worker was restarted)');
  if (job.op === 'page') {
    await encoder.page(job.rows);
    return null;
  }
  const done = await encoder.finish();
  encoder = null;
  return done;
});
