/**
 * A bench-only prototype of a cheaper recordProof, to back the suggestions in the results with a
 * number from the same run (its output is compared byte for byte with recordProof's).
 *
 * recordProof's time at 10M entries goes mostly to node: every proof node inside a tile is
 * recomputed by nodeHashFromTile (splitTile of the whole tile, then rootOf → TreeBuilder, one
 * createHash per node hash, a copy per step), ~250 hashes per tile and 3 tiles per proof. Here:
 * - each tile read is hashed up once into its pyramid (all its interior nodes), pairwise, with
 *   one-shot crypto.hash over a reused buffer;
 * - pyramids of full tiles above level 0 are kept (they never change; a 10M log has ~150 of
 *   them, ~16 KB each), so a proof computes only its level-0 tile;
 * - the same three queries as recordProof (the level-≥1 tiles are skipped when cached).
 */
import { hash } from 'node:crypto';
import { buildProof, inclusionPlan, type HashReader } from '../../src/core/tlog/merkle.ts';
import { nodeTileLocation, tilesForNodes, TILE_HEIGHT, TILE_WIDTH } from '../../src/core/tlog/tile.ts';
import { formatTlogProof } from '../../src/core/tlog/tlog-proof.ts';
import type { Db } from '../../src/db/db.ts';
import { findLogEntryOfRecord, latestCheckpoint, readTiles } from '../../src/repositories/log.repository.ts';

const scratch = Buffer.alloc(65);
scratch[0] = 0x01;

/** Row h holds the hashes of tree level 8·L + h under the tile (complete pairs only, so partial tiles work too). */
function pyramid(tile: Uint8Array): Uint8Array[][] {
  const rows: Uint8Array[][] = [[]];
  for (let i = 0; i < tile.length; i += 32) rows[0]!.push(tile.subarray(i, i + 32));
  for (let row = rows[0]!; row.length > 1; ) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) {
      scratch.set(row[i]!, 1);
      scratch.set(row[i + 1]!, 33);
      next.push(hash('sha256', scratch, 'buffer') as unknown as Uint8Array);
    }
    rows.push(next);
    row = next;
  }
  return rows;
}

export class FastProver {
  readonly #upper = new Map<string, Uint8Array[][]>();
  constructor(private db: Db) {}

  async proof(recordId: string): Promise<{ index: number; entry: Uint8Array; proof: string }> {
    const found = await findLogEntryOfRecord(this.db, recordId);
    if (!found) throw new Error('not logged');
    const cp = (await latestCheckpoint(this.db))!;
    const plan = inclusionPlan(found.index, cp.size);
    const ids = tilesForNodes(plan.flat(), cp.size);
    const pyramids = new Map<string, Uint8Array[][]>();
    const missing = ids.filter((t) => {
      const k = `${t.level}/${t.index}`;
      const cached = t.level >= 1 && t.width === TILE_WIDTH ? this.#upper.get(k) : undefined;
      if (cached) pyramids.set(k, cached);
      return !cached;
    });
    for (const r of await readTiles(this.db, missing)) {
      const k = `${r.level}/${r.index}`;
      const p = pyramid(r.hashes);
      pyramids.set(k, p);
      if (r.level >= 1 && r.hashes.length === TILE_WIDTH * 32) this.#upper.set(k, p);
    }
    const read: HashReader = (level, index) => {
      const loc = nodeTileLocation(level, index);
      const h = level - loc.tileLevel * TILE_HEIGHT;
      return pyramids.get(`${loc.tileLevel}/${loc.tileIndex}`)![h]![loc.start >> h]!;
    };
    return { ...found, proof: formatTlogProof({ index: found.index, proof: buildProof(plan, read), checkpoint: cp.note }) };
  }
}
