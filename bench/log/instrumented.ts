/**
 * A step-for-step copy of integrateLog (src/services/log.service.ts) and writeIntegration
 * (src/repositories/log.repository.ts) with a stopwatch between the steps, to show where an
 * integration batch spends its time. It calls the same core and repository functions and issues
 * the same SQL; run.ts checks that it produces the same log as the real one (the checkpoints it
 * signs are verified and the tree keeps growing under the real integrator afterwards).
 * Keep in sync with those two files.
 */
import { signCheckpoint } from '../../src/core/tlog/checkpoint.ts';
import { integrateTiles } from '../../src/core/tlog/integrate.ts';
import { encodeLogEntry } from '../../src/core/tlog/log-entry.ts';
import { toHex } from '../../src/core/tlog/encoding.ts';
import { EMPTY_ROOT, leafHash, peakNodes } from '../../src/core/tlog/merkle.ts';
import type { NoteSigner } from '../../src/core/tlog/note.ts';
import { rootFromTiles, tilesForNodes, TILE_WIDTH } from '../../src/core/tlog/tile.ts';
import type { Db } from '../../src/db/db.ts';
import { latestCheckpoint, readTiles, takePending, tryLockIntegrator } from '../../src/repositories/log.repository.ts';

export const PHASES = [
  'begin_lock_checkpoint',
  'take_pending_sql',
  'entries_encode',
  'tiles_read_and_hash',
  'sign_checkpoint',
  'write_entries_sql',
  'write_tiles_sql',
  'write_checkpoint_sql',
  'commit',
] as const;
export type Phase = (typeof PHASES)[number];

/** Per phase: wall ms and this process's CPU ms (user + system) summed over batches. */
export type PhaseTotals = Record<Phase, { wall_ms: number; node_cpu_ms: number }>;

export function emptyTotals(): PhaseTotals {
  return Object.fromEntries(PHASES.map((p) => [p, { wall_ms: 0, node_cpu_ms: 0 }])) as PhaseTotals;
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function rightEdge(size: number): { level: number; index: number }[] {
  const out = [];
  for (let level = 0, n = size; n > 0; level++, n = Math.floor(n / TILE_WIDTH)) {
    if (n % TILE_WIDTH !== 0) out.push({ level, index: Math.floor(n / TILE_WIDTH) });
  }
  return out;
}

/** integrateLog, timed (records queued with their digest: the bench's records all are). */
export async function integrateLogTimed(db: Db, signer: NoteSigner, limit: number, totals: PhaseTotals): Promise<number> {
  let t = performance.now();
  let c = process.cpuUsage();
  const lap = (p: Phase) => {
    const now = performance.now();
    const cpu = process.cpuUsage(c);
    totals[p].wall_ms += now - t;
    totals[p].node_cpu_ms += (cpu.user + cpu.system) / 1000;
    t = now;
    c = process.cpuUsage();
  };
  const n = await db.transaction(async (tx) => {
    if (!(await tryLockIntegrator(tx))) return 0;
    const at = new Date();
    const current = await latestCheckpoint(tx);
    lap('begin_lock_checkpoint');
    const records = await takePending(tx, limit);
    lap('take_pending_sql');
    if (records.length === 0 && current) return 0;
    const oldSize = current?.size ?? 0;
    const entries = records.map((r) => {
      if (r.sha256 === null) throw new Error('bench records are all queued with their digest');
      return { record_id: r.record_id, entry: encodeLogEntry({ id: r.record_id, type: r.type, time: r.published_at.toISOString(), sha256: toHex(r.sha256) }) };
    });
    lap('entries_encode');
    const edge = new Map((await readTiles(tx, rightEdge(oldSize))).map((x) => [`${x.level}/${x.index}`, x.hashes]));
    const tiles = integrateTiles(
      oldSize,
      entries.map((e) => leafHash(e.entry)),
      (l, i) => edge.get(`${l}/${i}`),
    );
    const size = oldSize + entries.length;
    const fresh = new Map(tiles.map((x) => [`${x.level}/${x.index}`, x.data]));
    const peaks = tilesForNodes(peakNodes(size), size).filter((x) => !fresh.has(`${x.level}/${x.index}`));
    const stored = new Map((await readTiles(tx, peaks)).map((x) => [`${x.level}/${x.index}`, x.hashes]));
    const root = size === 0 ? EMPTY_ROOT : rootFromTiles(size, (l, i) => fresh.get(`${l}/${i}`) ?? stored.get(`${l}/${i}`));
    lap('tiles_read_and_hash');
    const note = signCheckpoint({ origin: signer.name, size, root, extensions: [] }, signer);
    lap('sign_checkpoint');
    // writeIntegration, statement by statement.
    if (entries.length > 0) {
      await tx.query(
        `INSERT INTO log_entries (idx, record_id, entry, integrated_at)
         SELECT $1::bigint + t.ord - 1, t.record_id, convert_to(t.entry, 'UTF8'), $4
         FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS t(record_id, entry, ord)`,
        [String(oldSize), entries.map((e) => e.record_id), entries.map((e) => Buffer.from(e.entry).toString('latin1')), at],
      );
    }
    lap('write_entries_sql');
    if (tiles.length > 0) {
      await tx.query(
        `INSERT INTO log_tiles (level, idx, hashes)
         SELECT t.level, t.idx, decode(t.hashes, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS t(level, idx, hashes)
         ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes`,
        [tiles.map((x) => x.level), tiles.map((x) => String(x.index)), tiles.map((x) => hex(x.data))],
      );
    }
    lap('write_tiles_sql');
    await tx.query(`INSERT INTO log_checkpoints (size, root, note, created_at) VALUES ($1::bigint, decode($2, 'hex'), $3, $4)`, [String(size), hex(root), note, at]);
    lap('write_checkpoint_sql');
    return entries.length;
  });
  lap('commit');
  return n;
}
