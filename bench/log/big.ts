/**
 * A log of N entries (10M by default) in PostgreSQL, built synthetically but faithfully, for the
 * inclusion-proof latency: integrating 10M records through integrateLog would take far longer
 * than the benchmark may run.
 *
 * - Entries: the exact compact entry format (checked against encodeLogEntry for a sample), for
 *   uuidv7 record ids made from the index; the entry's `sha256` is a stand-in digest (the hex of
 *   the previous leaf hash: there is no record body behind a synthetic entry).
 * - Tiles: computed by the core's own integrateTiles / leafHash, fed chunk by chunk exactly as
 *   the integrator feeds it batch by batch, and the final root by rootFromTiles; independently,
 *   the core's TreeBuilder (compact range) is fed every leaf hash and must give the same root.
 * - Checkpoints: a signed checkpoint (signCheckpoint) every `checkpointEvery` entries, with the
 *   TreeBuilder's root at that size, as a log that grew batch by batch has (one per integration).
 * - Loading: COPY into log_entries and log_tiles. log_entries' primary key and UNIQUE (record_id)
 *   are dropped during the load and rebuilt after it (same definitions); its foreign key to
 *   public_records is dropped for good in this bench schema (10M public_records rows, with their
 *   GIN index, would dominate the run) — recordProof never reads public_records.
 * - Then the real integrateLog appends real records on top, reading the synthetic right-edge
 *   tiles, so the checkpoint every proof is served against is one the production code signed.
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { signCheckpoint } from '../../src/core/tlog/checkpoint.ts';
import { integrateTiles, type TileWrite } from '../../src/core/tlog/integrate.ts';
import { encodeLogEntry } from '../../src/core/tlog/log-entry.ts';
import { leafHash, TreeBuilder } from '../../src/core/tlog/merkle.ts';
import type { NoteSigner } from '../../src/core/tlog/note.ts';
import { rootFromTiles } from '../../src/core/tlog/tile.ts';
import type { Db } from '../../src/db/db.ts';

const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');
const PER_MS = 16;
const CHUNK = 65_536; // leaves per integrateTiles call: a multiple of 256, like a large batch
const INTEGRATED_AT = '2026-06-01 00:00:00+00';

function mix32(x: number): number {
  let h = Math.imul(x ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The uuidv7 record id of synthetic entry i (time-ordered, unique, deterministic). */
export function synthId(i: number): string {
  const ms = (BASE_MS + Math.floor(i / PER_MS)).toString(16).padStart(12, '0');
  const a = (i & 0xfff).toString(16).padStart(3, '0');
  const h1 = mix32(i);
  const h2 = mix32(i + 0x5bd1e995);
  const b1 = (((h1 >>> 16) & 0x3fff) | 0x8000).toString(16).padStart(4, '0');
  const b2 = (h1 & 0xffff).toString(16).padStart(4, '0') + h2.toString(16).padStart(8, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${a}-${b1}-${b2}`;
}

const synthType = (i: number) => (i % 2 === 0 ? 'statement_of_reasons' : 'authority_request');
const synthTime = (i: number) => new Date(BASE_MS + Math.floor(i / PER_MS)).toISOString();
const entryText = (i: number, sha: string) => `{"id":"${synthId(i)}","sha256":"${sha}","time":"${synthTime(i)}","type":"${synthType(i)}"}`;

async function write(stream: NodeJS.WritableStream, data: string): Promise<void> {
  if (!stream.write(data)) await new Promise<void>((r) => stream.once('drain', () => r()));
}
async function end(stream: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.once('finish', () => resolve());
    stream.end();
  });
}

export interface BigLoad {
  entries: number;
  tiles: number;
  checkpoints: number;
  generate_and_copy_s: number;
  index_build_s: number;
  analyze_s: number;
  table_mb: number;
  indexes_mb: number;
  tiles_mb: number;
  root_b64: string;
}

/**
 * Loads N synthetic entries into the (migrated, empty) log of `sql`'s schema and signs its
 * checkpoint. `sql` has search_path set to that schema and at least 3 connections (three COPY streams).
 */
export async function loadBigLog(
  sql: postgres.Sql,
  db: Db,
  signer: NoteSigner,
  n: number,
  checkpointEvery: number,
  checkpointTable: string,
  log: (...a: unknown[]) => void,
): Promise<BigLoad> {
  // Faithfulness of the entry bytes: the same as the production encoder's.
  for (const i of [0, 1, 17, 4095, 4096, n - 1]) {
    const sha = createHash('sha256').update(String(i)).digest('hex');
    const mine = entryText(i, sha);
    const real = Buffer.from(encodeLogEntry({ id: synthId(i), type: synthType(i), time: synthTime(i), sha256: sha })).toString('latin1');
    if (mine !== real) throw new Error(`synthetic entry ${i} differs from encodeLogEntry:\n${mine}\n${real}`);
  }
  const cons = await db.query<{ conname: string; def: string; contype: string }>(
    `SELECT conname, pg_get_constraintdef(oid) AS def, contype FROM pg_constraint WHERE conrelid = 'log_entries'::regclass AND contype IN ('p', 'u', 'f')`,
  );
  for (const c of cons) await db.query(`ALTER TABLE log_entries DROP CONSTRAINT ${c.conname}`);
  await db.query(`ALTER TABLE log_entries SET (autovacuum_enabled = false)`);

  const t0 = performance.now();
  const entries = await sql`COPY log_entries (idx, record_id, entry, integrated_at) FROM STDIN`.writable();
  const tilesOut = await sql`COPY log_tiles (level, idx, hashes) FROM STDIN`.writable();
  const cpOut = await sql.unsafe(`COPY ${checkpointTable} (size, root, note, created_at) FROM STDIN`).writable();
  const tree = new TreeBuilder();
  let checkpoints = 0;
  const upper = new Map<string, Uint8Array>(); // level ≥ 1: written once final, at the end
  let lastLevel0: TileWrite | undefined;
  let tileCount = 0;
  let prevHex = createHash('sha256').digest('hex');
  const tileLine = (t: TileWrite) => `${t.level}\t${t.index}\t\\\\x${Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex')}\n`;
  for (let start = 0; start < n; start += CHUNK) {
    const stop = Math.min(n, start + CHUNK);
    const hashes: Uint8Array[] = new Array(stop - start);
    let lines = '';
    for (let i = start; i < stop; i++) {
      const text = entryText(i, prevHex);
      const bytes = Buffer.from(text, 'latin1');
      const h = leafHash(bytes);
      hashes[i - start] = h;
      tree.append(h);
      if ((i + 1) % checkpointEvery === 0 && i + 1 < n) {
        const cpRoot = tree.root();
        const note = signCheckpoint({ origin: signer.name, size: i + 1, root: cpRoot, extensions: [] }, signer);
        await write(cpOut, `${i + 1}\t\\\\x${Buffer.from(cpRoot).toString('hex')}\t${note.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\t${INTEGRATED_AT}\n`);
        checkpoints++;
      }
      prevHex = Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('hex');
      lines += `${i}\t${synthId(i)}\t\\\\x${bytes.toString('hex')}\t${INTEGRATED_AT}\n`;
      if (lines.length > 1 << 20) {
        await write(entries, lines);
        lines = '';
      }
    }
    await write(entries, lines);
    const tiles = integrateTiles(start, hashes, (l, i) => (l === 0 ? (lastLevel0?.index === i ? lastLevel0.data : undefined) : upper.get(`${l}/${i}`)));
    let out = '';
    for (const t of tiles) {
      if (t.level === 0) {
        out += tileLine(t);
        tileCount++;
        lastLevel0 = t;
      } else upper.set(`${t.level}/${t.index}`, t.data);
    }
    await write(tilesOut, out);
    if ((start / CHUNK) % 16 === 15)
      log(`  ${stop.toLocaleString('en')} / ${n.toLocaleString('en')} entries generated and streamed (${((performance.now() - t0) / 1000).toFixed(0)}s)`);
  }
  let out = '';
  for (const [k, data] of upper) {
    const [level, index] = k.split('/').map(Number) as [number, number];
    out += tileLine({ level, index, data });
    tileCount++;
  }
  await write(tilesOut, out);
  await end(entries);
  await end(tilesOut);
  await end(cpOut);
  const copyS = (performance.now() - t0) / 1000;
  log(`  COPY done in ${copyS.toFixed(1)}s; rebuilding log_entries' primary key and UNIQUE (record_id)`);

  const t1 = performance.now();
  for (const c of cons.filter((c) => c.contype !== 'f')) await db.query(`ALTER TABLE log_entries ADD CONSTRAINT ${c.conname} ${c.def}`);
  const indexS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  await db.query(`ALTER TABLE log_entries SET (autovacuum_enabled = true)`);
  await db.query(`VACUUM (ANALYZE) log_entries`);
  await db.query(`ANALYZE log_tiles`);
  // Write the loaded pages out now, not during the timed proofs.
  await db.query(`CHECKPOINT`);
  const analyzeS = (performance.now() - t2) / 1000; // VACUUM ANALYZE + CHECKPOINT

  const getTile = (l: number, i: number) => (l === 0 ? (lastLevel0?.index === i ? lastLevel0.data : undefined) : upper.get(`${l}/${i}`));
  const root = rootFromTiles(n, getTile);
  if (Buffer.compare(Buffer.from(root), Buffer.from(tree.root())) !== 0) throw new Error('the root from the tiles differs from the TreeBuilder root');
  const note = signCheckpoint({ origin: signer.name, size: n, root, extensions: [] }, signer);
  await db.query(`INSERT INTO log_checkpoints (size, root, note, created_at) VALUES ($1::bigint, decode($2, 'hex'), $3, now())`, [
    String(n),
    Buffer.from(root).toString('hex'),
    note,
  ]);
  await db.query(`ANALYZE ${checkpointTable}`);
  const [sizes] = await db.query<{ t: number; i: number; tl: number }>(
    `SELECT pg_relation_size('log_entries')::float8 / 1048576 AS t, pg_indexes_size('log_entries')::float8 / 1048576 AS i, pg_total_relation_size('log_tiles')::float8 / 1048576 AS tl`,
  );
  return {
    entries: n,
    tiles: tileCount,
    checkpoints: checkpoints + 1,
    generate_and_copy_s: round(copyS),
    index_build_s: round(indexS),
    analyze_s: round(analyzeS),
    table_mb: Math.round(sizes!.t),
    indexes_mb: Math.round(sizes!.i),
    tiles_mb: Math.round(sizes!.tl),
    root_b64: Buffer.from(root).toString('base64'),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
