/**
 * Writes one open data dump's three files (JSON lines, CSV, Parquet) side by side from pages of
 * records. The formatting, the Parquet encoding and the hashing happen in a worker thread
 * (dump-files.worker.ts), never on the event loop that answers requests: on the embedded database
 * the dump runs in the server's own process, and one Parquet row group alone held that loop up to
 * ~200 ms (bench/results/dumps.md). This thread reads the database (PGlite lives on it) and posts
 * each page's rows as read; at most two pages are with the worker at once, so whatever the number
 * of records only a few pages and one Parquet row group are in memory, and reading the next page
 * overlaps encoding the last.
 *
 * This thread owns the files: it opens them under temporary names, hands their descriptors to the
 * worker, and once all three are complete syncs them and renames them into place, so a reader
 * never sees half a dump. A worker that fails, dies or hangs past its budget fails the dump (the
 * caller discards the files and gives the day back); it is never waited on forever.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { type DumpFile, type DumpFormat, DUMP_FORMATS, dumpFileName } from '../core/open-data-dump.ts';
import type { DumpRecordRow } from '../repositories/dump.repository.ts';
import { createWorkerPool } from '../text/worker-pool.ts';
import type { DumpEncoderJob, DumpEncoderReply } from './dump-files.worker.ts';

/** Pages handed to the worker and not yet written: one being encoded, one waiting. */
const IN_FLIGHT = 2;
/**
 * How long the worker may take over one page, or over finishing the files, before it is stopped
 * and the dump fails. A page takes well under a second; this only catches a worker that hangs.
 */
const JOB_BUDGET_MS = 5 * 60_000;

const ENCODER = new URL('./dump-files.worker.ts', import.meta.url);

export interface DumpFilesWriter {
  /** Hands a page (in log order) to the worker; waits only while two pages are still with it. */
  add(rows: DumpRecordRow[]): Promise<void>;
  /** Completes the files under their temporary names; returns what each holds. */
  finish(): Promise<DumpFile[]>;
  /** Moves the finished files to their final names. */
  publish(): Promise<void>;
  /** Stops the worker and deletes the temporary files (after a failure or a lost claim). */
  discard(): Promise<void>;
}

export interface DumpFilesOptions {
  /** The worker's module; tests pass one that dies. */
  encoder?: URL;
}

export async function openDumpFiles(dir: string, day: string, size: number, options: DumpFilesOptions = {}): Promise<DumpFilesWriter> {
  await mkdir(dir, { recursive: true });
  const nonce = randomBytes(6).toString('hex');
  const tmp = (format: DumpFormat) => path.join(dir, `.${dumpFileName(day, size, format)}.${nonce}.tmp`);
  const handles = new Map<DumpFormat, FileHandle>();
  // One worker of its own per dump: it holds the dump's state (hashes, the Parquet writer), and
  // if it dies a fresh one has none, so the next page fails rather than being skipped.
  const pool = createWorkerPool<DumpEncoderJob, DumpEncoderReply>({ entry: options.encoder ?? ENCODER, size: 1, budgetMs: JOB_BUDGET_MS, queueLimit: IN_FLIGHT + 1 });
  const inFlight: Promise<DumpEncoderReply>[] = [];
  const post = (job: DumpEncoderJob) => {
    const reply = pool.run(job);
    // Awaited in turn (add, finish); until then a failure must not count as unhandled.
    reply.catch(() => undefined);
    inFlight.push(reply);
  };
  let closed = false;
  const close = async () => {
    closed = true;
    // The worker first: it must not be writing to a descriptor once that is closed (and reused).
    await pool.close();
    for (const fh of handles.values()) await fh.close().catch(() => undefined);
  };

  const writer: DumpFilesWriter = {
    async add(rows) {
      while (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      post({ op: 'page', rows });
    },
    async finish() {
      for (const reply of inFlight.splice(0)) await reply;
      const written = await pool.run({ op: 'finish' });
      if (!written) throw new Error('the dump encoder returned no files');
      await pool.close();
      for (const fh of handles.values()) await fh.sync();
      await close();
      return DUMP_FORMATS.map((format) => ({ format, name: dumpFileName(day, size, format), ...written[format] }));
    },
    async publish() {
      for (const format of DUMP_FORMATS) await rename(tmp(format), path.join(dir, dumpFileName(day, size, format)));
    },
    async discard() {
      if (!closed) await close();
      for (const format of DUMP_FORMATS) await unlink(tmp(format)).catch(() => undefined);
    },
  };
  try {
    for (const format of DUMP_FORMATS) handles.set(format, await open(tmp(format), 'wx', 0o644));
    // Not awaited: the first page is read while the worker loads (about a second under tsx).
    post({ op: 'open', fds: { jsonl: handles.get('jsonl')!.fd, csv: handles.get('csv')!.fd, parquet: handles.get('parquet')!.fd } });
  } catch (e) {
    await writer.discard();
    throw e;
  }
  return writer;
}
