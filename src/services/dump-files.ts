/**
 * Writes one open data dump's three files (JSON lines, CSV, Parquet) side by side from pages of
 * records, hashing each as it is written: nothing but the current page and one Parquet row group
 * is in memory, whatever the number of records. Files are written under temporary names and
 * renamed into place only when all three are complete, so a reader never sees half a dump.
 *
 * Parquet through hyparquet-writer (MIT, Hyperparam, one dependency: its reader hyparquet): pure
 * JavaScript, maintained, and able to write a file row group by row group into a writer of ours.
 * Every column is text (UTF-8) as in the CSV, except `log_index` (INT64), so the two files hold
 * the same cells; compression is Snappy, which every Parquet reader has.
 */
import { createHash, type Hash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { DUMP_COLUMNS, dumpCsvHeader, dumpCsvLine, dumpRow } from '../core/dump-csv.ts';
import { type DumpFile, type DumpFormat, DUMP_FORMATS, dumpFileName, dumpJsonLine } from '../core/open-data-dump.ts';

/**
 * Rows per Parquet row group. hyparquet-writer encodes a group in one synchronous call, the
 * longest hold of the event loop during a dump (bench/results/dumps.md, 100,000 records): groups
 * of 1,000 hold it at most ~200 ms; of 2,500, 730 ms, and the dump ran 2.4 times slower (its cost
 * per row grows with the group), for a file only 5 % smaller.
 */
const ROW_GROUP = 1_000;

class HashedFile {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  readonly fh: FileHandle;
  readonly tmp: string;

  constructor(fh: FileHandle, tmp: string) {
    this.fh = fh;
    this.tmp = tmp;
  }

  async write(data: Uint8Array | string): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buf.length === 0) return;
    this.hash.update(buf);
    this.bytes += buf.length;
    await this.fh.write(buf);
  }
}

/** hyparquet-writer's byte writer, emptied into a file at each row group (its flush hook) and at the end. */
function parquetSink(file: HashedFile): ByteWriter {
  const writer = new ByteWriter(1 << 20);
  const drain = async () => {
    const chunk = writer.getBytes().slice();
    writer.index = 0;
    await file.write(chunk);
  };
  Object.assign(writer, { flush: drain, finish: drain });
  return writer;
}

export interface DumpRecordLine {
  log_index: number;
  document: Record<string, unknown>;
  /** For a withdrawn record: the digest its log entry commits to (the tombstone's is another). */
  entry_sha256: string | null;
}

export interface DumpFilesWriter {
  add(page: readonly DumpRecordLine[]): Promise<void>;
  /** Completes the files under their temporary names; returns what each holds. */
  finish(): Promise<DumpFile[]>;
  /** Moves the finished files to their final names. */
  publish(): Promise<void>;
  /** Deletes the temporary files (after a failure or a lost claim). */
  discard(): Promise<void>;
}

export async function openDumpFiles(dir: string, day: string, size: number): Promise<DumpFilesWriter> {
  await mkdir(dir, { recursive: true });
  const nonce = randomBytes(6).toString('hex');
  const files = {} as Record<DumpFormat, HashedFile>;
  for (const format of DUMP_FORMATS) {
    const tmp = path.join(dir, `.${dumpFileName(day, size, format)}.${nonce}.tmp`);
    files[format] = new HashedFile(await open(tmp, 'wx', 0o644), tmp);
  }
  await files.csv.write(dumpCsvHeader());
  const parquet = new ParquetWriter({
    writer: parquetSink(files.parquet),
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
  let group: (string | null)[][] = [];
  const flushGroup = async () => {
    if (group.length === 0) return;
    const rows = group;
    group = [];
    const columnData = DUMP_COLUMNS.map((name, c) => ({ name, data: c === 0 ? rows.map((r) => BigInt(r[0]!)) : rows.map((r) => r[c]!) }));
    await parquet.write({ columnData, rowGroupSize: rows.length });
  };
  let finished = false;
  return {
    async add(page) {
      let jsonl = '';
      let csv = '';
      for (const r of page) {
        jsonl += dumpJsonLine(r.log_index, r.document, r.entry_sha256);
        csv += dumpCsvLine(r.log_index, r.document);
        group.push(dumpRow(r.log_index, r.document));
      }
      await files.jsonl.write(jsonl);
      await files.csv.write(csv);
      if (group.length >= ROW_GROUP) await flushGroup();
    },
    async finish() {
      await flushGroup();
      await parquet.finish();
      finished = true;
      const out: DumpFile[] = [];
      for (const format of DUMP_FORMATS) {
        const f = files[format];
        await f.fh.sync();
        await f.fh.close();
        out.push({ format, name: dumpFileName(day, size, format), bytes: f.bytes, sha256: f.hash.digest('hex') });
      }
      return out;
    },
    async publish() {
      for (const format of DUMP_FORMATS) await rename(files[format].tmp, path.join(dir, dumpFileName(day, size, format)));
    },
    async discard() {
      for (const format of DUMP_FORMATS) {
        if (!finished) await files[format].fh.close().catch(() => undefined);
        await unlink(files[format].tmp).catch(() => undefined);
      }
    },
  };
}
