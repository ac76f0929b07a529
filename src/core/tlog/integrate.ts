/**
 * Growing the stored tiles of a log by a batch of new leaves: what the background integrator
 * writes. Only the right edge of the tree changes: at each tile level, the old partial tile (if
 * any) grows and new tiles follow; a tile that becomes full sends its subtree root one level up.
 */
import { assertCount } from './encoding.ts';
import { joinTile, partialWidth, splitTile, tileParentHash, TILE_WIDTH } from './tile.ts';
import { malformed } from './tlog-error.ts';

/** A tile to store: `data` is 1–256 hashes; it replaces any narrower copy of the same tile. */
export interface TileWrite {
  level: number;
  index: number;
  data: Uint8Array;
}

/**
 * The tiles that change when `newLeafHashes` are appended to a tree of `oldSize`. `edgeTile`
 * returns the stored partial tile (level, index) of the old tree; it is asked only for the
 * partial tiles that grow, each exactly `partialWidth(level, oldSize)` hashes wide.
 */
export function integrateTiles(oldSize: number, newLeafHashes: readonly Uint8Array[], edgeTile: (level: number, index: number) => Uint8Array | undefined): TileWrite[] {
  assertCount(oldSize, 'oldSize');
  const out: TileWrite[] = [];
  let incoming: readonly Uint8Array[] = newLeafHashes;
  for (let level = 0; incoming.length > 0; level++) {
    const before = Math.floor(oldSize / TILE_WIDTH ** level);
    let index = Math.floor(before / TILE_WIDTH);
    const width = partialWidth(level, oldSize);
    let current: Uint8Array[] = [];
    if (width > 0) {
      const stored = edgeTile(level, index);
      if (!stored) throw malformed(`the partial tile ${level}/${index} of a tree of size ${oldSize} is missing`, 'tile');
      current = splitTile(stored, width);
    }
    const parents: Uint8Array[] = [];
    for (const h of incoming) {
      current.push(h);
      if (current.length === TILE_WIDTH) {
        const data = joinTile(current);
        out.push({ level, index, data });
        parents.push(tileParentHash(data));
        index++;
        current = [];
      }
    }
    if (current.length > 0) out.push({ level, index, data: joinTile(current) });
    incoming = parents;
  }
  return out;
}
