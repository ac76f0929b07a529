/**
 * Tile arithmetic for c2sp.org/tlog-tiles: the paths, which tiles a tree of a given size has,
 * where a Merkle node's hash lives, and how to read node hashes and roots back out of tiles.
 *
 * A tile at level L holds up to 256 consecutive hashes of Merkle nodes at tree level 8·L; it is
 * the bottom row of a perfect subtree of height 8. A node at a tree level in between (8·L + h,
 * 0 < h < 8) is not stored: it is the root of 2^h adjacent hashes of one level-L tile.
 */
import { assertCount } from './encoding.ts';
import { type HashReader, HASH_SIZE, type NodeId, assertHash, buildProof, peakNodes, rootOf } from './merkle.ts';
import { malformed } from './tlog-error.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
export const MAX_TILE_LEVEL = 63;

/** A tile at the width it has in some tree; width 256 is a full tile, 1–255 a partial one. */
export interface TileId {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

// ---------------------------------------------------------------------------------------------
// Paths.

/** `1234067` → `x001/x234/067`, `5` → `005`. */
export function formatTileIndex(index: number): string {
  assertCount(index, 'index');
  let n = index;
  let out = String(n % 1000).padStart(3, '0');
  n = Math.floor(n / 1000);
  while (n > 0) {
    out = `x${String(n % 1000).padStart(3, '0')}/${out}`;
    n = Math.floor(n / 1000);
  }
  return out;
}

/**
 * Inverse of formatTileIndex. Only the canonical spelling is accepted (no `x000` leading group,
 * no `x` on the last group, exactly three digits per group), so that one tile has one path and
 * a cache or a bucket cannot be filled with aliases.
 */
export function parseTileIndex(text: string): number {
  const groups = text.split('/');
  let n = 0;
  groups.forEach((g, i) => {
    const last = i === groups.length - 1;
    if (!(last ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(g)) throw malformed(`bad tile index group "${g}"`, 'index');
    n = n * 1000 + Number(last ? g : g.slice(1));
  });
  if (!Number.isSafeInteger(n)) throw malformed('tile index is larger than 2^53 - 1', 'index');
  if (formatTileIndex(n) !== text) throw malformed(`non-canonical tile index "${text}"`, 'index');
  return n;
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) throw malformed(`tile level must be 0–${MAX_TILE_LEVEL}, got ${level}`, 'level');
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw malformed(`tile width must be 1–${TILE_WIDTH}, got ${width}`, 'width');
}

function widthSuffix(width: number): string {
  checkWidth(width);
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]`, relative to the log's prefix. */
export function tilePath(level: number, index: number, width: number = TILE_WIDTH): string {
  checkLevel(level);
  return `tile/${level}/${formatTileIndex(index)}${widthSuffix(width)}`;
}

/** `tile/entries/<N>[.p/<W>]`, relative to the log's prefix. */
export function entriesPath(index: number, width: number = TILE_WIDTH): string {
  return `tile/entries/${formatTileIndex(index)}${widthSuffix(width)}`;
}

export type ParsedTilePath = ({ kind: 'tile'; level: number } | { kind: 'entries' }) & { index: number; width: number };

const TILE_PATH_RE = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Parses a path relative to the log's prefix, e.g. `tile/1/x001/234.p/17` or `tile/entries/000`. */
export function parseTilePath(path: string): ParsedTilePath {
  const m = TILE_PATH_RE.exec(path);
  if (!m) throw malformed(`not a tile path: "${path}"`, 'path');
  const index = parseTileIndex(m[2]!);
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  // `.p/256` would alias the full tile.
  if (m[3] !== undefined && width >= TILE_WIDTH) throw malformed(`partial tile width must be 1–255, got ${width}`, 'path');
  if (m[1] === 'entries') return { kind: 'entries', index, width };
  const level = Number(m[1]);
  checkLevel(level);
  return { kind: 'tile', level, index, width };
}

// ---------------------------------------------------------------------------------------------
// Which tiles a tree has.

/** Number of hashes at tile level `level` in a tree of `size`: floor(size / 256^level). */
function hashesAtLevel(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** Width of the partial tile at `level` for a tree of `size` (0 when there is none). */
export function partialWidth(level: number, size: number): number {
  checkLevel(level);
  assertCount(size, 'size');
  return hashesAtLevel(level, size) % TILE_WIDTH;
}

/** Width of tile (level, index) in a tree of `size`: 256 if full, 0 if it does not exist yet. */
export function tileWidthAt(level: number, index: number, size: number): number {
  checkLevel(level);
  assertCount(index, 'index');
  assertCount(size, 'size');
  return Math.max(0, Math.min(TILE_WIDTH, hashesAtLevel(level, size) - index * TILE_WIDTH));
}

export interface TileLevelSummary {
  level: number;
  fullTiles: number;
  /** 0 when the level has no partial tile. */
  partialWidth: number;
}

/** Per level, how many full tiles and what partial tile a tree of `size` has. */
export function tileLevels(size: number): TileLevelSummary[] {
  assertCount(size, 'size');
  const out: TileLevelSummary[] = [];
  for (let level = 0; hashesAtLevel(level, size) > 0; level++) {
    const n = hashesAtLevel(level, size);
    out.push({ level, fullTiles: Math.floor(n / TILE_WIDTH), partialWidth: n % TILE_WIDTH });
  }
  return out;
}

/**
 * The tiles that a tree of `newSize` has and a tree of `oldSize` does not have at that width:
 * what the integrator must write when it grows the tree from oldSize to newSize. Level-0 tiles
 * here correspond one to one to the entry bundles to write. tilesBetween(0, n) lists every tile
 * of the tree (size/256 of them and more, so mind very large trees).
 */
export function tilesBetween(oldSize: number, newSize: number): TileId[] {
  assertCount(oldSize, 'oldSize');
  assertCount(newSize, 'newSize');
  if (oldSize > newSize) throw malformed(`oldSize ${oldSize} is larger than newSize ${newSize}`, 'oldSize');
  const out: TileId[] = [];
  for (let level = 0; level <= MAX_TILE_LEVEL; level++) {
    const before = hashesAtLevel(level, oldSize);
    const after = hashesAtLevel(level, newSize);
    if (after === before) break; // nothing changed here, so nothing above either
    for (let index = Math.floor(before / TILE_WIDTH); index * TILE_WIDTH < after; index++) {
      out.push({ level, index, width: Math.min(TILE_WIDTH, after - index * TILE_WIDTH) });
    }
  }
  return out;
}

export function tilesForSize(size: number): TileId[] {
  return tilesBetween(0, size);
}

// ---------------------------------------------------------------------------------------------
// Where node hashes live.

export interface NodeTileLocation {
  tileLevel: number;
  tileIndex: number;
  /** The node's hash is the root of the tile's hashes [start, end) (one hash if the node's level is a multiple of 8). */
  start: number;
  end: number;
}

export function nodeTileLocation(level: number, index: number): NodeTileLocation {
  assertCount(level, 'level');
  assertCount(index, 'index');
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  checkLevel(tileLevel);
  const span = 2 ** (level - tileLevel * TILE_HEIGHT);
  const first = index * span; // position among the hashes of tree level 8·tileLevel
  if (!Number.isSafeInteger(first)) throw malformed('node index out of range', 'index');
  const start = first % TILE_WIDTH;
  return { tileLevel, tileIndex: Math.floor(first / TILE_WIDTH), start, end: start + span };
}

/** The tiles, at their width in a tree of `size`, needed to read these nodes (each once, in order of first need). */
export function tilesForNodes(nodes: readonly NodeId[], size: number): TileId[] {
  const seen = new Map<string, TileId>();
  for (const node of nodes) {
    const loc = nodeTileLocation(node.level, node.index);
    const width = tileWidthAt(loc.tileLevel, loc.tileIndex, size);
    if (width < loc.end) throw malformed(`node ${node.level}/${node.index} is not a perfect subtree of a tree of size ${size}`, 'nodes');
    const key = `${loc.tileLevel}/${loc.tileIndex}`;
    if (!seen.has(key)) seen.set(key, { level: loc.tileLevel, index: loc.tileIndex, width });
  }
  return [...seen.values()];
}

/** The hash of node (level, index), given the bytes of the tile that holds it (any width that covers it). */
export function nodeHashFromTile(level: number, index: number, tile: Uint8Array): Uint8Array {
  const loc = nodeTileLocation(level, index);
  const hashes = splitTile(tile);
  if (hashes.length < loc.end) {
    throw malformed(`tile ${loc.tileLevel}/${loc.tileIndex} has ${hashes.length} hashes, node ${level}/${index} needs ${loc.end}`, 'tile');
  }
  return rootOf(hashes.slice(loc.start, loc.end));
}

/**
 * A HashReader over tiles the caller already has (fetched, say, for `tilesForNodes`). `getTile`
 * returns the bytes of tile (level, index) at whatever width the caller holds, or undefined.
 */
export function tileHashReader(getTile: (level: number, index: number) => Uint8Array | undefined): HashReader {
  return (level, index) => {
    const loc = nodeTileLocation(level, index);
    const tile = getTile(loc.tileLevel, loc.tileIndex);
    if (tile === undefined) throw malformed(`tile ${loc.tileLevel}/${loc.tileIndex} is needed for node ${level}/${index} but was not provided`, 'tile');
    return nodeHashFromTile(level, index, tile);
  };
}

/**
 * The root of a tree of `size` recomputed from its tiles: the right fold of its peaks, each read
 * from the tile that holds it. A client verifying a checkpoint compares this with its root; the
 * tiles it needs are `tilesForNodes(peakNodes(size), size)`.
 */
export function rootFromTiles(size: number, getTile: (level: number, index: number) => Uint8Array | undefined): Uint8Array {
  // One proof step made of all the peaks is exactly their right fold (the empty root for size 0).
  return buildProof([peakNodes(size)], tileHashReader(getTile))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Tile contents.

/** The hashes of a tile, as views into its bytes (no copy). 1 to 256 hashes. */
export function splitTile(bytes: Uint8Array, expectedWidth?: number): Uint8Array[] {
  if (bytes.length === 0 || bytes.length % HASH_SIZE !== 0 || bytes.length > TILE_WIDTH * HASH_SIZE) {
    throw malformed(`tile must be 1–${TILE_WIDTH} hashes of ${HASH_SIZE} bytes, got ${bytes.length} bytes`, 'tile');
  }
  const width = bytes.length / HASH_SIZE;
  if (expectedWidth !== undefined && width !== expectedWidth) throw malformed(`tile has ${width} hashes, expected ${expectedWidth}`, 'tile');
  const out: Uint8Array[] = [];
  for (let i = 0; i < width; i++) out.push(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return out;
}

export function joinTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0 || hashes.length > TILE_WIDTH) throw malformed(`tile must hold 1–${TILE_WIDTH} hashes, got ${hashes.length}`, 'hashes');
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    assertHash(h, `hashes[${i}]`);
    out.set(h, i * HASH_SIZE);
  });
  return out;
}

/**
 * The hash that a full tile contributes to the tile above it: the root of the height-8 subtree
 * whose bottom row the tile is. Partial tiles are never hashed upward.
 */
export function tileParentHash(fullTile: Uint8Array): Uint8Array {
  return rootOf(splitTile(fullTile, TILE_WIDTH));
}

/**
 * Contents of a level-(L+1) tile from the consecutive full level-L tiles under it, in order
 * (256 of them for a full tile, fewer for a partial one).
 */
export function parentTile(fullChildTiles: readonly Uint8Array[]): Uint8Array {
  return joinTile(fullChildTiles.map(tileParentHash));
}
