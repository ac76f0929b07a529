/**
 * Open data dumps (issue 14): once per Vietnamese day, every public record in the log up to the
 * latest signed checkpoint, as JSON lines, CSV and Parquet (dump-files.ts), published with its
 * files' SHA-256 as an `open_data_dump` record, itself logged. Full history is kept: the EU's
 * database keeps search to six months; here every day's dump stays listed and downloadable.
 *
 * Many workers may run this at once (PostgreSQL): the day's row is claimed first, and only the
 * claimant writes (claimDumpDay). Writing a million records takes a while, so no transaction is
 * held through it (on the embedded database that would stall the server): pages are read by log
 * index, each page yields to the event loop, and the claim is renewed page by page. The files are
 * formatted, encoded and hashed in a worker thread (dump-files.ts): this thread only reads.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { decodeCursor, pageOf } from '../core/cursor.ts';
import { vietnamDay } from '../core/email/templates.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { DUMP_CONTENT_TYPES, type DumpFile, type DumpFormat, publicRecordForDump } from '../core/open-data-dump.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import { toBase64 } from '../core/tlog/encoding.ts';
import {
  claimDumpDay,
  completeDump,
  type DumpRow,
  findDump,
  findDumpOfDay,
  listDumps,
  readLoggedRecords,
  releaseDumpClaim,
  renewDumpClaim,
} from '../repositories/dump.repository.ts';
import { latestCheckpoint, readLogMeta } from '../repositories/log.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import type { ServiceContext } from './context.ts';
import { openDumpFiles } from './dump-files.ts';

/**
 * Records read per query. On the embedded database a query runs on this thread, and with the files
 * written in a worker it is all a dump does here: a page of 250 holds the event loop ~half as long
 * as one of 500 (bench/results/dumps.md), at no cost in speed.
 */
const PAGE = 250;
/** A claim not renewed for this long belongs to a dead worker and may be taken over. */
const CLAIM_STALE_MS = 10 * 60_000;

export interface DumpOptions {
  /** Where the files go (config.dumpsDir). */
  dir: string;
  /** Progress: records written so far out of `total`. */
  onProgress?: (done: number, total: number) => void;
  pageSize?: number;
  /** The module of the worker thread that writes the files (dump-files.ts); tests pass one that dies. */
  encoder?: URL;
}

export type DumpOutcome = { made: true; dump: PublicDump } | { made: false; reason: 'done' | 'busy' | 'empty'; dump: PublicDump | null };

/** Makes today's dump unless it exists (or another worker is making it). */
export async function makeDailyDump(ctx: ServiceContext, options: DumpOptions): Promise<DumpOutcome> {
  const now = ctx.now();
  const day = vietnamDay(now);
  const existing = await findDumpOfDay(ctx.db, day);
  if (existing?.done) return { made: false, reason: 'done', dump: await presentById(ctx, existing.id) };
  const [cp, meta] = await Promise.all([latestCheckpoint(ctx.db), readLogMeta(ctx.db)]);
  if (!cp || cp.size === 0 || !meta) return { made: false, reason: 'empty', dump: null };
  const token = uuidv7(now.getTime());
  const claim = await claimDumpDay(ctx.db, { id: uuidv7(now.getTime()), day, token, now, staleBefore: new Date(now.getTime() - CLAIM_STALE_MS) });
  if (!claim) return { made: false, reason: 'busy', dump: null };

  let files: Awaited<ReturnType<typeof openDumpFiles>> | null = null;
  try {
    files = await openDumpFiles(options.dir, day, cp.size, { ...(options.encoder ? { encoder: options.encoder } : {}) });
    const pageSize = options.pageSize ?? PAGE;
    let done = 0;
    while (done < cp.size) {
      const rows = await readLoggedRecords(ctx.db, done, cp.size, pageSize);
      // The checkpoint's leaves are committed with it: a gap would be a corrupt log, not a race.
      const expected = Math.min(pageSize, cp.size - done);
      if (rows.length !== expected || rows[rows.length - 1]!.log_index !== done + expected - 1)
        throw new Error(`log entries ${done}–${done + expected - 1} are incomplete below checkpoint size ${cp.size}`);
      // The rows as read: their documents are made, formatted and hashed in the dump's worker thread.
      await files.add(rows);
      done += rows.length;
      options.onProgress?.(done, cp.size);
      if (!(await renewDumpClaim(ctx.db, claim.id, token, ctx.now()))) throw new LostClaim();
      // On the embedded database each page's query runs on this thread: let requests through between pages.
      await yieldToLoop();
    }
    const written = await files.finish();
    if (!(await renewDumpClaim(ctx.db, claim.id, token, ctx.now()))) throw new LostClaim();
    await files.publish();
    const at = ctx.now();
    const checkpoint = { origin: meta.origin, size: cp.size, root_hash: toBase64(cp.root), note: cp.note };
    const record = sealPublicRecord(publicRecordForDump({ dumpId: claim.id, day, checkpoint, files: written, at }));
    await ctx.db.transaction(async (tx) => {
      await insertPublicRecords(tx, [record]);
      if (!(await completeDump(tx, { id: claim.id, token, size: cp.size, root: cp.root, note: cp.note, files: written, publicRecordId: record.id, at }))) throw new LostClaim();
    });
    return { made: true, dump: (await presentById(ctx, claim.id))! };
  } catch (e) {
    await files?.discard();
    if (e instanceof LostClaim) return { made: false, reason: 'busy', dump: null };
    await releaseDumpClaim(ctx.db, claim.id, token).catch(() => undefined);
    throw e;
  }
}

class LostClaim extends Error {}

export interface PublicDump {
  id: string;
  date: string;
  records: number;
  checkpoint: { origin: string; size: number; root_hash: string };
  files: (DumpFile & { url: string })[];
  public_record_id: string;
  log_index: number | null;
  created_at: string;
}

function present(d: DumpRow): PublicDump {
  return {
    id: d.id,
    date: d.day,
    records: d.checkpoint_size,
    // The note's first line is the log's origin (c2sp.org/tlog-checkpoint).
    checkpoint: { origin: d.checkpoint_note.split('\n', 1)[0]!, size: d.checkpoint_size, root_hash: toBase64(d.root_hash) },
    files: d.files.map((f) => ({ ...f, url: `/api/v1/public/dumps/${d.id}/${f.format}` })),
    public_record_id: d.public_record_id,
    log_index: d.log_index,
    created_at: d.created_at.toISOString(),
  };
}

async function presentById(ctx: ServiceContext, id: string): Promise<PublicDump | null> {
  const d = await findDump(ctx.db, id);
  return d ? present(d) : null;
}

export async function listPublicDumps(ctx: ServiceContext, q: { cursor?: string; limit?: number }) {
  const afterId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && afterId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  const limit = q.limit ?? 50;
  const page = pageOf(await listDumps(ctx.db, afterId, limit + 1), limit);
  return { items: page.items.map(present), next_cursor: page.next_cursor };
}

/** One file of a dump, to stream; not found when the dump, the format or the file is not there. */
export async function openDumpFile(ctx: ServiceContext, dir: string | null, id: string, format: DumpFormat) {
  const d = isUuid(id) ? await findDump(ctx.db, id) : null;
  const file = d?.files.find((f) => f.format === format);
  if (!d || !file || dir === null) throw AppError.notFound('Dump file');
  const where = path.join(dir, file.name);
  const size = await stat(where).then(
    (s) => s.size,
    () => null,
  );
  // A file removed (or replaced) by hand is gone: never serve bytes the record does not describe.
  if (size !== file.bytes) throw AppError.notFound('Dump file');
  return { name: file.name, bytes: file.bytes, sha256: file.sha256, contentType: DUMP_CONTENT_TYPES[format], stream: createReadStream(where) };
}
