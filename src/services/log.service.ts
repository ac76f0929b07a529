import { AppError } from '../core/errors.ts';
import { publicDocument } from '../core/public-record-document.ts';
import { signCheckpoint } from '../core/tlog/checkpoint.ts';
import { encodeEntryBundle } from '../core/tlog/entry-bundle.ts';
import { integrateTiles } from '../core/tlog/integrate.ts';
import { encodeLogEntry, logEntryBytesFor } from '../core/tlog/log-entry.ts';
import { toHex } from '../core/tlog/encoding.ts';
import { consistencyPlan, EMPTY_ROOT, buildProof, leafHash, peakNodes, type NodeId } from '../core/tlog/merkle.ts';
import type { NoteSigner } from '../core/tlog/note.ts';
import { tileHashReader, tilesForNodes, rootFromTiles, TILE_WIDTH } from '../core/tlog/tile.ts';
import type { Db } from '../db/db.ts';
import {
  readBacklog,
  readLogMeta,
  latestCheckpoint,
  readEntries,
  readRecordsForLog,
  readTile,
  readTiles,
  takePending,
  tryLockIntegrator,
  writeIntegration,
  type CheckpointRow,
  type PendingRecord,
} from '../repositories/log.repository.ts';
import { startBackgroundLoop } from './background-loop.ts';
import { appendRecordsPublished } from '../repositories/outbox.repository.ts';
import type { ServiceContext } from './context.ts';

/** Records per integration: one transaction, one checkpoint. */
export const INTEGRATION_BATCH = 4096;
/** How often an idle integrator looks for new records: bounds the wait for a checkpoint. */
export const LOG_INTERVAL_MS = 100;

/** The tiles holding `nodes` in a tree of `size`, read in one query, as a hash reader. */
export async function nodeReader(db: Db, nodes: readonly NodeId[], size: number) {
  const ids = tilesForNodes(nodes, size);
  const tiles = new Map((await readTiles(db, ids)).map((t) => [`${t.level}/${t.index}`, t.hashes]));
  return tileHashReader((l, i) => tiles.get(`${l}/${i}`));
}

/**
 * Sequences the waiting public records into the log and publishes a signed checkpoint, all in
 * one transaction: after a crash either all of it is there or none, and the records are still
 * waiting. Only one process integrates at a time (an advisory lock); the others return 0.
 * Returns the number of records integrated.
 */
export async function integrateLog(ctx: ServiceContext, signer: NoteSigner, limit = INTEGRATION_BATCH): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    if (!(await tryLockIntegrator(tx))) return 0;
    const at = ctx.now();
    const current = await latestCheckpoint(tx);
    const pending = await takePending(tx, limit);
    if (pending.length === 0 && current) return 0;
    const oldSize = current?.size ?? 0;
    const entries = await entriesOf(tx, pending);
    // The partial tiles on the right edge are the only stored tiles the new leaves touch.
    const edge = new Map((await readTiles(tx, rightEdge(oldSize))).map((t) => [`${t.level}/${t.index}`, t.hashes]));
    const tiles = integrateTiles(
      oldSize,
      entries.map((e) => leafHash(e.entry)),
      (l, i) => edge.get(`${l}/${i}`),
    );
    const size = oldSize + entries.length;
    const fresh = new Map(tiles.map((t) => [`${t.level}/${t.index}`, t.data]));
    const peaks = tilesForNodes(peakNodes(size), size).filter((t) => !fresh.has(`${t.level}/${t.index}`));
    const stored = new Map((await readTiles(tx, peaks)).map((t) => [`${t.level}/${t.index}`, t.hashes]));
    const root = size === 0 ? EMPTY_ROOT : rootFromTiles(size, (l, i) => fresh.get(`${l}/${i}`) ?? stored.get(`${l}/${i}`));
    const note = signCheckpoint({ origin: signer.name, size, root, extensions: [] }, signer);
    await writeIntegration(tx, { firstIndex: oldSize, entries, tiles, checkpoint: { size, root, note }, at });
    await appendRecordsPublished(
      tx,
      entries.map((e, i) => ({ record_id: e.record_id, log_index: oldSize + i })),
      at,
    );
    return entries.length;
  });
}

/** The log entries of queued records, in queue order. */
async function entriesOf(db: Db, pending: readonly PendingRecord[]): Promise<{ record_id: string; entry: Uint8Array }[]> {
  const undigested = pending.filter((p) => p.sha256 === null).map((p) => p.record_id);
  const stored = new Map((await readRecordsForLog(db, undigested)).map((r) => [r.id, r]));
  return pending.map((p) => {
    if (p.sha256 !== null) return { record_id: p.record_id, entry: encodeLogEntry({ id: p.record_id, type: p.type, time: p.published_at.toISOString(), sha256: toHex(p.sha256) }) };
    const r = stored.get(p.record_id)!;
    return { record_id: r.id, entry: logEntryBytesFor({ id: r.id, type: r.type, time: r.published_at }, publicDocument(r)) };
  });
}

/** The partial tile of each level of a tree of `size`, which the next leaves will grow. */
function rightEdge(size: number): { level: number; index: number }[] {
  const out = [];
  for (let level = 0, n = size; n > 0; level++, n = Math.floor(n / TILE_WIDTH)) {
    if (n % TILE_WIDTH !== 0) out.push({ level, index: Math.floor(n / TILE_WIDTH) });
  }
  return out;
}

/** Integrates until nothing waits, then every `intervalMs`; stops when the returned function is called. */
export function startLogIntegrator(ctx: ServiceContext, signer: NoteSigner, options: { intervalMs: number; onError: (e: unknown) => void }): () => Promise<void> {
  return startBackgroundLoop(() => integrateLog(ctx, signer), options);
}

async function currentCheckpoint(db: Db): Promise<CheckpointRow> {
  const cp = await latestCheckpoint(db);
  if (!cp) throw new AppError('unavailable', 'The transparency log has no checkpoint yet');
  return cp;
}

/** The latest signed checkpoint, as served at /log/checkpoint. */
export async function checkpointNote(ctx: ServiceContext): Promise<string> {
  return (await currentCheckpoint(ctx.db)).note;
}

/** Tile (level, index) at `width` hashes (256 = full), if the log has grown that far. */
export async function tileBytes(ctx: ServiceContext, level: number, index: number, width: number): Promise<Uint8Array> {
  const tile = await readTile(ctx.db, level, index);
  // A narrower partial tile is a prefix of any wider copy of the same tile.
  if (!tile || tile.length < width * 32) throw AppError.notFound('Tile');
  return tile.subarray(0, width * 32);
}

export async function entryBundleBytes(ctx: ServiceContext, index: number, width: number): Promise<Uint8Array> {
  const entries = await readEntries(ctx.db, index * TILE_WIDTH, index * TILE_WIDTH + width);
  if (entries.length < width) throw AppError.notFound('Entry bundle');
  return encodeEntryBundle(entries);
}

/** RFC 9162 consistency proof between two tree sizes, the newer no larger than the latest checkpoint. */
export async function consistencyProofOf(ctx: ServiceContext, oldSize: number, requestedNew?: number): Promise<Uint8Array[]> {
  const cp = await currentCheckpoint(ctx.db);
  const newSize = requestedNew ?? cp.size;
  if (newSize > cp.size) throw AppError.validation([{ field: 'new', message: `must be at most the latest checkpoint's size, ${cp.size}` }]);
  if (oldSize < 1 || oldSize > newSize) throw AppError.validation([{ field: 'old', message: `must be between 1 and new (${newSize})` }]);
  const plan = consistencyPlan(oldSize, newSize);
  return buildProof(plan, await nodeReader(ctx.db, plan.flat(), newSize));
}

/** The log's public verifier key (c2sp.org/signed-note), for /log/key and monitors. */
export async function logVerifierKey(ctx: ServiceContext): Promise<string> {
  const meta = await readLogMeta(ctx.db);
  if (!meta) throw new AppError('unavailable', 'The transparency log has no key yet');
  return meta.verifier_key;
}

export interface LogStatus {
  origin: string | null;
  size: number;
  checkpoint_at: Date | null;
  pending: number;
  oldest_pending_at: Date | null;
  lag_seconds: number;
}

/**
 * How far the log is behind what has been published: records not yet in a signed checkpoint and
 * how long the oldest has waited. An integrator that stopped (or a deployment that runs none)
 * shows here first, for operators and for the public alike.
 */
export async function logStatus(ctx: ServiceContext): Promise<LogStatus> {
  const meta = await readLogMeta(ctx.db);
  const cp = await latestCheckpoint(ctx.db);
  const backlog = await readBacklog(ctx.db);
  const lag = backlog.oldest ? Math.max(0, (ctx.now().getTime() - backlog.oldest.getTime()) / 1000) : 0;
  return {
    origin: meta?.origin ?? null,
    size: cp?.size ?? 0,
    checkpoint_at: cp?.created_at ?? null,
    pending: backlog.pending,
    oldest_pending_at: backlog.oldest,
    lag_seconds: Math.round(lag * 1000) / 1000,
  };
}
