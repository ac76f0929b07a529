/**
 * Tile pyramids: a tile's hashes and every Merkle node above them inside the tile, hashed once.
 *
 * A proof needs nodes at tree levels between two tile levels, which no tile stores; tile.ts's
 * nodeHashFromTile rehashes each of them from the tile's bottom row, node by node. A pyramid hashes
 * the bottom row up once, pairwise, into one contiguous Uint8Array: row h (0 ≤ h < 8) holds the
 * floor(width / 2^h) complete nodes of tree level 8·L + h under tile L/N, so a partial tile's
 * pyramid holds exactly the perfect nodes it covers. Row 8, the tile's root, is not kept: it is a
 * hash of the tile above.
 *
 * This is on the proof server's hot path, where garbage is what makes the latency tail (GC
 * pauses), so: no object per node, a 65-byte hash input reused for every node, and crypto.hash's
 * one-shot digest taken as a "binary" (latin1) string. A short heap string costs about half of a
 * Buffer result, which allocates an ArrayBuffer with an off-heap backing store per hash.
 */
import { hash } from 'node:crypto';
import { assertCount } from './encoding.ts';
import { HASH_SIZE, type HashReader } from './merkle.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tile.ts';
import { malformed } from './tlog-error.ts';

/** OFFSETS[width · (TILE_HEIGHT + 1) + h]: byte offset of row h in the pyramid of a tile of `width` hashes; h = TILE_HEIGHT is the total size. */
const OFFSETS = new Int32Array((TILE_WIDTH + 1) * (TILE_HEIGHT + 1));
for (let width = 1; width <= TILE_WIDTH; width++) {
  for (let h = 1; h <= TILE_HEIGHT; h++) {
    OFFSETS[width * (TILE_HEIGHT + 1) + h] = OFFSETS[width * (TILE_HEIGHT + 1) + h - 1]! + (width >> (h - 1)) * HASH_SIZE;
  }
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw malformed(`tile width must be 1–${TILE_WIDTH}, got ${width}`, 'width');
}

/** Bytes of the pyramid of a tile of `width` hashes. */
export function pyramidBytes(width: number): number {
  checkWidth(width);
  return OFFSETS[width * (TILE_HEIGHT + 1) + TILE_HEIGHT]!;
}

/** The largest pyramid (a full tile's): 510 hashes. */
export const MAX_PYRAMID_BYTES = pyramidBytes(TILE_WIDTH);

/** 0x01 ‖ left ‖ right, RFC 6962's interior node input; only ever used synchronously. */
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE);
NODE_INPUT[0] = 0x01;

function tileWidth(tile: Uint8Array): number {
  if (tile.length === 0 || tile.length % HASH_SIZE !== 0 || tile.length > TILE_WIDTH * HASH_SIZE) {
    throw malformed(`tile must be 1–${TILE_WIDTH} hashes of ${HASH_SIZE} bytes, got ${tile.length} bytes`, 'tile');
  }
  return tile.length / HASH_SIZE;
}

/**
 * Hashes rows 1–7 of a pyramid whose row 0, the tile's `width` hashes, is already at the start of
 * `out` (at least pyramidBytes(width) bytes): a caller that decodes a tile straight into its
 * buffer saves a copy and an allocation.
 */
export function hashPyramid(out: Uint8Array, width: number): void {
  const total = pyramidBytes(width);
  if (out.length < total) throw malformed(`a pyramid of ${width} hashes needs ${total} bytes, got ${out.length}`, 'out');
  const row = width * (TILE_HEIGHT + 1);
  for (let h = 1; h < TILE_HEIGHT; h++) {
    let src = OFFSETS[row + h - 1]!;
    let dst = OFFSETS[row + h]!;
    for (let n = width >> h; n > 0; n--, src += 2 * HASH_SIZE, dst += HASH_SIZE) {
      for (let k = 0; k < 2 * HASH_SIZE; k++) NODE_INPUT[1 + k] = out[src + k]!;
      const digest = hash('sha256', NODE_INPUT, 'binary');
      for (let k = 0; k < HASH_SIZE; k++) out[dst + k] = digest.charCodeAt(k);
    }
  }
}

/** Writes the pyramid of `tile` (1–256 hashes) into `out` (at least pyramidBytes(width) bytes); returns the tile's width. */
export function fillPyramid(tile: Uint8Array, out: Uint8Array): number {
  const width = tileWidth(tile);
  if (out.length < pyramidBytes(width)) throw malformed(`a pyramid of ${width} hashes needs ${pyramidBytes(width)} bytes, got ${out.length}`, 'out');
  out.set(tile, 0);
  hashPyramid(out, width);
  return width;
}

/** The pyramid of tile (level, index) at the width it was given. */
export class TilePyramid {
  readonly level: number;
  readonly index: number;
  readonly width: number;
  /** Rows 0–7, bottom first; see pyramidBytes. */
  readonly bytes: Uint8Array;

  private constructor(level: number, index: number, width: number, bytes: Uint8Array) {
    assertCount(level, 'level');
    assertCount(index, 'index');
    this.level = level;
    this.index = index;
    this.width = width;
    this.bytes = bytes;
  }

  /**
   * Hashes `tile` up. `into` (at least pyramidBytes(width) bytes) lets a caller reuse one buffer
   * for pyramids it drops before building the next; without it the pyramid gets its own.
   */
  static build(level: number, index: number, tile: Uint8Array, into?: Uint8Array): TilePyramid {
    const bytes = into ?? new Uint8Array(pyramidBytes(tileWidth(tile)));
    return new TilePyramid(level, index, fillPyramid(tile, bytes), bytes);
  }

  /** Hashes up a tile whose `width` hashes are already at the start of `bytes` (see hashPyramid). */
  static buildInPlace(level: number, index: number, width: number, bytes: Uint8Array): TilePyramid {
    hashPyramid(bytes, width);
    return new TilePyramid(level, index, width, bytes);
  }

  /** The hash of tree node (level, index), a view into the pyramid; undefined unless this tile at its width covers it. */
  node(level: number, index: number): Uint8Array | undefined {
    const h = level - this.level * TILE_HEIGHT;
    if (h < 0 || h >= TILE_HEIGHT) return undefined;
    const perTile = TILE_WIDTH >> h; // nodes of tree level `level` under one full tile
    if (Math.floor(index / perTile) !== this.index) return undefined;
    const at = index % perTile;
    if (at >= this.width >> h) return undefined;
    const offset = OFFSETS[this.width * (TILE_HEIGHT + 1) + h]! + at * HASH_SIZE;
    return this.bytes.subarray(offset, offset + HASH_SIZE);
  }
}

/**
 * A HashReader over pyramids: `find` returns the pyramid of tile (tileLevel, tileIndex), if the
 * caller has it. The hashes it returns are views into the pyramids, valid as long as they are.
 */
export function pyramidHashReader(find: (tileLevel: number, tileIndex: number) => TilePyramid | undefined): HashReader {
  return (level, index) => {
    assertCount(level, 'level');
    assertCount(index, 'index');
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const perTile = TILE_WIDTH >> (level - tileLevel * TILE_HEIGHT);
    const tileIndex = Math.floor(index / perTile);
    const node = find(tileLevel, tileIndex)?.node(level, index);
    if (node === undefined) throw malformed(`no pyramid of tile ${tileLevel}/${tileIndex} covers node ${level}/${index}`, 'tile');
    return node;
  };
}
